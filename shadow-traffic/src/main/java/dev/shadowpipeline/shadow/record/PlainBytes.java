package dev.shadowpipeline.shadow.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds where a run of plain JSON string bytes ends, eight bytes at a time: plain is printable ASCII other than the
 * quote and the backslash, which a string holds as it is; anything else (the closing quote, an escape, a control
 * character, the first byte of a multi-byte UTF-8 sequence) needs a look of its own.
 *
 * <p>Most of a record's names and string values are short plain runs, and a byte-at-a-time loop spends a branch per
 * byte on them; here each word is classified with a few arithmetic operations and the first special byte found from
 * its trailing zeros.
 */
final class PlainBytes {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long HIGH = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  // added to each byte's low seven bits, carries into its high bit exactly when they are >= 0x20
  private static final long BELOW_SPACE = 0x6060606060606060L;

  private PlainBytes() {}

  /**
   * The index of the first byte in {@code [from, limit)} that is not plain, or {@code limit} when all are.
   *
   * @param limit at most {@code b.length}
   */
  static int end(byte[] b, int from, int limit) {
    int i = from;
    for (; i + Long.BYTES <= limit; i += Long.BYTES) {
      long special = special((long) LONGS.get(b, i));
      if (special != 0) {
        return i + (Long.numberOfTrailingZeros(special) >>> 3);
      }
    }
    for (; i < limit; i++) {
      byte c = b[i];
      if (c < 0x20 || c == '"' || c == '\\') { // bytes >= 0x80 are negative
        return i;
      }
    }
    return limit;
  }

  /**
   * The high bit of each byte of {@code x} that is not plain, the others clear. Each test is exact per byte: no
   * operation carries from one byte into the next.
   */
  static long special(long x) {
    long controlOrHigh = (~((x & LOW7) + BELOW_SPACE) | x) & HIGH;
    return controlOrHigh | zeroBytes(x ^ QUOTES) | zeroBytes(x ^ BACKSLASHES);
  }

  // the high bit of each zero byte of y
  private static long zeroBytes(long y) {
    return ~(((y & LOW7) + LOW7) | y | LOW7);
  }

  /**
   * The {@code length} bytes at {@code from} (at most eight) as a little-endian word, the bytes past them zero.
   * Reads a whole word when {@code from + 8 <= limit}.
   */
  static long word(byte[] b, int from, int length, int limit) {
    if (length <= 0) {
      return 0;
    }
    if (from + Long.BYTES <= limit) {
      long w = (long) LONGS.get(b, from);
      return length >= Long.BYTES ? w : w & ((1L << (length << 3)) - 1);
    }
    long w = 0;
    for (int k = Math.min(length, Long.BYTES) - 1; k >= 0; k--) {
      w = w << 8 | (b[from + k] & 0xFF);
    }
    return w;
  }
}
