package dev.shadowpipeline.store.writer;

/**
 * What a {@link WindowWriter} has done since it started.
 *
 * @param offered windows offered
 * @param written windows written to the sink
 * @param dropped windows given up: evicted from a full buffer, offered after close, or left when close timed out
 * @param buffered windows waiting now (including a batch being written)
 * @param failedAttempts writes that failed and were retried
 * @param sinkAvailable false while the last write attempt failed
 */
public record WriterStats(
    long offered,
    long written,
    long dropped,
    int buffered,
    long failedAttempts,
    boolean sinkAvailable) {}
