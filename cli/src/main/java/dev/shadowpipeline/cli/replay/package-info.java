/** {@code shadow replay} and {@code shadow regress}: offline shadow tests from logged inputs and captured suites. */
package dev.shadowpipeline.cli.replay;
