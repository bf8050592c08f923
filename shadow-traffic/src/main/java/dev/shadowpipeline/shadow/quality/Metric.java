package dev.shadowpipeline.shadow.quality;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A quality metric, with the direction in which it improves. The gate and the bootstrap use the direction to turn
 * "shadow − primary" into an improvement: larger is better for accuracy, precision, recall, F1, ROC AUC and R²;
 * smaller is better for the Brier score, log loss, MAE and RMSE.
 */
public enum Metric {
  /** Share of inputs labelled correctly. */
  ACCURACY(Task.CLASSIFICATION, true, false),
  /** Of the inputs predicted positive, the share that are positive. */
  PRECISION(Task.CLASSIFICATION, true, false),
  /** Of the positive inputs, the share predicted positive. */
  RECALL(Task.CLASSIFICATION, true, false),
  /** Harmonic mean of precision and recall: 2·TP / (2·TP + FP + FN). */
  F1(Task.CLASSIFICATION, true, false),
  /** Area under the ROC curve of the scores; needs scores. */
  ROC_AUC(Task.CLASSIFICATION, true, true),
  /** Mean squared difference between score and truth (0 or 1); needs scores. */
  BRIER(Task.CLASSIFICATION, false, true),
  /** Mean negative log-likelihood of the truth under the scores; needs scores. */
  LOG_LOSS(Task.CLASSIFICATION, false, true),
  /** Mean absolute error. */
  MAE(Task.REGRESSION, false, false),
  /** Root mean squared error. */
  RMSE(Task.REGRESSION, false, false),
  /** Coefficient of determination. */
  R2(Task.REGRESSION, true, false);

  private final Task task;
  private final boolean higherIsBetter;
  private final boolean needsScores;

  Metric(Task task, boolean higherIsBetter, boolean needsScores) {
    this.task = task;
    this.higherIsBetter = higherIsBetter;
    this.needsScores = needsScores;
  }

  /** The name used in flags and JSON: {@code accuracy}, {@code roc_auc}, {@code log_loss}, {@code mae}, …. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Classification or regression. */
  public Task task() {
    return task;
  }

  /** True when a larger value is a better model (accuracy), false when a smaller one is (mae). */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** True for the metrics computed from the positive-class probability rather than the label. */
  public boolean needsScores() {
    return needsScores;
  }

  /**
   * The metric named {@code key}, ignoring case; {@code auc} is accepted for {@code roc_auc}.
   *
   * @throws IllegalArgumentException if no metric has that name
   */
  public static Metric fromKey(String key) {
    if ("auc".equalsIgnoreCase(key)) {
      return ROC_AUC;
    }
    for (Metric metric : values()) {
      if (metric.key().equalsIgnoreCase(key)) {
        return metric;
      }
    }
    throw new IllegalArgumentException(
        "metric must be one of "
            + Arrays.stream(values()).map(Metric::key).collect(Collectors.joining(", "))
            + ": "
            + key);
  }
}
