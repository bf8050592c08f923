package dev.shadowpipeline.shadow.gate;

import dev.shadowpipeline.shadow.quality.Metric;
import java.util.Locale;
import java.util.Objects;

/**
 * A check of the shadow's quality against the primary's on labelled inputs, read from {@code quality.json}:
 * non-inferior with a margin ({@code --non-inferior accuracy:0.02}) or superior ({@code --superior roc_auc}).
 *
 * @param kind non-inferiority or superiority
 * @param metric the metric compared
 * @param margin the worsening tolerated, in the metric's units (0 for superiority)
 */
public record QualityCriterion(Kind kind, Metric metric, double margin) {

  /** What is required of the shadow. */
  public enum Kind {
    /** At worst {@code margin} worse than the primary, at 95% confidence. */
    NON_INFERIOR,
    /** Better than the primary, at 95% confidence. */
    SUPERIOR
  }

  /** Checks the margin. */
  public QualityCriterion {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(metric, "metric");
    if (!(margin >= 0 && margin < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("the margin must be a number >= 0: " + margin);
    }
  }

  /**
   * {@code METRIC:MARGIN}, e.g. {@code accuracy:0.02} or {@code mae:0.5}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static QualityCriterion nonInferior(String spec) {
    int colon = spec.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "expected METRIC:MARGIN such as accuracy:0.02, got '" + spec + "'");
    }
    double margin;
    try {
      margin = Double.parseDouble(spec.substring(colon + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the margin of '"
              + spec
              + "' is not a number (expected METRIC:MARGIN such as accuracy:0.02)",
          e);
    }
    return new QualityCriterion(
        Kind.NON_INFERIOR, Metric.fromKey(spec.substring(0, colon).trim()), margin);
  }

  /**
   * A metric name, e.g. {@code roc_auc}.
   *
   * @throws IllegalArgumentException if it names no metric
   */
  public static QualityCriterion superior(String metric) {
    return new QualityCriterion(Kind.SUPERIOR, Metric.fromKey(metric.trim()), 0);
  }

  /** The name of the check in the gate's table, e.g. {@code accuracy non-inferior}. */
  public String name() {
    return metric.key() + (kind == Kind.NON_INFERIOR ? " non-inferior" : " superior");
  }

  /** The flag that asked for it, e.g. {@code --non-inferior accuracy:0.02}. */
  public String flag() {
    return kind == Kind.NON_INFERIOR
        ? String.format(Locale.ROOT, "--non-inferior %s:%s", metric.key(), trim(margin))
        : "--superior " + metric.key();
  }

  private static String trim(double v) {
    String s = Double.toString(v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }
}
