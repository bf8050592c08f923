/**
 * Configuration files and values: one YAML reader for {@code shadow.yaml} and {@code monitor.yaml}
 * ({@link dev.shadowpipeline.app.config.ConfigFile} loads and interpolates {@code ${ENV}},
 * {@link dev.shadowpipeline.app.config.ConfigTree} reads typed values with allowed-key checks), one error format
 * ({@code file: key: message}, a {@link dev.shadowpipeline.app.config.ConfigException}), the check of a file an option
 * names ({@link dev.shadowpipeline.app.config.InputFiles}), and the durations and sizes people write ({@code 5s},
 * {@code 10MiB}) and messages print ({@code 1000 bytes}, {@code 1.5 KiB}). Config keys are kebab-case, the same
 * words as the flags; the snake_case spellings some sections had are still read, with a deprecation warning.
 */
package dev.shadowpipeline.app.config;
