/**
 * The collector behind {@code shadow collect}: it consumes a fleet's records from a topic and keeps, in one folder, the
 * fleet's {@code records.jsonl} (its durable log: offsets are committed only once what they cover is written and
 * fsynced there), one regression suite and one summary and report, and the per-minute windows in the history
 * database. After a crash it truncates the log to its last checkpoint, rebuilds the rest from it and resumes from the
 * checkpoint's offsets, so nothing is lost or counted twice.
 */
package dev.shadowpipeline.fleet.collect;
