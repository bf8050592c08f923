package dev.shadowpipeline.shadow.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each model's own intervals, against {@code labels/labels_reference.py} (test resources; Python 3.11.7, numpy 2.4.6,
 * scipy 1.17.1, scikit-learn 1.9.1): Wilson bounds from scipy's {@code binomtest(k, n).proportion_ci(method="wilson")},
 * bootstrap bounds from the transcription of the bootstrap in {@code reference_values.py} — the interval of
 * (model − 0) over the same draws — compared exactly.
 */
class MetricIntervalTest {

  private static void assertInterval(
      MetricInterval i, double value, double lower, double upper, MetricInterval.Method method) {
    assertThat(i.value()).as("%s value", i.metric()).isCloseTo(value, within(1e-15));
    assertThat(i.method()).isEqualTo(method);
    if (method == MetricInterval.Method.WILSON) {
      assertThat(i.lower()).as("%s lower", i.metric()).isCloseTo(lower, within(1e-12));
      assertThat(i.upper()).as("%s upper", i.metric()).isCloseTo(upper, within(1e-12));
    } else {
      assertThat(i.lower()).as("%s lower", i.metric()).isEqualTo(lower);
      assertThat(i.upper()).as("%s upper", i.metric()).isEqualTo(upper);
      assertThat(i.usedReplicates()).isEqualTo(2000);
    }
  }

  @Test
  void classificationIntervalsOfEachModel() {
    // "# classification(1, 200) n = 200"
    PairedClassification data = TestData.classification(1, 200).paired();
    Map<Metric, MetricInterval> p = data.primaryIntervals(PairedBootstrap.defaults());
    Map<Metric, MetricInterval> s = data.shadowIntervals(PairedBootstrap.defaults());
    MetricInterval.Method w = MetricInterval.Method.WILSON;
    MetricInterval.Method b = MetricInterval.Method.BOOTSTRAP;
    assertInterval(p.get(Metric.ACCURACY), 0.75, 0.6856590168795417, 0.8049183199318249, w);
    assertInterval(
        p.get(Metric.PRECISION), 0.6989247311827957, 0.5993307953519994, 0.7827369724261274, w);
    assertInterval(
        p.get(Metric.RECALL), 0.7471264367816092, 0.6466842633310181, 0.8266678884092442, w);
    assertInterval(p.get(Metric.F1), 0.7222222222222222, 0.6390532544378699, 0.7934825741890958, b);
    assertInterval(
        p.get(Metric.ROC_AUC), 0.8810904282372088, 0.8295167548436039, 0.9222939598511244, b);
    assertInterval(
        p.get(Metric.BRIER), 0.14966250000000003, 0.13241062499999995, 0.16775124999999996, b);
    assertInterval(
        p.get(Metric.LOG_LOSS), 0.4576110571786257, 0.41722319750015063, 0.5001651412948843, b);
    assertInterval(s.get(Metric.ACCURACY), 0.905, 0.8563983883518006, 0.9383368972826135, w);
    assertInterval(
        s.get(Metric.RECALL), 0.8850574712643678, 0.8011941795053155, 0.9363545220434655, w);
    assertInterval(
        s.get(Metric.ROC_AUC), 0.9840301088393857, 0.9705860506341756, 0.9936427091021036, b);
    assertInterval(
        s.get(Metric.LOG_LOSS), 0.32554701386186635, 0.29357567910562865, 0.35703790321068435, b);
  }

  @Test
  void regressionIntervalsOfEachModel() {
    // "# regression(2, 150)"
    PairedRegression data = TestData.regression(2, 150).paired();
    Map<Metric, MetricInterval> p = data.primaryIntervals(PairedBootstrap.defaults());
    Map<Metric, MetricInterval> s = data.shadowIntervals(PairedBootstrap.defaults());
    MetricInterval.Method b = MetricInterval.Method.BOOTSTRAP;
    assertInterval(
        p.get(Metric.MAE), 0.5302384033358716, 0.48578379112768616, 0.5763899086382108, b);
    assertInterval(p.get(Metric.R2), 0.9524220186015434, 0.9412272508108634, 0.9608581214538785, b);
    assertInterval(
        s.get(Metric.RMSE), 0.4029573802953839, 0.3701971963819623, 0.4355653416132138, b);
  }

  @Test
  void unscoredModelsHaveNoScoredIntervalsAndUndefinedProportionsHaveNone() {
    // nothing predicted positive: precision is undefined, and so is its interval
    boolean[] truth = {true, false, true, false};
    boolean[] never = {false, false, false, false};
    PairedClassification data = PairedClassification.of(truth, never, truth);
    Map<Metric, MetricInterval> p = data.primaryIntervals(PairedBootstrap.defaults());
    assertThat(p).containsOnlyKeys(Metric.ACCURACY, Metric.PRECISION, Metric.RECALL, Metric.F1);
    assertThat(p.get(Metric.PRECISION).value()).isNaN();
    assertThat(p.get(Metric.PRECISION).lower()).isNaN();
    assertThat(p.get(Metric.ACCURACY).lower()).isPositive();
  }

  @Test
  void zOfTheWilsonIntervalsFollowsAlpha() {
    assertThat(PairedBootstrap.defaults().twoSidedZ()).isEqualTo(WilsonInterval.Z95);
    // scipy.stats.norm.isf(0.05): 1.6448536269514729
    assertThat(PairedBootstrap.defaults().withAlpha(0.1).twoSidedZ())
        .isCloseTo(1.6448536269514729, within(1e-14));
  }
}
