/**
 * The {@code shadow} command line: the entry point, exit codes and the wiring of every command. Engines live in
 * their own modules; this module only turns arguments and config files into their configuration.
 */
package dev.shadowpipeline.cli;
