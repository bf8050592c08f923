package dev.shadowpipeline.shadow.quality;

import java.util.List;
import java.util.Map;

/**
 * The primary's and the shadow's predictions on the same labelled inputs, for a regression task. Immutable: the
 * arrays are copied.
 */
public final class PairedRegression {

  private static final List<Metric> METRICS = List.of(Metric.MAE, Metric.RMSE, Metric.R2);

  private final RegressorAnswers primary;
  private final RegressorAnswers shadow;
  private final RegressionQuality primaryQuality;
  private final RegressionQuality shadowQuality;

  private PairedRegression(RegressorAnswers primary, RegressorAnswers shadow) {
    this.primary = primary;
    this.shadow = shadow;
    this.primaryQuality = primary.quality();
    this.shadowQuality = shadow.quality();
  }

  /**
   * Two regressors on the same inputs.
   *
   * @param truth the true value of each input
   * @param primaryPredicted the primary's value for each input
   * @param shadowPredicted the shadow's value for each input
   * @throws IllegalArgumentException if the arrays differ in length or are empty, or a value is NaN or infinite
   */
  public static PairedRegression of(
      double[] truth, double[] primaryPredicted, double[] shadowPredicted) {
    return new PairedRegression(
        new RegressorAnswers(truth, primaryPredicted, "primary"),
        new RegressorAnswers(truth, shadowPredicted, "shadow"));
  }

  /** Labelled inputs. */
  public int size() {
    return primary.size();
  }

  /** The primary's quality. */
  public RegressionQuality primaryQuality() {
    return primaryQuality;
  }

  /** The shadow's quality. */
  public RegressionQuality shadowQuality() {
    return shadowQuality;
  }

  /** Both models' quality and the differences of MAE, RMSE and R² from one set of bootstrap resamples. */
  public RegressionComparison compare(PairedBootstrap bootstrap) {
    return new RegressionComparison(
        primaryQuality,
        shadowQuality,
        bootstrap.run(size(), METRICS, primary::value, shadow::value));
  }

  /**
   * The primary's MAE, RMSE and R² with 1 − α percentile bootstrap intervals, from the same resamples as
   * {@link #compare} with the same seed.
   */
  public Map<Metric, MetricInterval> primaryIntervals(PairedBootstrap bootstrap) {
    return bootstrap.intervals(size(), METRICS, primary::value);
  }

  /** The shadow's MAE, RMSE and R² with 1 − α percentile bootstrap intervals; see {@link #primaryIntervals}. */
  public Map<Metric, MetricInterval> shadowIntervals(PairedBootstrap bootstrap) {
    return bootstrap.intervals(size(), METRICS, shadow::value);
  }

  RegressorAnswers primary() {
    return primary;
  }

  RegressorAnswers shadow() {
    return shadow;
  }
}
