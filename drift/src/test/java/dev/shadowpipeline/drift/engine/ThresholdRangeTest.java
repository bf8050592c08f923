package dev.shadowpipeline.drift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.drift.stattest.StatTests;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Thresholds and drift shares that would decide every column (or dataset) alike are refused where they are read. The
 * comparisons are Evidently's ({@code p < t}, ks {@code p <= t}, {@code d >= t}, {@code share >= drift_share}): a
 * p-value lies in [0, 1], so p < 1.5 holds for every column; d >= 0 holds for every column, unchanged ones included.
 */
class ThresholdRangeTest {

  private static Optional<String> error(String text) {
    return TestSelection.resolve(text, StandardCatalog.INSTANCE).error();
  }

  @Test
  void aPValueThresholdMustLieStrictlyBetweenZeroAndOne() {
    assertThat(error("ks:1.5"))
        .contains("'ks' is a p-value test: its threshold must be in (0, 1), not 1.5");
    assertThat(error("chisquare:1")).get().asString().contains("in (0, 1), not 1.0");
    assertThat(error("ks:0")).contains("threshold must be a number above 0 and finite: 0.0");
    assertThat(error("ks:Infinity"))
        .contains("threshold must be a number above 0 and finite: Infinity");
    assertThat(error("ks:NaN")).contains("threshold must be a number above 0 and finite: NaN");
    assertThat(error("ks:0.999")).isEmpty();
    assertThat(error("ks:1e-300")).isEmpty();
    // a classifier's ROC AUC (or the quantile of random labellings' AUCs) lies in [0, 1] too
    assertThat(error("perc_text_content_drift:1.2"))
        .get()
        .asString()
        .contains("'perc_text_content_drift' is a ROC AUC test: its threshold must be in (0, 1)");
  }

  @Test
  void aDistanceThresholdMustBeAboveZeroAndFinite() {
    assertThat(error("wasserstein:1.5")).isEmpty(); // normed Wasserstein exceeds 1 for large shifts
    assertThat(error("psi:25")).isEmpty();
    assertThat(error("psi:0")).contains("threshold must be a number above 0 and finite: 0.0");
    assertThat(error("wasserstein:Infinity"))
        .contains("threshold must be a number above 0 and finite: Infinity");
    assertThat(error("jensenshannon:-0.1"))
        .contains("threshold must be a number above 0 and finite: -0.1");
  }

  @Test
  void aThresholdWithoutATestMustFitTheTestItMeets() {
    TestSelection alone = TestSelection.resolve(":1.5", StandardCatalog.INSTANCE).selection().get();
    // Evidently's default rule picks ks, chisquare or z for small columns: p-values
    assertThat(alone.thresholdMisfit(Optional.empty()))
        .get()
        .asString()
        .startsWith("a threshold without a test goes to Evidently's default tests")
        .contains("in (0, 1), not 1.5")
        .contains("wasserstein:1.5");
    assertThat(alone.thresholdMisfit(StatTests.find("wasserstein"))).isEmpty();
    assertThat(alone.thresholdMisfit(StatTests.find("mannw")))
        .contains("'mannw' is a p-value test: its threshold must be in (0, 1), not 1.5");
    assertThat(TestSelection.NONE.withThreshold(0.5).thresholdMisfit(Optional.empty())).isEmpty();
    assertThat(TestSelection.NONE.thresholdMisfit(Optional.empty())).isEmpty();
    assertThatThrownBy(() -> TestSelection.NONE.withThreshold(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TestSelection.NONE.withThreshold(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDriftShareOfZeroWouldCallEveryDatasetDrifted() {
    assertThatThrownBy(() -> DriftOptions.DEFAULTS.withDriftShare(0))
        .hasMessage("drift share must be in (0, 1]: 0.0");
    assertThatThrownBy(() -> DriftOptions.DEFAULTS.withDriftShare(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DriftOptions.DEFAULTS.withDriftShare(1).driftShare()).isEqualTo(1.0);
    assertThat(DriftOptions.parseDriftShare(" 0.25 ")).isEqualTo(0.25);
    assertThatThrownBy(() -> DriftOptions.parseDriftShare("0"))
        .hasMessage("must be a number in (0, 1]: 0");
    assertThatThrownBy(() -> DriftOptions.parseDriftShare("-0.1"))
        .hasMessage("must be a number in (0, 1]: -0.1");
    assertThatThrownBy(() -> DriftOptions.parseDriftShare("half"))
        .hasMessage("must be a number in (0, 1]: 'half'");
  }
}
