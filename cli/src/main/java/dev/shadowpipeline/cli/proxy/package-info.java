/** The {@code shadow proxy} command: options and config keys turned into a running shadow proxy. */
package dev.shadowpipeline.cli.proxy;
