/**
 * Many proxies, one truth: records through a Kafka topic. {@code fleet.kafka} reaches the brokers (addresses,
 * security, topics), {@code fleet.sink} sends a proxy's or a replay's records without ever making them wait,
 * {@code fleet.read} reads a topic's records back once, and {@code fleet.collect} consumes them continuously into one
 * regression suite, one summary and report, and the history windows.
 */
package dev.shadowpipeline.fleet;
