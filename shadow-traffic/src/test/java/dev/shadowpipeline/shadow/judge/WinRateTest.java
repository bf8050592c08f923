package dev.shadowpipeline.shadow.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shadow's win rate and its Wilson interval, against scipy and the formula. */
class WinRateTest {

  private static JudgeSummary summary(long shadow, long tie, long primary) {
    return new JudgeSummary(shadow, tie, primary, Map.of(), Map.of(), 0, List.of());
  }

  @Test
  void withoutTiesItIsScipysWilsonInterval() {
    // scipy 1.17.1: binomtest(14, 20).proportion_ci(confidence_level=0.95, method='wilson')
    double[] ci = summary(14, 0, 6).winRateInterval();
    assertThat(ci[0]).isCloseTo(0.4810271816464766, within(1e-12));
    assertThat(ci[1]).isCloseTo(0.8545227551323957, within(1e-12));
    // binomtest(0, 5) and binomtest(5, 5): the ends are exact
    assertThat(summary(0, 0, 5).winRateInterval()[0]).isZero();
    assertThat(summary(0, 0, 5).winRateInterval()[1]).isCloseTo(0.43448246478317476, within(1e-12));
    assertThat(summary(5, 0, 0).winRateInterval()[0]).isCloseTo(0.5655175352168251, within(1e-12));
    assertThat(summary(5, 0, 0).winRateInterval()[1]).isEqualTo(1.0);
  }

  @Test
  void aTieIsHalfAWinInTheScoreAndOneObservationInN() {
    // the Wilson formula with p = (wins + ties / 2) / n, z = scipy.stats.norm.ppf(0.975), computed
    // in Python with
    // scipy 1.17.1: center = (p + z²/2n) / (1 + z²/n), half = z·sqrt(p(1−p)/n + z²/4n²) / (1 +
    // z²/n)
    JudgeSummary s = summary(10, 5, 5); // score 12.5 of 20
    assertThat(s.winRate()).isEqualTo(0.625);
    assertThat(s.winRateInterval()[0]).isCloseTo(0.4094895661514267, within(1e-12));
    assertThat(s.winRateInterval()[1]).isCloseTo(0.8002291443353686, within(1e-12));
    JudgeSummary small = summary(2, 3, 2); // score 3.5 of 7
    assertThat(small.winRateInterval()[0]).isCloseTo(0.20237169360648533, within(1e-12));
    assertThat(small.winRateInterval()[1]).isCloseTo(0.7976283063935147, within(1e-12));
  }

  @Test
  void withoutVerdictsTheRateIsUnknownNotZero() {
    JudgeSummary none = summary(0, 0, 0);
    assertThat(none.winRate()).isNaN();
    assertThat(none.winRateInterval()[0]).isNaN();
    assertThat(none.winRateInterval()[1]).isNaN();
  }
}
