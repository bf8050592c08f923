package dev.shadowpipeline.shadow.compare;

import static dev.shadowpipeline.shadow.compare.Pairs.answer;
import static dev.shadowpipeline.shadow.compare.Pairs.failed;
import static dev.shadowpipeline.shadow.compare.Pairs.lines;
import static dev.shadowpipeline.shadow.compare.Pairs.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.shadow.compare.ErrorComparator.Spec;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorComparatorTest {

  private final ErrorComparator defaults = new ErrorComparator(Spec.defaults());

  @Test
  void bothAnsweredInTheSameClassIsAMatch() {
    Verdict v = defaults.compare(ok("{}"), answer(201, "different body", 1));
    assertThat(v.match()).isTrue();
    assertThat(v.comparator()).isEqualTo("errors");
    assertThat(defaults.compare(answer(503, "", 1), answer(500, "", 1)).match()).isTrue();
  }

  @Test
  void statusClassMismatch() {
    Verdict v = defaults.compare(ok("{}"), answer(502, "bad gateway", 1));
    assertThat(lines(v)).containsExactly("STATUS_CLASS  warning 2xx -> 5xx");
    assertThat(v.differences().get(0).primary().intValue()).isEqualTo(200);
    assertThat(v.differences().get(0).shadow().intValue()).isEqualTo(502);
    assertThat(lines(defaults.compare(answer(404, "", 1), ok("{}"))))
        .containsExactly("STATUS_CLASS  warning 4xx -> 2xx");
  }

  @Test
  void shadowTimeoutAndOtherShadowErrors() {
    Verdict timeout = defaults.compare(ok("{}"), failed(ErrorKind.TIMEOUT));
    assertThat(lines(timeout)).containsExactly("SHADOW_TIMEOUT  warning timeout: test");
    assertThat(timeout.differences().get(0).shadow().asText()).isEqualTo("timeout");
    assertThat(timeout.differences().get(0).primary()).isNull();
    assertThat(lines(defaults.compare(ok("{}"), failed(ErrorKind.CONNECTION_REFUSED))))
        .containsExactly("SHADOW_ERROR  warning connection_refused: test");
  }

  @Test
  void primaryErrorsAreInfoAndNotComparedFurther() {
    assertThat(lines(defaults.compare(failed(ErrorKind.CONNECTION_RESET), ok("{}"))))
        .containsExactly("PRIMARY_ERROR  info connection_reset: test");
    assertThat(lines(defaults.compare(failed(ErrorKind.TIMEOUT), failed(ErrorKind.TLS))))
        .containsExactly("PRIMARY_ERROR  info timeout: test", "SHADOW_ERROR  warning tls: test");
  }

  @Test
  void severitiesAreConfigurable() {
    ErrorComparator strict =
        new ErrorComparator(
            new Spec(Severity.CRITICAL, Severity.INFO, Severity.CRITICAL, Severity.WARNING));
    assertThat(strict.compare(ok("{}"), answer(500, "", 1)).severity())
        .isEqualTo(Severity.CRITICAL);
    assertThat(strict.compare(ok("{}"), failed(ErrorKind.TIMEOUT)).severity())
        .isEqualTo(Severity.INFO);
    assertThat(strict.compare(failed(ErrorKind.OTHER), ok("{}")).severity())
        .isEqualTo(Severity.WARNING);
    assertThatThrownBy(() -> new Spec(null, Severity.INFO, Severity.INFO, Severity.INFO))
        .hasMessageContaining("status class severity");
  }

  @Test
  void theOutputComparatorsStaySilentOnEveryPairTheErrorComparatorSpeaksFor() {
    List<ResponseComparator> outputs =
        List.of(
            new LabelComparator(LabelComparator.Spec.of("/label")),
            new ScoreComparator(ScoreComparator.Spec.of("/score")),
            new RankingComparator(RankingComparator.Spec.of("/ids")),
            new TextComparator(TextComparator.Spec.defaults()));
    String good = "{\"label\":\"a\",\"score\":0.5,\"ids\":[1,2,3]}";
    List<Answer[]> pairs =
        List.of(
            new Answer[] {ok(good), failed(ErrorKind.TIMEOUT)},
            new Answer[] {failed(ErrorKind.CONNECTION_REFUSED), ok(good)},
            new Answer[] {ok(good), answer(500, "<html>boom</html>", 1)},
            new Answer[] {answer(429, "slow down", 1), ok(good)},
            new Answer[] {failed(ErrorKind.TIMEOUT), failed(ErrorKind.TIMEOUT)});
    for (Answer[] pair : pairs) {
      assertThat(defaults.compare(pair[0], pair[1]).match()).isFalse();
      for (ResponseComparator c : outputs) {
        Verdict v = c.compare(pair[0], pair[1]);
        assertThat(v.differences()).as(c.name()).isEmpty();
        assertThat(v.observations()).as(c.name()).isEmpty();
      }
    }
  }
}
