package dev.shadowpipeline.shadow.compare;

import static dev.shadowpipeline.shadow.compare.AnswerFixtures.answer;
import static dev.shadowpipeline.shadow.compare.AnswerFixtures.failed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.shadow.exchange.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonComparatorTest {

  private final JsonComparator exact = new JsonComparator(NumericTolerance.EXACT, List.of());

  private static JsonComparator ignoring(String... pointers) {
    return new JsonComparator(
        NumericTolerance.relative(1e-6),
        java.util.Arrays.stream(pointers).map(JsonPointerPattern::parse).toList());
  }

  @Test
  void sameJsonWithDifferentFormattingAndKeyOrderMatches() {
    Verdict v =
        exact.compare(
            answer(200, "{\"a\":1,\"b\":[true,null]}"),
            answer(200, "{ \"b\" : [true, null],\n\"a\":1.0 }"));
    assertThat(v.match()).isTrue();
    assertThat(v.differences()).isEmpty();
  }

  @Test
  void reportsEachKindOfStructuralDifferenceWithItsPointer() {
    Verdict v =
        exact.compare(
            answer(
                200,
                "{\"label\":\"approve\",\"score\":0.7,\"gone\":1,\"items\":[1,2,3],\"t\":\"1\",\"a/b\":{\"c~d\":1}}"),
            answer(
                200,
                "{\"label\":\"reject\",\"score\":0.7,\"items\":[1,2],\"t\":1,\"new\":true,\"a/b\":{\"c~d\":2}}"));
    assertThat(v.match()).isFalse();
    assertThat(v.differences())
        .extracting(d -> d.kind() + " " + d.path())
        .containsExactlyInAnyOrder(
            "VALUE_CHANGED /label",
            "MISSING_FIELD /gone",
            "ARRAY_LENGTH /items",
            "TYPE_CHANGED /t",
            "EXTRA_FIELD /new",
            "VALUE_CHANGED /a~1b/c~0d");
    Difference label =
        v.differences().stream().filter(d -> d.path().equals("/label")).findFirst().orElseThrow();
    assertThat(label.primary().asText()).isEqualTo("approve");
    assertThat(label.shadow().asText()).isEqualTo("reject");
  }

  @Test
  void numbersWithinTheRelativeToleranceAreEqual() {
    JsonComparator tolerant = new JsonComparator(NumericTolerance.relative(1e-6), List.of());
    // |0.5 - 0.5000004| = 4e-7 <= 1e-6 * 0.5000004 = 5.0e-7
    assertThat(
            tolerant.compare(answer(200, "{\"p\":0.5}"), answer(200, "{\"p\":0.5000004}")).match())
        .isTrue();
    // |0.5 - 0.5000006| = 6e-7 > 1e-6 * 0.5000006 = 5.0e-7
    assertThat(
            tolerant.compare(answer(200, "{\"p\":0.5}"), answer(200, "{\"p\":0.5000006}")).match())
        .isFalse();
    assertThat(exact.compare(answer(200, "{\"p\":0.5}"), answer(200, "{\"p\":0.5000004}")).match())
        .isFalse();
  }

  @Test
  void absoluteToleranceCoversValuesNearZero() {
    NumericTolerance t = new NumericTolerance(1e-6, 1e-9);
    assertThat(t.equal(0.0, 5e-10)).isTrue();
    assertThat(t.equal(0.0, 2e-9)).isFalse();
  }

  @Test
  void bigIntegersAreComparedExactly() {
    // 2^53 + 1 and 2^53 are one double apart from nothing: as doubles they are equal
    Verdict v =
        exact.compare(
            answer(200, "{\"id\":9007199254740993}"), answer(200, "{\"id\":9007199254740992}"));
    assertThat(v.match()).isFalse();
    Verdict big =
        exact.compare(
            answer(200, "{\"id\":123456789012345678901234567890}"),
            answer(200, "{\"id\":123456789012345678901234567890}"));
    assertThat(big.match()).isTrue();
  }

  @Test
  void ignoredPathsAndWildcardsAreLeftOut() {
    JsonComparator c = ignoring("/id", "/timestamp", "/items/*/trace");
    Verdict v =
        c.compare(
            answer(
                200,
                "{\"id\":\"a\",\"timestamp\":1,\"items\":[{\"v\":1,\"trace\":\"x\"},{\"v\":2,\"trace\":\"y\"}]}"),
            answer(
                200,
                "{\"id\":\"b\",\"items\":[{\"v\":1,\"trace\":\"q\"},{\"v\":2}],\"timestamp\":2}"));
    assertThat(v.match()).isTrue();
    Verdict still =
        c.compare(answer(200, "{\"items\":[{\"v\":1}]}"), answer(200, "{\"items\":[{\"v\":9}]}"));
    assertThat(still.differences()).extracting(Difference::path).containsExactly("/items/0/v");
  }

  @Test
  void statusMismatchIsADifferenceEvenWithEqualBodies() {
    Verdict v = exact.compare(answer(200, "{}"), answer(500, "{}"));
    assertThat(v.differences()).extracting(Difference::kind).containsExactly(DifferenceKind.STATUS);
    assertThat(v.differences().get(0).primary().asInt()).isEqualTo(200);
    assertThat(v.differences().get(0).shadow().asInt()).isEqualTo(500);
  }

  @Test
  void nonJsonBodiesAreComparedAsBytes() {
    assertThat(exact.compare(answer(200, "plain text"), answer(200, "plain text")).match())
        .isTrue();
    Verdict v = exact.compare(answer(200, "plain text"), answer(200, "plain text!"));
    assertThat(v.differences())
        .extracting(Difference::kind)
        .containsExactly(DifferenceKind.BODY_BYTES);
    Verdict mixed = exact.compare(answer(200, "{\"a\":1}"), answer(200, "<html>"));
    assertThat(mixed.differences().get(0).shadow().asText()).isEqualTo("non-JSON body, 6 bytes");
  }

  @Test
  void transportErrorsAreDifferencesOfTheirOwnKind() {
    Verdict shadowDown = exact.compare(answer(200, "{}"), failed(ErrorKind.TIMEOUT));
    assertThat(shadowDown.differences())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(DifferenceKind.SHADOW_ERROR);
              assertThat(d.shadow().asText()).isEqualTo("timeout");
            });
    Verdict bothDown =
        exact.compare(failed(ErrorKind.CONNECTION_REFUSED), failed(ErrorKind.TIMEOUT));
    assertThat(bothDown.differences())
        .extracting(Difference::kind)
        .containsExactly(DifferenceKind.PRIMARY_ERROR, DifferenceKind.SHADOW_ERROR);
  }

  @Test
  void listsAtMostTheCapButCountsEveryDifference() {
    StringBuilder p = new StringBuilder("[");
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < 100; i++) {
      p.append(i == 0 ? "" : ",").append(i);
      s.append(i == 0 ? "" : ",").append(i + 1);
    }
    Verdict v = exact.compare(answer(200, p + "]"), answer(200, s + "]"));
    assertThat(v.differenceCount()).isEqualTo(100);
    assertThat(v.differences()).hasSize(JsonComparator.DEFAULT_MAX_LISTED);
  }

  @Test
  void badPatternsAndTolerancesAreRefusedWithTheBadValue() {
    assertThatThrownBy(() -> JsonPointerPattern.parse("id"))
        .hasMessageContaining("must start with '/'")
        .hasMessageContaining("id");
    assertThatThrownBy(() -> JsonPointerPattern.parse("/a~2"))
        .hasMessageContaining("'~' must be followed");
    assertThatThrownBy(() -> NumericTolerance.relative(Double.NaN)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> NumericTolerance.relative(-1)).hasMessageContaining("-1.0");
  }
}
