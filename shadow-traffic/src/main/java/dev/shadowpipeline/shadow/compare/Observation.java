package dev.shadowpipeline.shadow.compare;

import java.util.Objects;

/**
 * A measurement a comparator made on one pair, whether or not the pair diverged: the raw material of the report's
 * aggregates (score-delta distribution, confusion matrix, ranking overlap, text similarity).
 *
 * @param comparator which comparator measured, e.g. {@code label}
 * @param path the JSON Pointer of the compared output ({@code ""} for the whole answer)
 * @param metric what was measured, e.g. {@code agreement}, {@code delta}, {@code rbo}, {@code rouge_l}
 * @param value the measurement ({@code NaN} when it could not be taken)
 * @param primary the primary's value as text when it is categorical (a label), else {@code null}
 * @param shadow the shadow's value as text when it is categorical, else {@code null}
 * @param unmeasured why the value could not be taken (e.g. {@code queue_full}), or {@code null} when it was; a
 *     measurement that could not be made is shown as such, never as a number
 */
public record Observation(
    String comparator,
    String path,
    String metric,
    double value,
    String primary,
    String shadow,
    String unmeasured) {

  public Observation {
    Objects.requireNonNull(comparator, "comparator");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(metric, "metric");
    if (unmeasured != null && !Double.isNaN(value)) {
      throw new IllegalArgumentException(
          "an unmeasured observation has no value: " + metric + " = " + value);
    }
  }

  /** An observation that was measured (or is categorical). */
  public Observation(
      String comparator, String path, String metric, double value, String primary, String shadow) {
    this(comparator, path, metric, value, primary, shadow, null);
  }

  /** A measurement that could not be taken, and why (a short snake_case reason such as {@code queue_full}). */
  public static Observation unmeasured(
      String comparator, String path, String metric, String reason) {
    Objects.requireNonNull(reason, "reason");
    return new Observation(comparator, path, metric, Double.NaN, null, null, reason);
  }

  /** A numeric measurement. */
  public static Observation measure(String comparator, String path, String metric, double value) {
    return new Observation(comparator, path, metric, value, null, null);
  }

  /** A pair of labels; {@code value} is 1 when they agree, 0 when they do not. */
  public static Observation labels(String comparator, String path, String primary, String shadow) {
    return new Observation(
        comparator, path, "agreement", Objects.equals(primary, shadow) ? 1 : 0, primary, shadow);
  }

  /** The key aggregates group by: comparator, path and metric. */
  public String key() {
    return comparator + ":" + path + ":" + metric;
  }
}
