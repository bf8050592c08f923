package dev.shadowpipeline.shadow.quality;

import static dev.shadowpipeline.shadow.quality.TestData.bools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Classification metrics against scikit-learn 1.9.1 (numpy 2.4.6), as printed by {@code reference_values.py} in the
 * test resources: {@code accuracy_score}, {@code precision_score}, {@code recall_score} and {@code f1_score} with
 * {@code zero_division=np.nan}, {@code roc_auc_score}, {@code brier_score_loss(pos_label=True)} and
 * {@code log_loss(labels=[False, True])}. Tolerance 1e-12 relative: scikit-learn sums with numpy's pairwise summation
 * and computes AUC as a trapezoid, so the last bits may differ.
 */
class ClassificationQualityTest {

  private static final double TOL = 1e-12;

  private static void assertMetrics(
      ClassificationQuality q,
      double accuracy,
      double precision,
      double recall,
      double f1,
      double rocAuc,
      double brier,
      double logLoss) {
    assertClose(q.accuracy(), accuracy);
    assertClose(q.precision(), precision);
    assertClose(q.recall(), recall);
    assertClose(q.f1(), f1);
    assertClose(q.rocAuc(), rocAuc);
    assertClose(q.brier(), brier);
    assertClose(q.logLoss(), logLoss);
  }

  static void assertClose(double actual, double expected) {
    if (Double.isNaN(expected)) {
      assertThat(actual).isNaN();
    } else {
      assertThat(actual).isCloseTo(expected, within(TOL * Math.max(1, Math.abs(expected))));
    }
  }

  @Test
  void generatedDataMatchesScikitLearn() {
    // reference_values.py, "classification(1, 200): sklearn per model"
    TestData.Classification data = TestData.classification(1, 200);
    ClassificationQuality primary =
        ClassificationQuality.of(data.truth(), data.primaryLabels(), data.primaryScores());
    assertMetrics(
        primary,
        0.75,
        0.6989247311827957,
        0.7471264367816092,
        0.7222222222222222,
        0.8810904282372088,
        0.14966250000000003,
        0.4576110571786257);
    ClassificationQuality shadow =
        ClassificationQuality.of(data.truth(), data.shadowLabels(), data.shadowScores());
    assertMetrics(
        shadow,
        0.905,
        0.8953488372093024,
        0.8850574712643678,
        0.8901734104046243,
        0.9840301088393857,
        0.0931015,
        0.32554701386186635);
    assertThat(primary.n()).isEqualTo(200);
    assertThat(primary.positives()).isEqualTo(87); // recall 0.7471264367816092 = 65/87
    assertThat(primary.truePositives()).isEqualTo(65);
    assertThat(primary.correct()).isEqualTo(150);
  }

  @Test
  void tiesInScoresCountOneHalf() {
    // sklearn "ties": truth [0,0,1,1,0,1,0,1], scores [0.1,0.4,0.35,0.8,0.4,0.4,0.8,0.1], labels
    // score >= 0.5
    double[] scores = {0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.8, 0.1};
    ClassificationQuality q =
        ClassificationQuality.of(bools(0, 0, 1, 1, 0, 1, 0, 1), TestData.labels(scores), scores);
    assertMetrics(q, 0.5, 0.5, 0.25, 0.3333333333333333, 0.4375, 0.3253125, 0.9035363970381245);
    // 2U counted in integers: the AUC is exactly 7/16
    assertThat(q.rocAuc()).isEqualTo(0.4375);
  }

  @Test
  void allScoresTiedIsAHalf() {
    // sklearn "all_tied": truth [0,1,0,1,1], every score 0.5
    double[] scores = {0.5, 0.5, 0.5, 0.5, 0.5};
    ClassificationQuality q =
        ClassificationQuality.of(bools(0, 1, 0, 1, 1), TestData.labels(scores), scores);
    assertMetrics(q, 0.6, 0.6, 1.0, 0.75, 0.5, 0.25, 0.6931471805599453);
  }

  @Test
  void perfectAndInvertedClassifiers() {
    // sklearn "perfect": truth [0,0,1,1,1], scores [0.1,0.2,0.7,0.8,0.9]
    double[] perfect = {0.1, 0.2, 0.7, 0.8, 0.9};
    assertMetrics(
        ClassificationQuality.of(bools(0, 0, 1, 1, 1), TestData.labels(perfect), perfect),
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        0.038,
        0.20273661557656092);
    // sklearn "inverted": scores [0.9,0.8,0.3,0.2,0.1]
    double[] inverted = {0.9, 0.8, 0.3, 0.2, 0.1};
    assertMetrics(
        ClassificationQuality.of(bools(0, 0, 1, 1, 1), TestData.labels(inverted), inverted),
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.678,
        1.8056037630364457);
  }

