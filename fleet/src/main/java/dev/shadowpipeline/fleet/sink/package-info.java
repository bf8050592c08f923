/**
 * The Kafka record sink of {@code proxy} and {@code replay}: each record's line of {@code records.jsonl}, sent from a
 * thread of its own through a buffer bounded in bytes, so that neither the caller nor the record worker ever waits
 * for a broker; what cannot be delivered is dropped and counted by reason.
 */
package dev.shadowpipeline.fleet.sink;
