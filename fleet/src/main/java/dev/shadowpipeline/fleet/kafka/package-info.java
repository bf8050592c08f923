/**
 * Reaching the brokers: a topic's address ({@code kafka://HOST:PORT[,HOST:PORT]/TOPIC}), the connection and security
 * settings of the config's {@code kafka:} section (secrets from the environment, never printed), the clients built
 * from them, and the topic check that creates a missing topic when allowed.
 */
package dev.shadowpipeline.fleet.kafka;
