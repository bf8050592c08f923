package dev.shadowpipeline.shadow.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The primary's and the shadow's labels (and, when they give them, their probabilities of the positive class) on the
 * same labelled inputs: the data of a paired comparison. Immutable: the arrays are copied.
 *
 * <p>{@link #compare(PairedBootstrap)} gives everything {@code quality.json} and the gate need at once: each model's
 * quality, who is right when they disagree, McNemar's exact p-value, and the bootstrap of every metric's difference.
 */
public final class PairedClassification {

  private static final List<Metric> LABEL_METRICS =
      List.of(Metric.ACCURACY, Metric.PRECISION, Metric.RECALL, Metric.F1);
  private static final List<Metric> SCORE_METRICS =
      List.of(Metric.ROC_AUC, Metric.BRIER, Metric.LOG_LOSS);

  private final ClassifierAnswers primary;
  private final ClassifierAnswers shadow;
  private final ClassificationQuality primaryQuality;
  private final ClassificationQuality shadowQuality;
  private final Discordance discordance;

  private PairedClassification(ClassifierAnswers primary, ClassifierAnswers shadow) {
    this.primary = primary;
    this.shadow = shadow;
    this.primaryQuality = primary.quality();
    this.shadowQuality = shadow.quality();
    long bothRight = 0;
    long onlyPrimary = 0;
    long onlyShadow = 0;
    long bothWrong = 0;
    for (int i = 0; i < primary.size(); i++) {
      boolean primaryRight = primary.predicted(i) == primary.truth(i);
      boolean shadowRight = shadow.predicted(i) == shadow.truth(i);
      if (primaryRight && shadowRight) {
        bothRight++;
      } else if (primaryRight) {
        onlyPrimary++;
      } else if (shadowRight) {
        onlyShadow++;
      } else {
        bothWrong++;
      }
    }
    this.discordance = new Discordance(bothRight, onlyPrimary, onlyShadow, bothWrong);
  }

  /**
   * Two models that give labels only.
   *
   * @param truth the true label of each input, true for the positive class
   * @param primaryPredicted the primary's label for each input
   * @param shadowPredicted the shadow's label for each input
   * @throws IllegalArgumentException if the arrays differ in length or are empty
   */
  public static PairedClassification of(
      boolean[] truth, boolean[] primaryPredicted, boolean[] shadowPredicted) {
    return of(truth, primaryPredicted, shadowPredicted, null, null);
  }

  /**
   * Two models with labels and probabilities of the positive class.
   *
   * @param truth the true label of each input, true for the positive class
   * @param primaryPredicted the primary's label for each input
   * @param shadowPredicted the shadow's label for each input
   * @param primaryScores the primary's probability of the positive class per input, or null if it gives none
   * @param shadowScores the shadow's probability of the positive class per input, or null if it gives none
   * @throws IllegalArgumentException if the arrays differ in length or are empty, or a score is outside [0, 1] or NaN
   */
  public static PairedClassification of(
      boolean[] truth,
      boolean[] primaryPredicted,
      boolean[] shadowPredicted,
      double[] primaryScores,
      double[] shadowScores) {
    return new PairedClassification(
        new ClassifierAnswers(truth, primaryPredicted, primaryScores, "primary"),
        new ClassifierAnswers(truth, shadowPredicted, shadowScores, "shadow"));
  }

  /** Labelled inputs. */
  public int size() {
    return primary.size();
  }

  /** True when both models gave scores, so that the differences of ROC AUC, Brier score and log loss exist. */
  public boolean scored() {
    return primary.scored() && shadow.scored();
  }

  /** The primary's quality. */
  public ClassificationQuality primaryQuality() {
    return primaryQuality;
  }

  /** The shadow's quality. */
  public ClassificationQuality shadowQuality() {
    return shadowQuality;
  }

  /** Who is right on each input. */
  public Discordance discordance() {
    return discordance;
  }

  /**
   * Everything at once, the bootstraps sharing one set of resamples: the differences of accuracy, precision, recall
   * and F1, and of ROC AUC, Brier score and log loss when both models gave scores.
   */
  public ClassificationComparison compare(PairedBootstrap bootstrap) {
    List<Metric> metrics = new ArrayList<>(LABEL_METRICS);
    if (scored()) {
      metrics.addAll(SCORE_METRICS);
    }
    return new ClassificationComparison(
        primaryQuality,
        shadowQuality,
        discordance,
        discordance.mcnemarP(),
        bootstrap.run(size(), metrics, primary::value, shadow::value));
  }

  /**
   * The primary's metrics with 1 − α intervals; see {@link #shadowIntervals}.
   *
   * @param bootstrap the resampling (and α) for the metrics that are not proportions
   */
  public Map<Metric, MetricInterval> primaryIntervals(PairedBootstrap bootstrap) {
    return intervals(primary, primaryQuality, bootstrap);
  }

  /**
   * The shadow's metrics with 1 − α intervals: Wilson score intervals for the proportions — accuracy (correct of
   * all), precision (TP of predicted positive), recall (TP of positive) — and percentile bootstrap intervals for F1
   * and, when the model gave scores, ROC AUC, Brier score and log loss. The bootstrap draws the same resamples as
   * {@link #compare} with the same seed.
   */
  public Map<Metric, MetricInterval> shadowIntervals(PairedBootstrap bootstrap) {
    return intervals(shadow, shadowQuality, bootstrap);
  }

  private Map<Metric, MetricInterval> intervals(
      ClassifierAnswers answers, ClassificationQuality q, PairedBootstrap bootstrap) {
    double z = bootstrap.twoSidedZ();
    Map<Metric, MetricInterval> result = new EnumMap<>(Metric.class);
    result.put(
        Metric.ACCURACY,
        MetricInterval.wilson(
            Metric.ACCURACY, q.accuracy(), WilsonInterval.of(q.correct(), q.n(), z)));
    result.put(
        Metric.PRECISION,
        MetricInterval.wilson(
            Metric.PRECISION,
            q.precision(),
            WilsonInterval.of(q.truePositives(), q.truePositives() + q.falsePositives(), z)));
    result.put(
        Metric.RECALL,
        MetricInterval.wilson(
            Metric.RECALL, q.recall(), WilsonInterval.of(q.truePositives(), q.positives(), z)));
    List<Metric> resampled = new ArrayList<>(List.of(Metric.F1));
    if (answers.scored()) {
      resampled.addAll(SCORE_METRICS);
    }
    result.putAll(bootstrap.intervals(size(), resampled, answers::value));
    return Collections.unmodifiableMap(result);
  }

  ClassifierAnswers primary() {
    return primary;
  }

  ClassifierAnswers shadow() {
    return shadow;
  }

  void requireComputable(Metric metric) {
    if (metric.task() != Task.CLASSIFICATION) {
      throw new IllegalArgumentException("not a classification metric: " + metric.key());
    }
    if (metric.needsScores() && !scored()) {
      throw new IllegalArgumentException(
          metric.key()
              + " needs scores from both models; "
              + (primary.scored() ? "the shadow" : "the primary")
              + " gave none");
    }
  }
}
