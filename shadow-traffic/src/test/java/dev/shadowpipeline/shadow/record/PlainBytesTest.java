package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The word-at-a-time search against the byte-at-a-time rule it replaces. */
class PlainBytesTest {

  // the rule, one byte at a time: a string holds printable ASCII other than the quote and the
  // backslash as it is
  private static boolean plain(byte c) {
    return c >= 0x20 && c != '"' && c != '\\';
  }

  @Test
  void everyByteValueInEveryPlaceOfAWordIsClassifiedAsTheRuleSays() {
    for (int place = 0; place < Long.BYTES; place++) {
      for (int v = 0; v < 256; v++) {
        // the other bytes plain ('a'), or all special (0xff), so that no neighbour hides a mistake
        for (long filler : new long[] {0x6161616161616161L, 0xFFFFFFFFFFFFFFFFL}) {
          int shift = place * Byte.SIZE;
          long word = (filler & ~(0xFFL << shift)) | ((long) v << shift);
          long marked = PlainBytes.special(word);
          boolean special = (marked >>> shift & 0x80) != 0;
          assertThat(special).as("byte 0x%02x in place %d", v, place).isEqualTo(!plain((byte) v));
          assertThat(marked & ~0x8080808080808080L).isZero();
        }
      }
    }
  }

  @Property(tries = 2000)
  void theFirstSpecialByteIsFoundWhereverItLies(
      @ForAll("bytes") byte[] b,
      @ForAll @IntRange(max = 40) int from,
      @ForAll @IntRange(max = 40) int cut) {
    int start = Math.min(from, b.length);
    int limit = Math.max(start, b.length - cut);
    int expected = start;
    while (expected < limit && plain(b[expected])) {
      expected++;
    }
    assertThat(PlainBytes.end(b, start, limit)).isEqualTo(expected);
  }

  @Property(tries = 1000)
  void aWordHoldsTheGivenBytesAndZeroesPastThem(
      @ForAll("bytes") byte[] b,
      @ForAll @IntRange(max = 12) int length,
      @ForAll @IntRange(max = 40) int from) {
    int start = Math.min(from, b.length);
    int n = Math.min(length, b.length - start);
    long expected = 0;
    for (int k = Math.min(n, Long.BYTES) - 1; k >= 0; k--) {
      expected = expected << 8 | (b[start + k] & 0xFF);
    }
    // read as a whole word where eight bytes are there, byte by byte where they are not
    assertThat(PlainBytes.word(b, start, n, b.length)).isEqualTo(expected);
    assertThat(PlainBytes.word(b, start, n, start + n)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    // mostly plain, with the bytes that end a run: quote, backslash, controls, UTF-8 lead and
    // continuation bytes, and the plain neighbours of each
    Arbitrary<Byte> b =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.bytes().between((byte) 0x20, (byte) 0x7e)),
            net.jqwik.api.Tuple.of(
                2,
                Arbitraries.of(
                    (byte) '"',
                    (byte) '\\',
                    (byte) 0,
                    (byte) 0x1f,
                    (byte) 0x20,
                    (byte) 0x21,
                    (byte) 0x23,
                    (byte) 0x5b,
                    (byte) 0x5d,
                    (byte) 0x7f,
                    (byte) 0x80,
                    (byte) 0xc3,
                    (byte) 0xff)));
    return b.array(byte[].class).ofMaxSize(70);
  }
}
