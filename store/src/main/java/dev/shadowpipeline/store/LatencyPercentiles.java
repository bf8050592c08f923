package dev.shadowpipeline.store;

/**
 * Latency percentiles of one window, in milliseconds; NaN when nothing was measured. For a delta (shadow minus
 * primary) values may be negative.
 *
 * @param p50Millis median
 * @param p95Millis 95th percentile
 * @param p99Millis 99th percentile
 */
public record LatencyPercentiles(double p50Millis, double p95Millis, double p99Millis) {

  /** No measurements. */
  public static final LatencyPercentiles NONE =
      new LatencyPercentiles(Double.NaN, Double.NaN, Double.NaN);

  public LatencyPercentiles {
    if (Double.isInfinite(p50Millis)
        || Double.isInfinite(p95Millis)
        || Double.isInfinite(p99Millis)) {
      throw new IllegalArgumentException(
          "percentiles must be finite or NaN: " + p50Millis + ", " + p95Millis + ", " + p99Millis);
    }
  }
}
