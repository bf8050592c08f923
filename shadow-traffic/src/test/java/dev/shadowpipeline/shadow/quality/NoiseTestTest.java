package dev.shadowpipeline.shadow.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The noise test's p-value against the pooled z formula evaluated with scipy 1.17.1 ({@code reference_values.py}):
 * {@code p0, p1, p = x0/n0, x1/n1, (x0+x1)/(n0+n1); z = (p1 - p0)/sqrt(p*(1-p)*(1/n0 + 1/n1));
 * scipy.stats.norm.sf(z)}; relative tolerance 1e-9.
 */
class NoiseTestTest {

  @ParameterizedTest
  @CsvSource({
    "20, 1000, 35, 1000, 0.020133600090916717",
    "20, 1000, 45, 1000, 0.000809338803318896",
    "50, 1000, 50, 1000, 0.5",
    "5, 200, 2, 300, 0.9563064165506415",
    "300, 1000, 320, 1000, 0.1667814049185291",
    "300, 10000, 390, 10000, 0.00024430990985615494",
    "0, 500, 3, 500, 0.04140098835899241",
    "1000, 100000, 1300, 100000, 1.5698939200209561e-10",
    "1, 10, 9, 10, 0.0001733096755673331",
    "10, 1000, 200, 1000, 5.609992329372442e-44",
  })
  void pValueMatchesTheFormulaWithScipy(long x0, long n0, long x1, long n1, double expected) {
    assertThat(NoiseTest.pValue(x0, n0, x1, n1)).isCloseTo(expected, within(1e-9 * expected));
  }

  @Test
  void identicalZeroOrFullRatesAreEqualRates() {
    // the formula is 0/0 (scipy would give nan); z = 0 as for any two equal rates, like the "50,
    // 1000, 50, 1000" case
    assertThat(NoiseTest.pValue(0, 100, 0, 50)).isEqualTo(0.5);
    assertThat(NoiseTest.pValue(100, 100, 50, 50)).isEqualTo(0.5);
    assertThat(NoiseTest.defaults().test(0, 100, 0, 50).noise()).isTrue();
  }

  @Test
  void aFieldTheSecondaryNeverDifferedOnIsReal() {
    // 0 of 60 vs 3 of 60: p = 0.0397 (scipy 1.17.1 norm.sf of the pooled z), not significant at
    // 0.01,
    // yet the secondary never showed noise there
    NoiseDecision d = NoiseTest.defaults().test(0, 60, 3, 60);
    assertThat(d.pValue()).isCloseTo(0.03970531299947108, within(1e-12));
    assertThat(d.verdict()).isEqualTo(NoiseDecision.Verdict.REAL);
    // ... and one noisy pair is enough evidence for the test to decide
    assertThat(NoiseTest.defaults().test(1, 60, 3, 60).noise()).isTrue();
  }

  @Test
  void significantAndMaterialIsReal() {
    // 2.0% vs 4.5%: p = 0.00081 < 0.01, excess 0.025 > floor max(0.005, 0.1 * 0.02) = 0.005
    NoiseDecision d = NoiseTest.defaults().test(20, 1000, 45, 1000);
    assertThat(d.verdict()).isEqualTo(NoiseDecision.Verdict.REAL);
    assertThat(d.verdict().key()).isEqualTo("real");
    assertThat(d.noiseRate()).isEqualTo(0.02);
    assertThat(d.candidateRate()).isEqualTo(0.045);
    assertThat(d.floor()).isEqualTo(0.005);
    assertThat(d.noise()).isFalse();
  }

  @Test
  void notSignificantIsNoise() {
    // 2.0% vs 3.5%: p = 0.020 >= 0.01
    NoiseDecision d = NoiseTest.defaults().test(20, 1000, 35, 1000);
    assertThat(d.verdict()).isEqualTo(NoiseDecision.Verdict.NOISE);
    assertThat(d.verdict().key()).isEqualTo("noise");
    // ... but real at alpha = 0.05
    assertThat(NoiseTest.defaults().withAlpha(0.05).test(20, 1000, 35, 1000).noise()).isFalse();
  }

  @Test
  void significantButWithinTheAbsoluteFloorIsNoise() {
    // 1.00% vs 1.30% over 100,000 pairs each: p = 1.6e-10, but 0.003 is within the 0.005 floor
    NoiseDecision d = NoiseTest.defaults().test(1000, 100000, 1300, 100000);
    assertThat(d.pValue()).isLessThan(1e-9);
    assertThat(d.noise()).isTrue();
    assertThat(
            NoiseTest.defaults().withAbsoluteFloor(0.001).test(1000, 100000, 1300, 100000).noise())
        .isFalse();
  }

  @Test
  void significantButWithinTheRelativeFloorIsNoise() {
    // 30% vs 32.9% over 100,000 pairs each: p tiny, but the excess 0.029 is within the floor 0.1 *
    // 0.3 = 0.03
    NoiseDecision d = NoiseTest.defaults().test(30000, 100000, 32900, 100000);
    assertThat(d.floor()).isCloseTo(0.03, within(1e-15));
    assertThat(d.pValue()).isLessThan(1e-30);
    assertThat(d.noise()).isTrue();
    // 34% is above the floor
    assertThat(NoiseTest.defaults().test(30000, 100000, 34000, 100000).noise()).isFalse();
    assertThat(NoiseTest.defaults().withRelativeFloor(0).test(30000, 100000, 32900, 100000).noise())
        .isFalse();
  }

  @Test
  void aCandidateBelowTheNoiseIsNoise() {
    NoiseDecision d = NoiseTest.defaults().test(50, 1000, 10, 1000);
    assertThat(d.pValue()).isGreaterThan(0.99);
    assertThat(d.noise()).isTrue();
  }

  @Test
  void defaultsAreDocumented() {
    NoiseTest t = NoiseTest.defaults();
    assertThat(t.alpha()).isEqualTo(0.01);
    assertThat(t.absoluteFloor()).isEqualTo(0.005);
    assertThat(t.relativeFloor()).isEqualTo(0.1);
  }

  @Test
  void rejectsImpossibleCountsAndSettings() {
    assertThatThrownBy(() -> NoiseTest.pValue(0, 0, 1, 10))
        .hasMessage("need 0 <= noise disagreements <= trials and trials > 0: 0 of 0");
    assertThatThrownBy(() -> NoiseTest.pValue(1, 10, 11, 10))
        .hasMessage("need 0 <= candidate disagreements <= trials and trials > 0: 11 of 10");
    assertThatThrownBy(() -> NoiseTest.defaults().withAlpha(Double.NaN))
        .hasMessage("alpha must be in (0, 1): NaN");
    assertThatThrownBy(() -> NoiseTest.defaults().withAbsoluteFloor(-0.1))
        .hasMessage("absolute floor must be in [0, 1]: -0.1");
    assertThatThrownBy(() -> NoiseTest.defaults().withRelativeFloor(Double.POSITIVE_INFINITY))
        .hasMessage("relative floor must be finite and >= 0: Infinity");
  }
}
