package dev.shadowpipeline.shadow.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.shadow.judge.VerdictParser.Letter;
import org.junit.jupiter.api.Test;

class VerdictParserTest {

  @Test
  void readsStrictJson() {
    VerdictParser.Parsed p =
        VerdictParser.parse("{\"winner\": \"B\", \"reason\": \"more complete\"}");
    assertThat(p.letter()).isEqualTo(Letter.B);
    assertThat(p.reason()).isEqualTo("more complete");
  }

  @Test
  void findsJsonInFencesAndProse() {
    assertThat(VerdictParser.parse("```json\n{\"winner\":\"a\",\"reason\":\"x\"}\n```").letter())
        .isEqualTo(Letter.A);
    assertThat(
            VerdictParser.parse(
                    "Looking at both {carefully}: {\"reason\": \"uses {braces} in \\\"quotes\\\"\", \"winner\": \"Tie\"}")
                .letter())
        .isEqualTo(Letter.TIE);
  }

  @Test
  void readsBareVerdicts() {
    assertThat(VerdictParser.parse("A").letter()).isEqualTo(Letter.A);
    assertThat(VerdictParser.parse("  \"b\". ").letter()).isEqualTo(Letter.B);
    assertThat(VerdictParser.parse("Answer B").letter()).isEqualTo(Letter.B);
    assertThat(VerdictParser.parse("tie").letter()).isEqualTo(Letter.TIE);
    assertThat(VerdictParser.parse("draw").reason()).isEmpty();
  }

  @Test
  void garbageIsNoVerdict() {
    assertThat(VerdictParser.parse(null)).isNull();
    assertThat(VerdictParser.parse("")).isNull();
    assertThat(VerdictParser.parse("I prefer the first one, mostly.")).isNull();
    assertThat(VerdictParser.parse("{\"winner\": \"C\"}")).isNull();
    assertThat(VerdictParser.parse("{\"winner\": 1}")).isNull();
    assertThat(VerdictParser.parse("{\"verdict\": \"A\"")).isNull();
    assertThat(VerdictParser.parse("A or B")).isNull();
  }

  @Test
  void placeholdersInAnAnswerStayAsTheyAre() {
    String filled =
        JudgePrompt.fill("Q {prompt} A {answer_a} B {answer_b}", "{answer_b}", "x{prompt}", "y");
    assertThat(filled).isEqualTo("Q {answer_b} A x{prompt} B y");
  }
}
