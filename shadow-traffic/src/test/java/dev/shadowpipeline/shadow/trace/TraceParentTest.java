package dev.shadowpipeline.shadow.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code traceparent} parser against the W3C Trace Context recommendation (https://www.w3.org/TR/trace-context/,
 * section 3.2; the examples are the recommendation's), and its round trip as properties.
 */
class TraceParentTest {

  static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void theRecommendationsExampleParses() {
    TraceParent p = TraceParent.parse(VALID);
    assertThat(p.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(p.parentId()).isEqualTo("00f067aa0ba902b7");
    assertThat(p.flags()).isEqualTo(1);
    assertThat(p.sampled()).isTrue();
    assertThat(p.header()).isEqualTo(VALID);
    assertThat(
            TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").sampled())
        .isFalse();
  }

  @Test
  void spacesAndTabsAroundTheValueAreOptionalWhitespace() {
    assertThat(TraceParent.parse(" \t" + VALID + "\t ")).isEqualTo(TraceParent.parse(VALID));
  }

  @Test
  void aHigherVersionIsReadAsFarAsVersion00DefinesIt() {
    String future = "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    assertThat(TraceParent.parse(future)).isEqualTo(TraceParent.parse(VALID));
    assertThat(TraceParent.parse(future + "-what-the-future-will-be-like"))
        .isEqualTo(TraceParent.parse(VALID));
    // more than version 00 defines must start with a dash
    assertThat(TraceParent.parse(future + "what")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "00",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", // no flags
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-", // 00 is exactly 55
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
        "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version 255 is invalid
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace-id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero parent-id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x",
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\n"
      })
  void anInvalidValueIsNotATraceContext(String value) {
    assertThat(TraceParent.parse(value)).isNull();
  }

  @Test
  void aHeaderGivenTwiceOrNotAtAllIsNoTraceContext() {
    assertThat(TraceParent.fromHeaders(List.of())).isNull();
    assertThat(TraceParent.fromHeaders(List.of(VALID, VALID))).isNull();
    assertThat(TraceParent.fromHeaders(List.of(VALID))).isEqualTo(TraceParent.parse(VALID));
  }

  @Test
  void anInvalidContextCannotBeBuilt() {
    assertThatThrownBy(() -> new TraceParent("0".repeat(32), "00f067aa0ba902b7", 1))
        .hasMessageContaining("trace-id");
    assertThatThrownBy(() -> new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "0".repeat(16), 1))
        .hasMessageContaining("parent-id");
    assertThatThrownBy(
            () -> new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", 256))
        .hasMessageContaining("one byte");
  }

  @Provide
  Arbitrary<TraceParent> contexts() {
    Arbitrary<String> traceIds =
        Arbitraries.bytes().array(byte[].class).ofSize(16).map(HexFormat.of()::formatHex);
    Arbitrary<String> spanIds =
        Arbitraries.bytes().array(byte[].class).ofSize(8).map(HexFormat.of()::formatHex);
    return Combinators.combine(
            traceIds.filter(t -> !t.equals("0".repeat(32))),
            spanIds.filter(s -> !s.equals("0".repeat(16))),
            Arbitraries.integers().between(0, 255))
        .as(TraceParent::new);
  }

  @Property
  void everyContextRoundTripsThroughItsHeader(@ForAll("contexts") TraceParent context) {
    assertThat(context.header()).hasSize(55).startsWith("00-");
    assertThat(TraceParent.parse(context.header())).isEqualTo(context);
  }

  @Property
  void nothingParsesIntoAnInvalidContextAndNothingThrows(@ForAll String value) {
    TraceParent p = TraceParent.parse(value);
    if (p != null) {
      assertThat(TraceParent.parse(p.header())).isEqualTo(p);
    }
  }

  @Property
  void changingOneCharacterOfTheIdsToUpperCaseMakesItInvalid(
      @ForAll("contexts") TraceParent context, @ForAll("positions") int at) {
    String header = context.header();
    char c = header.charAt(at);
    if (c >= 'a' && c <= 'f') {
      String changed =
          header.substring(0, at) + Character.toUpperCase(c) + header.substring(at + 1);
      assertThat(TraceParent.parse(changed)).isNull();
    }
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(3, 54);
  }
}
