package dev.shadowpipeline.shadow.quality;

import java.util.Arrays;

/**
 * One regressor's answers on labelled inputs, prepared to be scored with input weights as {@link ClassifierAnswers}
 * is: unit weights for the metrics, draw counts for a bootstrap replicate. Sums run in index order.
 */
final class RegressorAnswers {

  private final double[] truth;
  private final double[] absoluteErrors;
  private final double[] squaredErrors;

  /** Copies what it keeps; the caller's arrays are not modified. */
  RegressorAnswers(double[] truth, double[] predicted, String side) {
    Inputs.requireSameLength("truth", truth.length, side + " predictions", predicted.length);
    Inputs.requireNonEmpty(truth.length);
    Inputs.requireFinite("truth", truth);
    Inputs.requireFinite(side + " predictions", predicted);
    this.truth = truth.clone();
    this.absoluteErrors = new double[truth.length];
    this.squaredErrors = new double[truth.length];
    for (int i = 0; i < truth.length; i++) {
      double e = truth[i] - predicted[i];
      absoluteErrors[i] = Math.abs(e);
      squaredErrors[i] = e * e;
    }
  }

  int size() {
    return truth.length;
  }

  RegressionQuality quality() {
    int[] ones = new int[truth.length];
    Arrays.fill(ones, 1);
    return new RegressionQuality(
        truth.length, value(Metric.MAE, ones), value(Metric.RMSE, ones), value(Metric.R2, ones));
  }

  double value(Metric metric, int[] weights) {
    return switch (metric) {
      case MAE -> ClassifierAnswers.weightedMean(absoluteErrors, weights);
      case RMSE -> Math.sqrt(ClassifierAnswers.weightedMean(squaredErrors, weights));
      case R2 -> r2(weights);
      default -> throw new IllegalArgumentException("not a regression metric: " + metric.key());
    };
  }

  /**
   * R² = 1 − Σ w·(y − ŷ)² / Σ w·(y − ȳ)², ȳ the weighted mean of the truth, with scikit-learn's
   * {@code force_finite=True} rules: NaN for fewer than two inputs; when the truth is constant, 1 for perfect
   * predictions and 0 otherwise (rather than NaN or −∞).
   *
   * <p>One deliberate difference: scikit-learn decides "constant" by testing its floating-point denominator against
   * 0, and the mean of [0.1, 0.1, 0.1] is 0.10000000000000002, so {@code r2_score([0.1]*3, [0.2, 0.1, 0.1])} is
   * −1.7e31 in scikit-learn 1.9.1. Here the truth is compared value by value, so that case is 0 as documented.
   */
  private double r2(int[] weights) {
    if (truth.length < 2) {
      return Double.NaN;
    }
    double sumWeightedTruth = 0;
    long total = 0;
    double first = Double.NaN;
    boolean constant = true;
    for (int i = 0; i < truth.length; i++) {
      if (weights[i] == 0) {
        continue; // an input not drawn does not make the truth vary
      }
      if (Double.isNaN(first)) {
        first = truth[i];
      } else if (truth[i] != first) {
        constant = false;
      }
      sumWeightedTruth += weights[i] * truth[i];
      total += weights[i];
    }
    double numerator = 0;
    for (int i = 0; i < truth.length; i++) {
      numerator += weights[i] * squaredErrors[i];
    }
    if (numerator == 0) {
      return 1;
    }
    if (constant) {
      return 0;
    }
    double mean = sumWeightedTruth / (double) total;
    double denominator = 0;
    for (int i = 0; i < truth.length; i++) {
      double d = truth[i] - mean;
      denominator += weights[i] * (d * d);
    }
    return 1 - numerator / denominator;
  }
}
