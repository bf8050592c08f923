package dev.shadowpipeline.shadow.compare;

import static dev.shadowpipeline.shadow.compare.Pairs.answer;
import static dev.shadowpipeline.shadow.compare.Pairs.failed;
import static dev.shadowpipeline.shadow.compare.Pairs.lines;
import static dev.shadowpipeline.shadow.compare.Pairs.metric;
import static dev.shadowpipeline.shadow.compare.Pairs.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shadowpipeline.shadow.compare.ScoreComparator.Spec;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import org.junit.jupiter.api.Test;

class ScoreComparatorTest {

  private static Verdict compare(ScoreComparator c, double p, double s) {
    return c.compare(ok("{\"p\":" + p + "}"), ok("{\"p\":" + s + "}"));
  }

  @Test
  void deltaIsShadowMinusPrimaryOnEveryPair() {
    ScoreComparator c = new ScoreComparator(Spec.of("/p").withTolerance(0.05, 0));
    Verdict v = compare(c, 0.70, 0.73);
    // d = 0.73 - 0.70 = 0.03 <= 0.05 absolute: within tolerance
    assertThat(v.match()).isTrue();
    assertThat(metric(v, "delta")).isCloseTo(0.03, within(1e-12));
    assertThat(v.observations().get(0).key()).isEqualTo("score:/p:delta");
    assertThat(metric(compare(c, 0.70, 0.60), "delta")).isCloseTo(-0.10, within(1e-12));
  }

  @Test
  void divergesOnlyWhenBeyondBothTolerances() {
    // abs 0.01, rel 0.1: diverge when |d| > 0.01 AND |d| > 0.1 * max(|p|, |s|)
    ScoreComparator c = new ScoreComparator(Spec.of("/p").withTolerance(0.01, 0.1));
    // p=100, s=105: |d| = 5 > 0.01 but 5 <= 0.1*105 = 10.5 -> within relative tolerance
    assertThat(compare(c, 100, 105).match()).isTrue();
    // p=100, s=112: |d| = 12 > 0.01 and 12 > 0.1*112 = 11.2 -> diverges
    assertThat(lines(compare(c, 100, 112)))
        .containsExactly("SCORE_DELTA /p warning delta +12 (100 -> 112)");
    // p=0.001, s=0.009: |d| = 0.008 <= 0.01 absolute -> within (relative alone would diverge: 0.008
    // > 0.0009)
    assertThat(compare(c, 0.001, 0.009).match()).isTrue();
    // p=0.10, s=0.05: |d| = 0.05 > 0.01 and 0.05 > 0.1*0.10 = 0.01 -> diverges
    assertThat(lines(compare(c, 0.10, 0.05)))
        .containsExactly("SCORE_DELTA /p warning delta -0.05 (0.1 -> 0.05)");
  }

  @Test
  void defaultToleranceForgivesOnlyNumericNoise() {
    ScoreComparator c = new ScoreComparator(Spec.of("/p"));
    // |d| = 1e-10 <= 1e-9 absolute
    assertThat(compare(c, 0.5, 0.5000000001).match()).isTrue();
    // |d| = 1e-4 > 1e-9 and > 1e-6 * 0.5001
    assertThat(compare(c, 0.5, 0.5001).match()).isFalse();
    // small deltas keep their significant digits in the reason
    assertThat(lines(compare(c, 0.5, 0.5000123)))
        .containsExactly("SCORE_DELTA /p warning delta +0.0000123 (0.5 -> 0.500012)");
  }

  @Test
  void crossingTheThresholdIsADecisionFlipWithItsOwnSeverity() {
    ScoreComparator c =
        new ScoreComparator(
            Spec.of("/p")
                .withTolerance(0.01, 0)
                .withDecision(0.5, Severity.CRITICAL)
                .withDeltaSeverity(Severity.INFO));
    // (0.52 >= 0.5) = true, (0.49 >= 0.5) = false -> flip, even though |d| = 0.03 would only be a
    // delta
    Verdict flip = compare(c, 0.52, 0.49);
    assertThat(lines(flip)).containsExactly("DECISION_FLIP /p critical 0.52 >= 0.5 -> 0.49 < 0.5");
    assertThat(metric(flip, "delta")).isCloseTo(-0.03, within(1e-12));
    // the threshold itself is on the upper side: 0.5 >= 0.5
    assertThat(lines(compare(c, 0.4999, 0.5)))
        .containsExactly("DECISION_FLIP /p critical 0.4999 < 0.5 -> 0.5 >= 0.5");
    // a flip within the tolerance is still a flip: |d| = 0.0002 <= 0.01
    assertThat(compare(c, 0.4999, 0.5001).match()).isFalse();
    // same side, beyond tolerance: a delta with its own severity
    assertThat(lines(compare(c, 0.6, 0.9)))
        .containsExactly("SCORE_DELTA /p info delta +0.3 (0.6 -> 0.9)");
    // same side, within tolerance
    assertThat(compare(c, 0.6, 0.605).match()).isTrue();
  }

  @Test
  void integersAndBigNumbersAreNumbers() {
    ScoreComparator c = new ScoreComparator(Spec.of("/n"));
    assertThat(c.compare(ok("{\"n\":3}"), ok("{\"n\":3.0}")).match()).isTrue();
    assertThat(lines(c.compare(ok("{\"n\":3}"), ok("{\"n\":1e400}"))))
        .singleElement()
        .asString()
        .isEqualTo(
            "OUTPUT_MISSING /n warning shadow output at '/n' is a JSON number, expected a finite JSON number");
  }

  @Test
  void aNumericStringOrNullIsNotAScore() {
    ScoreComparator c = new ScoreComparator(Spec.of("/p"));
    assertThat(lines(c.compare(ok("{\"p\":0.5}"), ok("{\"p\":\"0.5\"}"))))
        .containsExactly(
            "OUTPUT_MISSING /p warning shadow output at '/p' is a JSON string, expected a finite JSON number");
    assertThat(lines(c.compare(ok("{\"p\":null}"), ok("{\"p\":0.5}"))))
        .singleElement()
        .asString()
        .startsWith("OUTPUT_MISSING /p warning primary output at '/p' is a JSON null");
    Verdict both = c.compare(ok("[]"), ok("{}"));
    assertThat(both.match()).isTrue();
    assertThat(both.observations()).isEmpty();
  }

  @Test
  void saysNothingWhenASideFailed() {
    ScoreComparator c = new ScoreComparator(Spec.of("/p"));
    assertThat(c.compare(ok("{\"p\":1}"), failed(ErrorKind.TIMEOUT)).observations()).isEmpty();
    assertThat(c.compare(ok("{\"p\":1}"), answer(503, "{\"p\":0}", 1)).match()).isTrue();
  }

  @Test
  void badConfigurationIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> Spec.of("/p").withTolerance(-1, 0))
        .hasMessage("absolute tolerance must be a finite number >= 0: -1.0");
    assertThatThrownBy(() -> Spec.of("/p").withTolerance(0, Double.NaN))
        .hasMessage("relative tolerance must be a finite number >= 0: NaN");
    assertThatThrownBy(() -> Spec.of("/p").withDecision(Double.NaN, Severity.CRITICAL))
        .hasMessage("score decision threshold must be a finite number: NaN");
    assertThatThrownBy(() -> Spec.of("p")).hasMessageContaining("'p'");
  }
}
