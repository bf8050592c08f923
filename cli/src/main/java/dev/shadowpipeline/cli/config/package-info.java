/**
 * Configuration from YAML files and option values: loading with {@code ${ENV}} interpolation, checking every key
 * against the options a command really has, feeding values to picocli as defaults (so flags override the file), and
 * converting durations and sizes written the way people write them ({@code 5s}, {@code 10MiB}).
 */
package dev.shadowpipeline.cli.config;
