package dev.shadowpipeline.shadow.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * McNemar's exact p-value against scipy 1.17.1: {@code scipy.stats.binomtest(b, b + c, 0.5).pvalue}, printed by
 * {@code reference_values.py}; relative tolerance 1e-9 (scipy adds the two tails separately, we double one).
 */
class McNemarTest {

  @ParameterizedTest
  @CsvSource({
    "1, 0, 1.0",
    "5, 0, 0.0625",
    "3, 10, 0.09228515625",
    "10, 3, 0.09228515625",
    "7, 7, 1.0",
    "6, 7, 1.0",
    "20, 35, 0.05806414679240905",
    "480, 520, 0.2174482932041415",
    "4800, 5200, 6.593515598672343e-05",
    "10000, 10400, 0.005211904014323954",
    "49000, 51000, 2.5887160383468943e-10",
    "100, 1000, 2.3274498138260934e-187",
  })
  void matchesScipy(long b, long c, double expected) {
    assertThat(McNemar.exactPValue(b, c)).isCloseTo(expected, within(1e-9 * expected));
  }

  @Test
  void tailsBelowTheSmallestDoubleAreZero() {
    // scipy: binomtest(0, 2000, 0.5).pvalue = 0.0 and binomtest(0, 1100, 0.5).pvalue = 0.0 (2 *
    // 2^-1100 underflows)
    assertThat(McNemar.exactPValue(0, 2000)).isZero();
    assertThat(McNemar.exactPValue(0, 1100)).isZero();
    // 2 * 2^-1000 = 2^-999 is a normal double: no premature underflow
    assertThat(McNemar.exactPValue(1000, 0))
        .isCloseTo(Math.scalb(1.0, -999), within(Math.scalb(1e-9, -999)));
  }

  @Test
  void noDiscordantInputIsNoEvidence() {
    // scipy's binomtest needs n >= 1; with no discordant pair there is nothing to test, p = 1
    assertThat(McNemar.exactPValue(0, 0)).isEqualTo(1.0);
    assertThat(new Discordance(10, 0, 0, 3).mcnemarP()).isEqualTo(1.0);
  }

  @Test
  void discordanceCarriesTheTable() {
    Discordance d = new Discordance(137, 13, 44, 6);
    assertThat(d.total()).isEqualTo(200);
    assertThat(d.discordant()).isEqualTo(57);
    // scipy: binomtest(13, 57, 0.5).pvalue
    assertThat(d.mcnemarP())
        .isCloseTo(4.7104376093953786e-05, within(1e-9 * 4.7104376093953786e-05));
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThatThrownBy(() -> McNemar.exactPValue(-1, 3))
        .hasMessage("discordant counts must be non-negative: -1 and 3");
    assertThatThrownBy(() -> McNemar.exactPValue(Integer.MAX_VALUE, 1))
        .hasMessage("at most 2147483647 discordant inputs: 2147483648");
    assertThatThrownBy(() -> new Discordance(1, -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
