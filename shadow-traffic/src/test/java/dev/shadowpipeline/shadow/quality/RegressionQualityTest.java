package dev.shadowpipeline.shadow.quality;

import static dev.shadowpipeline.shadow.quality.ClassificationQualityTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Regression metrics against scikit-learn 1.9.1 (numpy 2.4.6), as printed by {@code reference_values.py}:
 * {@code mean_absolute_error}, {@code root_mean_squared_error}, {@code r2_score}; tolerance 1e-12 relative.
 */
class RegressionQualityTest {

  private static void assertMetrics(RegressionQuality q, double mae, double rmse, double r2) {
    assertClose(q.mae(), mae);
    assertClose(q.rmse(), rmse);
    assertClose(q.r2(), r2);
  }

  @Test
  void generatedDataMatchesScikitLearn() {
    // "regression(2, 150): sklearn per model"
    TestData.Regression data = TestData.regression(2, 150);
    assertMetrics(
        RegressionQuality.of(data.truth(), data.primary()),
        0.5302384033358716,
        0.6001163384116343,
        0.9524220186015434);
    assertMetrics(
        RegressionQuality.of(data.truth(), data.shadow()),
        0.3421158830600586,
        0.4029573802953839,
        0.9785487136873086);
  }

  @Test
  void scikitLearnsDocExample() {
    // "small": r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) = 0.9486081370449679 (also its
    // documentation's example)
    assertMetrics(
        RegressionQuality.of(new double[] {3, -0.5, 2, 7}, new double[] {2.5, 0, 2, 8}),
        0.5,
        0.6123724356957945,
        0.9486081370449679);
  }

  @Test
  void constantTruthFollowsForceFinite() {
    // "constant_truth_exact_mean": r2_score([3, 3, 3], [2, 3, 3]) = 0.0; "constant_truth_perfect":
    // 1.0
    assertMetrics(
        RegressionQuality.of(new double[] {3, 3, 3}, new double[] {2, 3, 3}),
        0.3333333333333333,
        0.5773502691896257,
        0.0);
    assertMetrics(RegressionQuality.of(new double[] {3, 3, 3}, new double[] {3, 3, 3}), 0, 0, 1.0);
  }

  @Test
  void constantTruthIsRecognisedEvenWhenItsMeanIsInexact() {
    // "constant_truth_0.1": scikit-learn 1.9.1 gives r2 = -1.7307656195116095e+31, because the mean
    // of [0.1]*3 is
    // 0.10000000000000002 and its denominator is 2e-33 instead of 0; here the documented 0
    RegressionQuality q =
        RegressionQuality.of(new double[] {0.1, 0.1, 0.1}, new double[] {0.2, 0.1, 0.1});
    assertMetrics(q, 0.03333333333333333, 0.05773502691896258, 0.0);
  }

  @Test
  void oneInputHasNoR2() {
    // "single": r2_score([1.0], [2.0]) = nan (with a warning)
    assertMetrics(RegressionQuality.of(new double[] {1}, new double[] {2}), 1.0, 1.0, Double.NaN);
  }

  @Test
  void emptyOrNonFiniteInputIsAnError() {
    assertThatThrownBy(() -> RegressionQuality.of(new double[0], new double[0]))
        .hasMessage("no labelled inputs: quality needs at least one");
    assertThatThrownBy(
            () -> RegressionQuality.of(new double[] {1, Double.NaN}, new double[] {1, 2}))
        .hasMessage("truth must be finite: truth[1] = NaN");
    assertThatThrownBy(
            () ->
                RegressionQuality.of(
                    new double[] {1, 2}, new double[] {1, Double.POSITIVE_INFINITY}))
        .hasMessage("model predictions must be finite: model predictions[1] = Infinity");
    assertThatThrownBy(() -> RegressionQuality.of(new double[] {1, 2}, new double[] {1}))
        .hasMessage("truth and model predictions must have the same length: 2 and 1");
  }

  @Test
  void valueByMetric() {
    RegressionQuality q =
        RegressionQuality.of(new double[] {3, -0.5, 2, 7}, new double[] {2.5, 0, 2, 8});
    assertThat(q.value(Metric.MAE)).isEqualTo(q.mae());
    assertThatThrownBy(() -> q.value(Metric.ACCURACY))
        .hasMessage("not a regression metric: accuracy");
  }
}
