package dev.shadowpipeline.shadow.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    // same call and version (printed again by reference_values.py in the test resources)
    "1, 7, 0.02567962434474358, 0.5131278292743189",
    "150, 200, 0.6856590168795417, 0.8049183199318249",
    "0, 1, 0.0, 0.7934506856227626",
    "123456, 1000000, 0.12281269653142284, 0.12410219641400437",
  })
  void matchesScipy(long k, long n, double lower, double upper) {
    WilsonInterval w = WilsonInterval.of(k, n);
    assertThat(w.lower()).isCloseTo(lower, within(1e-12));
    assertThat(w.upper()).isCloseTo(upper, within(1e-12));
  }

  @Test
  void endsAreExactAtNoneAndAll() {
    // scipy sets lo = 0.0 when k = 0 and hi = 1.0 when k = n (_binom_wilson_conf_int)
    assertThat(WilsonInterval.of(0, 7).lower()).isEqualTo(0.0);
    assertThat(WilsonInterval.of(7, 7).upper()).isEqualTo(1.0);
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
