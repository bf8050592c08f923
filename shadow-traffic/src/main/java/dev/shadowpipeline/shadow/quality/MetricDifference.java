package dev.shadowpipeline.shadow.quality;

/**
 * How much better or worse the shadow is than the primary on one metric, on the same inputs, with paired bootstrap
 * bounds (see {@link PairedBootstrap} for how they are drawn).
 *
 * <p><b>Signs.</b> {@link #difference()} is always shadow − primary in the metric's own units: for accuracy a positive
 * difference is an improvement, for MAE a negative one is. {@link #improvement()} orients it so that positive is
 * always better: shadow − primary when larger is better (accuracy, precision, recall, F1, ROC AUC, R²), primary −
 * shadow when smaller is better (Brier score, log loss, MAE, RMSE). The gate's checks read the improvement's one-sided
 * lower bound: non-inferior with margin m when it is above −m, superior when it is above 0.
 *
 * <p>When the metric is undefined on the data (ROC AUC with one class) or on every replicate, the bounds are NaN and
 * both checks fail: a check that could not be decided does not pass.
 *
 * @param metric the metric
 * @param primary the primary's value on all inputs
 * @param shadow the shadow's value on all inputs
 * @param lower the α/2 quantile of shadow − primary over the replicates (the two-sided interval's lower end)
 * @param upper the 1 − α/2 quantile of shadow − primary over the replicates
 * @param improvementLowerBound the α quantile of the improvement over the replicates: the one-sided 1 − α lower
 *     confidence bound of the improvement
 * @param alpha 1 − the confidence level, 0.05 for 95%
 * @param replicates bootstrap replicates drawn
 * @param usedReplicates replicates on which the metric was defined for both models (a resample with one class has no
 *     ROC AUC; those replicates are left out, and the bounds come from the others)
 * @param seed the seed of the draws
 */
public record MetricDifference(
    Metric metric,
    double primary,
    double shadow,
    double lower,
    double upper,
    double improvementLowerBound,
    double alpha,
    int replicates,
    int usedReplicates,
    long seed) {

  /** Checks the counts and α. */
  public MetricDifference {
    if (!(alpha > 0 && alpha < 1)) { // outside (0, 1), or NaN
      throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
    }
    if (replicates < 0 || usedReplicates < 0 || usedReplicates > replicates) {
      throw new IllegalArgumentException(
          "need 0 <= used replicates <= replicates: " + usedReplicates + " of " + replicates);
    }
  }

  /** Shadow − primary on all inputs, in the metric's units. */
  public double difference() {
    return shadow - primary;
  }

  /** The difference oriented so that positive means the shadow is better (see the class comment). */
  public double improvement() {
    return metric.higherIsBetter() ? difference() : -difference();
  }

  /** The confidence level of the bounds, 1 − α. */
  public double confidence() {
    return 1 - alpha;
  }

  /**
   * True when the shadow is non-inferior with this margin: the one-sided lower bound of the improvement is above
   * −margin, i.e. the shadow is at worst {@code margin} worse (in the metric's units; for MAE: at most {@code margin}
   * larger), at confidence 1 − α. False when the bound is NaN.
   *
   * @param margin the worsening tolerated, ≥ 0, in the metric's units
   * @throws IllegalArgumentException if the margin is negative, infinite or NaN
   */
  public boolean nonInferior(double margin) {
    if (!(margin >= 0 && margin < Double.POSITIVE_INFINITY)) { // negative, infinite or NaN
      throw new IllegalArgumentException("margin must be finite and >= 0: " + margin);
    }
    return improvementLowerBound > -margin;
  }

  /** True when the shadow is better at confidence 1 − α: the improvement's lower bound is above 0. */
  public boolean superior() {
    return improvementLowerBound > 0;
  }
}
