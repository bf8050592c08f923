package dev.shadowpipeline.shadow.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap equals its Python transcription in {@code reference_values.py} (Python 3.11.7, numpy 2.4.6 for
 * {@code np.quantile}), which draws with the same SplitMix64, weights each input by its draw count, sums in index
 * order and counts ROC AUC in integers. The script also checks its first 40 replicates against scikit-learn 1.9.1 on
 * the explicitly resampled inputs, so the weighted metric is the metric of the resample.
 *
 * <p>The values are compared exactly: same operations in the same order give the same doubles.
 */
class PairedBootstrapTest {

  /** Expected (lower, upper, improvement lower bound, used replicates). */
  private static void assertBounds(
      MetricDifference d, double lower, double upper, double improvementLower, int used) {
    assertThat(d.lower()).as("%s lower", d.metric()).isEqualTo(lower);
    assertThat(d.upper()).as("%s upper", d.metric()).isEqualTo(upper);
    assertThat(d.improvementLowerBound())
        .as("%s improvement lower bound", d.metric())
        .isEqualTo(improvementLower);
    assertThat(d.usedReplicates()).as("%s used", d.metric()).isEqualTo(used);
  }

  @Test
  void classificationEqualsThePythonTranscription() {
    // "bootstrap B=2000 seed=0 alpha=0.05" on classification(1, 200)
    ClassificationComparison c =
        TestData.classification(1, 200).paired().compare(PairedBootstrap.defaults());
    Map<Metric, MetricDifference> d = c.differences();
    assertThat(d)
        .containsOnlyKeys(
            Metric.ACCURACY,
            Metric.PRECISION,
            Metric.RECALL,
            Metric.F1,
            Metric.ROC_AUC,
            Metric.BRIER,
            Metric.LOG_LOSS);
    assertBounds(
        d.get(Metric.ACCURACY),
        0.08000000000000007,
        0.22999999999999998,
        0.09499999999999997,
        2000);
    assertBounds(
        d.get(Metric.PRECISION),
        0.09747885276235801,
        0.30028562523973906,
        0.11427928454524203,
        2000);
    assertBounds(
        d.get(Metric.RECALL), 0.03330645161290322, 0.25006578947368385, 0.047591036414565774, 2000);
    assertBounds(
        d.get(Metric.F1), 0.08751774659873139, 0.2579991997609575, 0.09838764717279462, 2000);
    assertBounds(
        d.get(Metric.ROC_AUC), 0.06031899420682855, 0.15473946709772363, 0.06722994288485906, 2000);
    // error metrics: the improvement is primary - shadow, its lower bound is minus the 95th
    // percentile of the
    // difference
    assertBounds(
        d.get(Metric.BRIER), -0.0767802875, -0.03775515000000003, 0.04054607500000001, 2000);
    assertBounds(
        d.get(Metric.LOG_LOSS),
        -0.17922460547917948,
        -0.08630847738503193,
        0.09386384462354831,
        2000);
    assertThat(d.get(Metric.ACCURACY).difference())
        .isCloseTo(0.155, org.assertj.core.api.Assertions.within(1e-15));
    assertThat(d.get(Metric.BRIER).improvement()).isPositive();
    assertThat(d.get(Metric.ROC_AUC).superior()).isTrue();
  }

  @Test
  void oneMetricAloneSeesTheSameResamples() {
    // the same numbers as in the full comparison: a metric's result does not depend on the others
    // asked for
    MetricDifference auc =
        PairedBootstrap.defaults()
            .difference(TestData.classification(1, 200).paired(), Metric.ROC_AUC);
    assertBounds(auc, 0.06031899420682855, 0.15473946709772363, 0.06722994288485906, 2000);
  }

  @Test
  void otherSeedReplicatesAndAlpha() {
    // "bootstrap B=500 seed=7 alpha=0.1"
    PairedBootstrap bootstrap =
        PairedBootstrap.defaults().withReplicates(500).withSeed(7).withAlpha(0.1);
    PairedClassification data = TestData.classification(1, 200).paired();
    assertBounds(
        bootstrap.difference(data, Metric.ACCURACY),
        0.09499999999999997,
        0.21500000000000008,
        0.10999999999999999,
        500);
    assertBounds(
        bootstrap.difference(data, Metric.ROC_AUC),
        0.06557405065390015,
        0.1385473701251885,
        0.07496309231364255,
        500);
  }

  @Test
  void replicatesWithOneClassAreLeftOut() {
    // "rare positive, roc_auc B=2000 seed 0": one positive in eight inputs, absent from 714 of 2000
    // resamples
    double[] primary = {0.9, 0.2, 0.1, 0.3, 0.6, 0.2, 0.1, 0.4};
    double[] shadow = {0.7, 0.3, 0.2, 0.8, 0.1, 0.1, 0.3, 0.2};
    boolean[] truth = TestData.bools(1, 0, 0, 0, 0, 0, 0, 0);
    PairedClassification data =
        PairedClassification.of(
            truth, TestData.labels(primary), TestData.labels(shadow), primary, shadow);
    MetricDifference auc = PairedBootstrap.defaults().difference(data, Metric.ROC_AUC);
    assertBounds(auc, -0.4285714285714286, 0.0, -0.4, 1286);
    assertThat(auc.replicates()).isEqualTo(2000);
    assertThat(auc.nonInferior(0.1)).isFalse();
    assertThat(auc.nonInferior(0.5)).isTrue();
  }

