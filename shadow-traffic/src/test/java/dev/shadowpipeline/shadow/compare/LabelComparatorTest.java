package dev.shadowpipeline.shadow.compare;

import static dev.shadowpipeline.shadow.compare.Pairs.answer;
import static dev.shadowpipeline.shadow.compare.Pairs.failed;
import static dev.shadowpipeline.shadow.compare.Pairs.lines;
import static dev.shadowpipeline.shadow.compare.Pairs.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.shadow.compare.LabelComparator.FlipRule;
import dev.shadowpipeline.shadow.compare.LabelComparator.Spec;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelComparatorTest {

  private final LabelComparator loan =
      new LabelComparator(
          Spec.of("/decision")
              .withRules(
                  List.of(
                      new FlipRule("reject", "approve", Severity.CRITICAL),
                      new FlipRule("approve", "*", Severity.INFO),
                      new FlipRule("*", "*", Severity.WARNING))));

  @Test
  void sameLabelMatchesAndIsObserved() {
    Verdict v =
        loan.compare(ok("{\"decision\":\"approve\"}"), ok("{\"decision\":\"approve\",\"p\":0.9}"));
    assertThat(v.match()).isTrue();
    assertThat(v.observations())
        .containsExactly(Observation.labels("label", "/decision", "approve", "approve"));
    assertThat(v.observations().get(0).value()).isEqualTo(1.0);
  }

  @Test
  void rejectToApproveIsCriticalByTheFirstMatchingRule() {
    Verdict v = loan.compare(ok("{\"decision\":\"reject\"}"), ok("{\"decision\":\"approve\"}"));
    assertThat(lines(v)).containsExactly("LABEL_FLIP /decision critical reject -> approve");
    assertThat(v.differences().get(0).primary().asText()).isEqualTo("reject");
    assertThat(v.differences().get(0).shadow().asText()).isEqualTo("approve");
    assertThat(v.severity()).isEqualTo(Severity.CRITICAL);
    Observation o = v.observations().get(0);
    assertThat(o.primary()).isEqualTo("reject");
    assertThat(o.shadow()).isEqualTo("approve");
    assertThat(o.value()).isZero();
  }

  @Test
  void rulesAreTriedInOrderWithWildcards() {
    assertThat(loan.severityOf("approve", "reject"))
        .isEqualTo(Severity.INFO); // second rule, before the catch-all
    assertThat(loan.severityOf("review", "reject")).isEqualTo(Severity.WARNING);
    LabelComparator noRules = new LabelComparator(Spec.of("/decision"));
    assertThat(noRules.severityOf("a", "b")).isEqualTo(Severity.WARNING);
    assertThat(
            new LabelComparator(Spec.of("/d").withDefaultSeverity(Severity.INFO))
                .severityOf("a", "b"))
        .isEqualTo(Severity.INFO);
  }

  @Test
  void starMatchesAnyRunOfCharactersInsideAPattern() {
    FlipRule rule = new FlipRule("reject*", "*approve*", Severity.CRITICAL);
    assertThat(rule.matches("reject", "approve")).isTrue();
    assertThat(rule.matches("reject_hard", "auto_approve_v2")).isTrue();
    assertThat(rule.matches("soft_reject", "approve")).isFalse();
    assertThat(rule.matches("reject", "approv")).isFalse();
    assertThat(FlipRule.glob("a*b*c", "aXbYbZc")).isTrue();
    assertThat(FlipRule.glob("a*b", "ab")).isTrue();
    assertThat(FlipRule.glob("a*b", "abc")).isFalse();
    assertThat(FlipRule.glob("*", "")).isTrue();
    assertThat(FlipRule.glob("Approve", "approve")).isFalse(); // case-sensitive
  }

  @Test
  void numbersAndBooleansAreLabelsInCanonicalForm() {
    LabelComparator cls = new LabelComparator(Spec.of("/class"));
    assertThat(cls.compare(ok("{\"class\":1}"), ok("{\"class\":1.0}")).match()).isTrue();
    assertThat(cls.compare(ok("{\"class\":2.50}"), ok("{\"class\":2.5}")).match()).isTrue();
    assertThat(lines(cls.compare(ok("{\"class\":1}"), ok("{\"class\":2}"))))
        .containsExactly("LABEL_FLIP /class warning 1 -> 2");
    assertThat(lines(cls.compare(ok("{\"class\":true}"), ok("{\"class\":false}"))))
        .containsExactly("LABEL_FLIP /class warning true -> false");
    // a string "1" and a number 1 are the same label text
    assertThat(cls.compare(ok("{\"class\":\"1\"}"), ok("{\"class\":1}")).match()).isTrue();
  }

  @Test
  void labelAbsentOrNotAScalarOnOneSideIsOutputMissing() {
    Verdict absent = loan.compare(ok("{\"decision\":\"approve\"}"), ok("{\"other\":1}"));
    assertThat(lines(absent))
        .containsExactly(
            "OUTPUT_MISSING /decision warning shadow output at '/decision' is absent, expected a string, number or "
                + "boolean label");
    assertThat(absent.observations()).isEmpty();
    assertThat(lines(loan.compare(ok("{\"decision\":[1]}"), ok("{\"decision\":\"approve\"}"))))
        .containsExactly(
            "OUTPUT_MISSING /decision warning primary output at '/decision' is a JSON array, expected a string, number "
                + "or boolean label");
    assertThat(lines(loan.compare(ok("{\"decision\":\"approve\"}"), ok("not json"))))
        .singleElement()
        .asString()
        .startsWith("OUTPUT_MISSING /decision warning shadow output");
    assertThat(lines(loan.compare(ok("{\"decision\":null}"), ok("{\"decision\":\"a\"}"))))
        .singleElement()
        .asString()
        .contains("is a JSON null");
  }

  @Test
  void absentOnBothSidesIsNoDifference() {
    Verdict v = loan.compare(ok("{}"), ok("plain text"));
    assertThat(v.match()).isTrue();
    assertThat(v.observations()).isEmpty();
  }

  @Test
  void saysNothingWhenASideFailedOrIsNot2xx() {
    String approve = "{\"decision\":\"approve\"}";
    for (Verdict v :
        List.of(
            loan.compare(ok(approve), failed(ErrorKind.TIMEOUT)),
            loan.compare(failed(ErrorKind.CONNECTION_REFUSED), ok(approve)),
            loan.compare(ok(approve), answer(500, "{\"error\":\"boom\"}", 1)),
            loan.compare(answer(404, "", 1), answer(404, "", 1)),
            loan.compare(ok(approve), Pairs.truncated("{\"decision\":\"rej")))) {
      assertThat(v.match()).isTrue();
      assertThat(v.observations()).isEmpty();
      assertThat(v.comparator()).isEqualTo("label");
    }
  }

  @Test
  void wholeBodyLabelWithTheEmptyPointer() {
    LabelComparator whole = new LabelComparator(Spec.of(""));
    assertThat(lines(whole.compare(ok("\"cat\""), ok("\"dog\""))))
        .containsExactly("LABEL_FLIP  warning cat -> dog");
  }

  @Test
  void badConfigurationIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> Spec.of("decision"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label pointer must be a JSON Pointer such as /output/label: 'decision'");
    assertThatThrownBy(() -> new FlipRule("", "approve", Severity.CRITICAL))
        .hasMessageContaining("flip rule 'from'")
        .hasMessageContaining("''");
    assertThatThrownBy(() -> new FlipRule("reject", null, Severity.CRITICAL))
        .hasMessageContaining("'null'");
    assertThatThrownBy(() -> new FlipRule("reject", "approve", null))
        .hasMessageContaining("flip rule severity");
  }
}
