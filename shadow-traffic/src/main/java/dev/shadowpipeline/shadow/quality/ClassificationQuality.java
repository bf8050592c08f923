package dev.shadowpipeline.shadow.quality;

/**
 * How good one binary classifier is on labelled inputs, each metric defined as scikit-learn 1.9.1 defines it for a
 * binary task with {@code pos_label=True}.
 *
 * <p>A metric that is undefined on these inputs is NaN — never a made-up 0 — so that a gate reading it cannot pass by
 * accident: precision when nothing is predicted positive, recall when no input is positive, F1 when
 * 2·TP + FP + FN = 0 (these three as scikit-learn's {@code zero_division=np.nan}; its default {@code "warn"} reports
 * 0), ROC AUC when only one class is present, and ROC AUC, Brier score and log loss when the model gave no scores.
 * Serialisers must write NaN as {@code null}.
 *
 * @param n inputs
 * @param truePositives positive inputs predicted positive
 * @param falsePositives negative inputs predicted positive
 * @param trueNegatives negative inputs predicted negative
 * @param falseNegatives positive inputs predicted negative
 * @param accuracy (TP + TN) / n
 * @param precision TP / (TP + FP)
 * @param recall TP / (TP + FN)
 * @param f1 2·TP / (2·TP + FP + FN)
 * @param rocAuc area under the ROC curve of the scores, ties counting one half ({@code roc_auc_score})
 * @param brier mean of (score − truth)² with truth 0 or 1 ({@code brier_score_loss})
 * @param logLoss mean of −ln(score) over positives and −ln(1 − score) over negatives, both clipped to
 *     [ε, 1 − ε] with ε = 2⁻⁵² ({@code log_loss}), so a confident wrong answer costs at most ln(2⁵²) ≈ 36.04
 */
public record ClassificationQuality(
    long n,
    long truePositives,
    long falsePositives,
    long trueNegatives,
    long falseNegatives,
    double accuracy,
    double precision,
    double recall,
    double f1,
    double rocAuc,
    double brier,
    double logLoss) {

  /** Checks that the counts add up. */
  public ClassificationQuality {
    if (truePositives < 0
        || falsePositives < 0
        || trueNegatives < 0
        || falseNegatives < 0
        || truePositives + falsePositives + trueNegatives + falseNegatives != n) {
      throw new IllegalArgumentException(
          "confusion counts must be non-negative and add up to n = "
              + n
              + ": TP "
              + truePositives
              + ", FP "
              + falsePositives
              + ", TN "
              + trueNegatives
              + ", FN "
              + falseNegatives);
    }
  }

  /**
   * Quality of a model that gives labels only; ROC AUC, Brier score and log loss are NaN.
   *
   * @param truth the true label of each input, true for the positive class
   * @param predicted the model's label for each input
   * @throws IllegalArgumentException if the arrays differ in length or are empty
   */
  public static ClassificationQuality of(boolean[] truth, boolean[] predicted) {
    return new ClassifierAnswers(truth, predicted, null, "model").quality();
  }

  /**
   * Quality of a model that gives labels and the probability of the positive class.
   *
   * @param truth the true label of each input, true for the positive class
   * @param predicted the model's label for each input
   * @param scores the model's probability of the positive class for each input, or null if it gives none
   * @throws IllegalArgumentException if the arrays differ in length or are empty, or a score is outside [0, 1] or NaN
   */
  public static ClassificationQuality of(boolean[] truth, boolean[] predicted, double[] scores) {
    return new ClassifierAnswers(truth, predicted, scores, "model").quality();
  }

  /** Positive inputs: TP + FN. */
  public long positives() {
    return truePositives + falseNegatives;
  }

  /** Inputs labelled correctly: TP + TN. */
  public long correct() {
    return truePositives + trueNegatives;
  }

  /** The accuracy with its 95% Wilson score interval. */
  public WilsonInterval accuracyInterval() {
    return WilsonInterval.of(correct(), n);
  }

  /** True when the model gave scores, so that ROC AUC (unless one class only), Brier score and log loss exist. */
  public boolean scored() {
    return !Double.isNaN(brier);
  }

  /**
   * The value of {@code metric}.
   *
   * @throws IllegalArgumentException for a regression metric
   */
  public double value(Metric metric) {
    return switch (metric) {
      case ACCURACY -> accuracy;
      case PRECISION -> precision;
      case RECALL -> recall;
      case F1 -> f1;
      case ROC_AUC -> rocAuc;
      case BRIER -> brier;
      case LOG_LOSS -> logLoss;
      default -> throw new IllegalArgumentException("not a classification metric: " + metric.key());
    };
  }
}
