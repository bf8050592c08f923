/**
 * {@code shadow simulate} (synthetic reference/current data with controlled drift) and {@code shadow drift} (compare
 * two datasets column by column, write the report and the JSON outputs, exit 1 on drift with
 * {@code --fail-on-drift}).
 */
package dev.shadowpipeline.cli.drift;
