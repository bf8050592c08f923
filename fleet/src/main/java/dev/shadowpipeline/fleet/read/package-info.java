/**
 * Reading records back from a topic: telling a record from a message that is not one (another producer's, truncated
 * JSON, a newer record version) and naming the latter by topic, partition and offset; skipping duplicates by record
 * id; and the one-off read of a topic (from the beginning or a time range, up to the end offsets taken at the start)
 * behind {@code report}, {@code gate} and {@code regress --records kafka://…}.
 */
package dev.shadowpipeline.fleet.read;