  @Test
  void certainWrongAnswersAreClippedAtMachineEpsilon() {
    // sklearn "certain": truth [0,1,1,0], scores [0,1,0,1]: two answers cost -ln(2^-52) = 36.04
    // each, two cost
    // -ln(1 - 2^-52); mean 18.021826694558577 (the eps=1e-15 of scikit-learn < 1.5 would give
    // 17.27)
    double[] scores = {0.0, 1.0, 0.0, 1.0};
    ClassificationQuality q =
        ClassificationQuality.of(bools(0, 1, 1, 0), TestData.labels(scores), scores);
    assertMetrics(q, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 18.021826694558577);
  }

  @Test
  void oneClassHasNoAuc() {
    // sklearn "one_class": truth all positive, scores [0.9, 0.2, 0.6]; roc_auc_score returns nan
    // with a warning
    double[] scores = {0.9, 0.2, 0.6};
    ClassificationQuality q =
        ClassificationQuality.of(bools(1, 1, 1), TestData.labels(scores), scores);
    assertMetrics(
        q,
        0.6666666666666666,
        1.0,
        0.6666666666666666,
        0.8,
        Double.NaN,
        0.2700000000000001,
        0.7418746839526391);
    assertThat(q.scored()).isTrue();
  }

  @Test
  void undefinedRatiosAreNaNNotZero() {
    // sklearn "no_predicted_positive" and "all_negative", zero_division=np.nan
    ClassificationQuality none = ClassificationQuality.of(bools(1, 0, 0), bools(0, 0, 0));
    assertThat(none.precision()).isNaN();
    assertThat(none.recall()).isEqualTo(0.0);
    assertThat(none.f1()).isEqualTo(0.0);
    ClassificationQuality negatives = ClassificationQuality.of(bools(0, 0, 0), bools(0, 0, 0));
    assertThat(negatives.accuracy()).isEqualTo(1.0);
    assertThat(negatives.precision()).isNaN();
    assertThat(negatives.recall()).isNaN();
    assertThat(negatives.f1()).isNaN();
  }

  @Test
  void withoutScoresTheScoredMetricsAreNaN() {
    ClassificationQuality q = ClassificationQuality.of(bools(1, 0, 1, 0), bools(1, 0, 0, 0));
    assertThat(q.accuracy()).isEqualTo(0.75);
    assertThat(q.scored()).isFalse();
    assertThat(q.rocAuc()).isNaN();
    assertThat(q.brier()).isNaN();
    assertThat(q.logLoss()).isNaN();
    assertThat(q.value(Metric.ACCURACY)).isEqualTo(0.75);
  }

  @Test
  void accuracyIntervalIsWilson() {
    // scipy 1.17.1: binomtest(150, 200).proportion_ci(method='wilson') = (0.6856590168795417,
    // 0.8049183199318249)
    TestData.Classification data = TestData.classification(1, 200);
    WilsonInterval interval =
        ClassificationQuality.of(data.truth(), data.primaryLabels(), data.primaryScores())
            .accuracyInterval();
    assertThat(interval.lower()).isCloseTo(0.6856590168795417, within(1e-12));
    assertThat(interval.upper()).isCloseTo(0.8049183199318249, within(1e-12));
  }

  @Test
  void emptyInputIsAnError() {
    assertThatThrownBy(() -> ClassificationQuality.of(new boolean[0], new boolean[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no labelled inputs: quality needs at least one");
  }

  @Test
  void badInputsAreNamed() {
    assertThatThrownBy(() -> ClassificationQuality.of(bools(1, 0), bools(1)))
        .hasMessage("truth and model predicted labels must have the same length: 2 and 1");
    assertThatThrownBy(() -> ClassificationQuality.of(bools(1, 0), bools(1, 0), new double[] {0.5}))
        .hasMessage("truth and model scores must have the same length: 2 and 1");
    assertThatThrownBy(
            () -> ClassificationQuality.of(bools(1, 0), bools(1, 0), new double[] {0.5, 1.5}))
        .hasMessage("model scores must be probabilities in [0, 1]: model scores[1] = 1.5");
    assertThatThrownBy(
            () ->
                ClassificationQuality.of(bools(1, 0), bools(1, 0), new double[] {Double.NaN, 0.5}))
        .hasMessage("model scores must be probabilities in [0, 1]: model scores[0] = NaN");
  }

  @Test
  void regressionMetricIsRejected() {
    ClassificationQuality q = ClassificationQuality.of(bools(1, 0), bools(1, 0));
    assertThatThrownBy(() -> q.value(Metric.MAE)).hasMessage("not a classification metric: mae");
  }
}
