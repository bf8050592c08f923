/** {@code shadow collect}, and reading a fleet's records from a Kafka topic for {@code report}, {@code gate}, {@code regress}. */
package dev.shadowpipeline.cli.fleet;
