package dev.shadowpipeline.shadow.metrics;

/**
 * Percentiles of a latency distribution, in milliseconds.
 *
 * @param count number of values recorded
 * @param p50Millis median
 * @param p90Millis 90th percentile
 * @param p95Millis 95th percentile
 * @param p99Millis 99th percentile
 * @param maxMillis largest value
 * @param meanMillis arithmetic mean
 */
public record LatencySummary(
    long count,
    double p50Millis,
    double p90Millis,
    double p95Millis,
    double p99Millis,
    double maxMillis,
    double meanMillis) {

  /** The summary of no values. */
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

  public LatencySummary {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
  }
}