  @Test
  void regressionEqualsThePythonTranscription() {
    // "regression(2, 150)", "bootstrap B=2000 seed=0 alpha=0.05"
    RegressionComparison c =
        TestData.regression(2, 150).paired().compare(PairedBootstrap.defaults());
    assertBounds(
        c.difference(Metric.MAE),
        -0.2397659236043532,
        -0.13493032125362095,
        0.14360408875857308,
        2000);
    assertBounds(
        c.difference(Metric.RMSE),
        -0.24374640835798717,
        -0.14638838739725368,
        0.1566624703608302,
        2000);
    assertBounds(
        c.difference(Metric.R2),
        0.01896706446215519,
        0.034909162832731114,
        0.020027714015009145,
        2000);
    // the shadow's MAE is lower: an improvement, and superior at 95%
    MetricDifference mae = c.difference(Metric.MAE);
    assertThat(mae.difference()).isNegative();
    assertThat(mae.improvement()).isEqualTo(-mae.difference());
    assertThat(mae.superior()).isTrue();
    assertThat(mae.nonInferior(0)).isTrue();
  }

  @Test
  void undefinedOnTheWholeDataIsNaNAndDecidesNothing() {
    // one class: no ROC AUC for either model, so no bootstrap of it
    double[] scores = {0.9, 0.2, 0.6};
    PairedClassification data =
        PairedClassification.of(
            TestData.bools(1, 1, 1),
            TestData.labels(scores),
            TestData.labels(scores),
            scores,
            scores);
    MetricDifference auc = PairedBootstrap.defaults().difference(data, Metric.ROC_AUC);
    assertThat(auc.primary()).isNaN();
    assertThat(auc.lower()).isNaN();
    assertThat(auc.upper()).isNaN();
    assertThat(auc.usedReplicates()).isZero();
    assertThat(auc.nonInferior(1)).isFalse();
    assertThat(auc.superior()).isFalse();
  }

  @Test
  void identicalModelsDifferByExactlyZero() {
    TestData.Classification c = TestData.classification(3, 50);
    PairedClassification same =
        PairedClassification.of(
            c.truth(), c.primaryLabels(), c.primaryLabels(), c.primaryScores(), c.primaryScores());
    for (MetricDifference d :
        same.compare(PairedBootstrap.defaults().withReplicates(200)).differences().values()) {
      assertBounds(d, 0.0, 0.0, 0.0, 200);
      assertThat(d.nonInferior(0))
          .isFalse(); // 0 is not above -0: a margin of 0 demands strict improvement
      assertThat(d.nonInferior(1e-9)).isTrue();
    }
  }

  @Test
  void scoredMetricsNeedScoresFromBothModels() {
    TestData.Classification c = TestData.classification(1, 20);
    PairedClassification half =
        PairedClassification.of(
            c.truth(), c.primaryLabels(), c.shadowLabels(), c.primaryScores(), null);
    assertThat(half.scored()).isFalse();
    assertThat(half.primaryQuality().scored()).isTrue();
    assertThatThrownBy(() -> PairedBootstrap.defaults().difference(half, Metric.ROC_AUC))
        .hasMessage("roc_auc needs scores from both models; the shadow gave none");
    ClassificationComparison comparison =
        half.compare(PairedBootstrap.defaults().withReplicates(10));
    assertThat(comparison.differences())
        .containsOnlyKeys(Metric.ACCURACY, Metric.PRECISION, Metric.RECALL, Metric.F1);
    assertThatThrownBy(() -> comparison.difference(Metric.LOG_LOSS))
        .hasMessage("no log_loss difference: it needs scores from both models");
    assertThatThrownBy(() -> PairedBootstrap.defaults().difference(half, Metric.MAE))
        .hasMessage("not a classification metric: mae");
    assertThatThrownBy(
            () ->
                PairedBootstrap.defaults()
                    .difference(TestData.regression(2, 5).paired(), Metric.F1))
        .hasMessage("not a regression metric: f1");
  }

  @Test
  void configurationIsValidated() {
    PairedBootstrap defaults = PairedBootstrap.defaults();
    assertThat(defaults.replicates()).isEqualTo(2000);
    assertThat(defaults.seed()).isZero();
    assertThat(defaults.alpha()).isEqualTo(0.05);
    assertThatThrownBy(() -> defaults.withReplicates(0))
        .hasMessage("replicates must be at least 1: 0");
    assertThatThrownBy(() -> defaults.withAlpha(1)).hasMessage("alpha must be in (0, 1): 1.0");
    assertThatThrownBy(() -> defaults.withAlpha(Double.NaN))
        .hasMessage("alpha must be in (0, 1): NaN");
    MetricDifference d =
        defaults
            .withReplicates(10)
            .difference(TestData.classification(1, 20).paired(), Metric.ACCURACY);
    assertThatThrownBy(() -> d.nonInferior(-0.01))
        .hasMessage("margin must be finite and >= 0: -0.01");
    assertThatThrownBy(() -> d.nonInferior(Double.NaN))
        .hasMessage("margin must be finite and >= 0: NaN");
  }

  @Test
  void sameSeedSameAnswer() {
    PairedClassification data = TestData.classification(5, 120).paired();
    PairedBootstrap bootstrap = PairedBootstrap.defaults().withReplicates(300).withSeed(42);
    assertThat(data.compare(bootstrap)).isEqualTo(data.compare(bootstrap));
    assertThat(bootstrap.difference(data, Metric.F1))
        .isNotEqualTo(bootstrap.withSeed(43).difference(data, Metric.F1));
  }
}
