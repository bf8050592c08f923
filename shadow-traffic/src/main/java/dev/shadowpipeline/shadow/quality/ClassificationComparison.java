package dev.shadowpipeline.shadow.quality;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A paired comparison of two classifiers on the same labelled inputs: what {@code quality.json} and the gate read.
 *
 * @param primary the primary's quality
 * @param shadow the shadow's quality
 * @param discordance who is right on each input
 * @param mcnemarP McNemar's exact two-sided p-value for "equally accurate" (1 when no input is discordant)
 * @param differences the bootstrap of each metric's shadow − primary: accuracy, precision, recall, F1, and ROC AUC,
 *     Brier score and log loss when both models gave scores
 */
public record ClassificationComparison(
    ClassificationQuality primary,
    ClassificationQuality shadow,
    Discordance discordance,
    double mcnemarP,
    Map<Metric, MetricDifference> differences) {

  /** Copies the differences. */
  public ClassificationComparison {
    EnumMap<Metric, MetricDifference> copy =
        new EnumMap<>(Metric.class); // new EnumMap<>(map) rejects an empty map
    copy.putAll(differences);
    differences = Collections.unmodifiableMap(copy);
  }

  /**
   * The difference of {@code metric}.
   *
   * @throws IllegalArgumentException if it was not computed (a regression metric, or a scored metric without scores)
   */
  public MetricDifference difference(Metric metric) {
    MetricDifference difference = differences.get(metric);
    if (difference == null) {
      throw new IllegalArgumentException(
          "no "
              + metric.key()
              + " difference: "
              + (metric.task() == Task.CLASSIFICATION
                  ? "it needs scores from both models"
                  : "not a classification metric"));
    }
    return difference;
  }
}
