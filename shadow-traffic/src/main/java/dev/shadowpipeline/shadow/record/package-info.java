/**
 * The road from a finished exchange to disk: a bounded queue that never blocks the proxy, one worker thread that
 * decodes, compares and redacts, and the sinks that keep the result ({@code records.jsonl} first).
 */
package dev.shadowpipeline.shadow.record;
