package dev.shadowpipeline.drift.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast path must give exactly the double {@link Double#parseDouble} gives. */
class NumberParserTest {

  private final NumberParser parser = new NumberParser();

  private boolean parse(String s) {
    return parser.parse(s.toCharArray(), 0, s.length());
  }

  @Test
  void agreesWithParseDoubleBitForBit() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      double v =
          switch (i % 4) {
            case 0 -> random.nextDouble() * 1e6;
            case 1 -> random.nextGaussian() * 10000 + 50000;
            case 2 -> random.nextInt(1000) / 100.0;
            default -> random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
          };
      for (String text :
          new String[] {
            Double.toString(v),
            String.format(Locale.ROOT, "%.6f", v),
            String.format(Locale.ROOT, "%.17g", -v),
            Long.toString((long) v)
          }) {
        assertThat(parse(text)).as(text).isTrue();
        assertThat(Double.doubleToLongBits(parser.value()))
            .as(text)
            .isEqualTo(Double.doubleToLongBits(Double.parseDouble(text)));
      }
    }
  }

  @Test
  void knowsIntegersFromFloats() {
    assertThat(parse(" 42 ")).isTrue();
    assertThat(parser.integral()).isTrue();
    assertThat(parser.value()).isEqualTo(42);
    assertThat(parse("-7")).isTrue();
    assertThat(parser.integral()).isTrue();
    assertThat(parse("42.0")).isTrue();
    assertThat(parser.integral()).isFalse();
    assertThat(parse("1e3")).isTrue();
    assertThat(parser.integral()).isFalse();
    assertThat(parser.value()).isEqualTo(1000);
  }

  @Test
  void knowsIntegersNoDoubleHolds() {
    // 2^53 + 1 rounds to 2^53 (ties to even), so the two would be one value
    for (String s :
        new String[] {
          "9007199254740993",
          "-9007199254740993",
          "+09007199254740993",
          "100000000000000000001",
          "9223372036854775807", // Long.MAX_VALUE rounds to 2^63
          "123456789012345678901234567890"
        }) {
      assertThat(parse(s)).as(s).isTrue();
      assertThat(parser.inexactInteger()).as(s).isTrue();
    }
    // integers a double holds exactly, and numbers not written as integers
    for (String s :
        new String[] {
          "9007199254740992",
          "-9007199254740992",
          "9007199254740991",
          "18014398509481984", // 2^54
          "100000000000000000000", // 1e20 = 2^20 5^20, exact
          "9223372036854775808", // 2^63
          "1e20",
          "9007199254740993.0",
          "9007199254740993e0",
          "42",
          "0.1",
          "inf"
        }) {
      assertThat(parse(s)).as(s).isTrue();
      assertThat(parser.inexactInteger()).as(s).isFalse();
    }
  }

  @Test
  void rejectsWhatIsNotANumber() {
    for (String s :
        new String[] {"", " ", "abc", "1,5", "1-2", "0x10", "1d", "--1", "1.2.3", "-", "."}) {
      assertThat(parse(s)).as(s).isFalse();
    }
    assertThat(parse("-inf")).isTrue();
    assertThat(parser.value()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void aDecimalCommaIsAPointWhenAskedForAndTextOtherwise() {
    NumberParser comma = new NumberParser(true);
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 5_000; i++) {
      double v = random.nextGaussian() * Math.pow(10, random.nextInt(-8, 8));
      for (String pointed :
          new String[] {
            String.format(Locale.ROOT, "%.6f", v),
            String.format(Locale.ROOT, "%.17g", v),
            String.format(Locale.ROOT, "%.4e", v)
          }) {
        String commaed = pointed.replace('.', ',');
        assertThat(comma.parse(commaed.toCharArray(), 0, commaed.length())).as(commaed).isTrue();
        assertThat(Double.doubleToLongBits(comma.value()))
            .as(commaed)
            .isEqualTo(Double.doubleToLongBits(Double.parseDouble(pointed)));
        // a point still is one: a file may write some columns either way
        assertThat(comma.parse(pointed.toCharArray(), 0, pointed.length())).as(pointed).isTrue();
        assertThat(comma.value()).as(pointed).isEqualTo(Double.parseDouble(pointed));
        assertThat(parse(commaed)).as("without a decimal comma: " + commaed).isFalse();
      }
    }
    for (String text : new String[] {"1.234,5", "1,234,567", "1,2,3", ",", "-,", "1,5,"}) {
      assertThat(comma.parse(text.toCharArray(), 0, text.length())).as(text).isFalse();
    }
    assertThat(comma.parse(" -0,25 ".toCharArray(), 0, 7)).isTrue();
    assertThat(comma.value()).isEqualTo(-0.25);
    assertThat(comma.integral()).isFalse();
    String nul = "1\u00005";
    assertThat(new NumberParser().parse(nul.toCharArray(), 0, nul.length())).isFalse();
  }
}
