package dev.shadowpipeline.shadow.compare;

import static dev.shadowpipeline.shadow.compare.Pairs.answer;
import static dev.shadowpipeline.shadow.compare.Pairs.failed;
import static dev.shadowpipeline.shadow.compare.Pairs.lines;
import static dev.shadowpipeline.shadow.compare.Pairs.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shadowpipeline.shadow.compare.LatencyComparator.Spec;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyComparatorTest {

  private final LatencyComparator defaults = new LatencyComparator(Spec.defaults());

  @Test
  void shadowSlowerThanTheBudgetIsInfoByDefault() {
    // 250.5 - 10 = 240.5 ms > 200 ms
    Verdict v = defaults.compare(answer(200, "{}", 10), answer(200, "{}", 250.5));
    assertThat(metric(v, "latency_delta_ms")).isCloseTo(240.5, within(1e-9));
    assertThat(lines(v)).containsExactly("LATENCY  info shadow slower by 240.5 ms (budget 200 ms)");
    assertThat(v.differences().get(0).primary().doubleValue()).isEqualTo(10.0);
    assertThat(v.differences().get(0).shadow().doubleValue()).isEqualTo(250.5);
  }

  @Test
  void onBudgetOrFasterPasses() {
    // 210 - 10 = 200 ms: exactly the budget passes
    Verdict onBudget = defaults.compare(answer(200, "{}", 10), answer(200, "{}", 210));
    assertThat(onBudget.match()).isTrue();
    assertThat(metric(onBudget, "latency_delta_ms")).isEqualTo(200.0);
    // 40 - 100 = -60 ms: the shadow was faster
    Verdict faster = defaults.compare(answer(200, "{}", 100), answer(200, "{}", 40));
    assertThat(faster.match()).isTrue();
    assertThat(metric(faster, "latency_delta_ms")).isEqualTo(-60.0);
  }

  @Test
  void budgetAndSeverityAreConfigurable() {
    LatencyComparator strict =
        new LatencyComparator(
            Spec.defaults().withBudget(Duration.ofMillis(50)).withSeverity(Severity.CRITICAL));
    assertThat(lines(strict.compare(answer(200, "{}", 10), answer(200, "{}", 70))))
        .containsExactly("LATENCY  critical shadow slower by 60 ms (budget 50 ms)");
    assertThat(
            lines(
                new LatencyComparator(Spec.defaults().withBudget(Duration.ZERO))
                    .compare(answer(200, "{}", 10), answer(200, "{}", 10.001))))
        .hasSize(1);
  }

  @Test
  void measuredWhateverTheStatusButNotWhenASideFailed() {
    assertThat(defaults.compare(answer(200, "{}", 10), answer(500, "oops", 12)).observations())
        .hasSize(1);
    Verdict timeout = defaults.compare(answer(200, "{}", 10), failed(ErrorKind.TIMEOUT));
    assertThat(timeout.match()).isTrue();
    assertThat(timeout.observations()).isEmpty();
    assertThat(defaults.compare(failed(ErrorKind.OTHER), answer(200, "{}", 10)).observations())
        .isEmpty();
  }

  @Test
  void aNegativeBudgetIsRejected() {
    assertThatThrownBy(() -> Spec.defaults().withBudget(Duration.ofMillis(-1)))
        .hasMessage("latency budget must not be negative: PT-0.001S");
  }
}
