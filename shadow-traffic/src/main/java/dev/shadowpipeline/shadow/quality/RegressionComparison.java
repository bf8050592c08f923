package dev.shadowpipeline.shadow.quality;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A paired comparison of two regressors on the same labelled inputs.
 *
 * @param primary the primary's quality
 * @param shadow the shadow's quality
 * @param differences the bootstrap of each metric's shadow − primary: MAE, RMSE and R²
 */
public record RegressionComparison(
    RegressionQuality primary,
    RegressionQuality shadow,
    Map<Metric, MetricDifference> differences) {

  /** Copies the differences. */
  public RegressionComparison {
    EnumMap<Metric, MetricDifference> copy =
        new EnumMap<>(Metric.class); // new EnumMap<>(map) rejects an empty map
    copy.putAll(differences);
    differences = Collections.unmodifiableMap(copy);
  }

  /**
   * The difference of {@code metric}.
   *
   * @throws IllegalArgumentException for a classification metric
   */
  public MetricDifference difference(Metric metric) {
    MetricDifference difference = differences.get(metric);
    if (difference == null) {
      throw new IllegalArgumentException("not a regression metric: " + metric.key());
    }
    return difference;
  }
}
