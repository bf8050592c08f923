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
  void rejectsWhatIsNotANumber() {
    for (String s :
        new String[] {"", " ", "abc", "1,5", "1-2", "0x10", "1d", "--1", "1.2.3", "-", "."}) {
      assertThat(parse(s)).as(s).isFalse();
    }
    assertThat(parse("-inf")).isTrue();
    assertThat(parser.value()).isEqualTo(Double.NEGATIVE_INFINITY);
  }
}
