package dev.shadowpipeline.shadow.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Reference values from scipy 1.17.1:
 * {@code scipy.stats.binomtest(k, n).proportion_ci(method='wilson')}.
 */
class WilsonIntervalTest {

  @ParameterizedTest
  @CsvSource({
    "3, 3, 0.4385029682449546, 1.0",
    "990, 1000, 0.9816905311296852, 0.9945592455544706",
    "0, 10, 0.0, 0.27753279986288926",
    "9950, 10000, 0.9934147426838684, 0.9962050989291618",
    "50, 100, 0.4038315303659956, 0.5961684696340044",
  })
  void matchesScipy(long k, long n, double lower, double upper) {
    WilsonInterval w = WilsonInterval.of(k, n);
    assertThat(w.lower()).isCloseTo(lower, within(1e-12));
    assertThat(w.upper()).isCloseTo(upper, within(1e-12));
  }

  @Test
  void threeOfThreeDoesNotPassAStrictGate() {
    assertThat(WilsonInterval.of(3, 3).lower()).isLessThan(0.99);
  }

  @Test
  void noTrialsMeansUnknown() {
    WilsonInterval w = WilsonInterval.of(0, 0);
    assertThat(w.lower()).isZero();
    assertThat(w.upper()).isEqualTo(1);
    assertThat(w.proportion()).isNaN();
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThatThrownBy(() -> WilsonInterval.of(4, 3)).isInstanceOf(IllegalArgumentException.class);
  }
}
