package dev.shadowpipeline.shadow.quality;

/**
 * How good one regressor is on labelled inputs, each metric as scikit-learn 1.9.1 defines it
 * ({@code mean_absolute_error}, {@code root_mean_squared_error}, {@code r2_score}).
 *
 * <p>R² follows {@code r2_score}'s default {@code force_finite=True}: NaN with fewer than two inputs; with a constant
 * truth, 1 for perfect predictions and 0 otherwise. (Unlike scikit-learn, a constant truth is recognised exactly even
 * when its floating-point mean is not, e.g. [0.1, 0.1, 0.1]; see the tests.)
 *
 * @param n inputs
 * @param mae mean of |truth − prediction|
 * @param rmse √(mean of (truth − prediction)²)
 * @param r2 1 − Σ(truth − prediction)² / Σ(truth − mean truth)²
 */
public record RegressionQuality(long n, double mae, double rmse, double r2) {

  /**
   * Quality of a regressor.
   *
   * @param truth the true value of each input
   * @param predicted the model's value for each input
   * @throws IllegalArgumentException if the arrays differ in length or are empty, or a value is NaN or infinite
   */
  public static RegressionQuality of(double[] truth, double[] predicted) {
    return new RegressorAnswers(truth, predicted, "model").quality();
  }

  /**
   * The value of {@code metric}.
   *
   * @throws IllegalArgumentException for a classification metric
   */
  public double value(Metric metric) {
    return switch (metric) {
      case MAE -> mae;
      case RMSE -> rmse;
      case R2 -> r2;
      default -> throw new IllegalArgumentException("not a regression metric: " + metric.key());
    };
  }
}
