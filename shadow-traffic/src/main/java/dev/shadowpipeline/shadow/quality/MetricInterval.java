package dev.shadowpipeline.shadow.quality;

import java.util.Locale;

/**
 * One model's metric with a two-sided 1 − α confidence interval, for showing both models side by side.
 *
 * @param metric the metric
 * @param value its value on all inputs (NaN when undefined there)
 * @param lower the interval's lower end (NaN when it could not be computed)
 * @param upper the interval's upper end (NaN when it could not be computed)
 * @param method how the interval was made
 * @param usedReplicates for a bootstrap interval, the replicates on which the metric was defined; 0 for Wilson
 */
public record MetricInterval(
    Metric metric, double value, double lower, double upper, Method method, int usedReplicates) {

  /** How an interval was made. */
  public enum Method {
    /** The Wilson score interval of a proportion (accuracy, precision, recall). */
    WILSON,
    /** The percentile interval of the metric over the bootstrap replicates. */
    BOOTSTRAP;

    /** The name used in JSON: {@code wilson} or {@code bootstrap}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks the count. */
  public MetricInterval {
    if (usedReplicates < 0) {
      throw new IllegalArgumentException("used replicates must be >= 0: " + usedReplicates);
    }
  }

  /** A Wilson interval as a metric interval. */
  static MetricInterval wilson(Metric metric, double value, WilsonInterval interval) {
    // with no trials (precision when nothing is predicted positive) the metric is undefined, and so
    // is its interval
    if (interval.trials() == 0) {
      return new MetricInterval(metric, value, Double.NaN, Double.NaN, Method.WILSON, 0);
    }
    return new MetricInterval(metric, value, interval.lower(), interval.upper(), Method.WILSON, 0);
  }
}
