package dev.shadowpipeline.shadow.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The record ids seen so far while reading a records file, to count a pair once when its line appears twice (two
 * files concatenated, a copy appended by hand). Each id is kept as 128 bits in an open-addressing table: a UUID as
 * the proxy and replay write it (lower-case, canonical) exactly, any other text as the first 16 bytes of its SHA-256,
 * where two ids of one file share a key with a probability near n²/2¹²⁹ (10⁻²⁷ for a million ids). Bounded in bytes:
 * once the table may not grow, ids are still looked up but no new one is kept, and {@link #partial()} says so.
 *
 * <p>{@link #key} is pure and may run on any thread (the readers' parser threads); {@link #add} is not thread-safe:
 * the reader calls it in record order from one thread.
 */
final class RecordIdSet {

  /** Memory the ids may take: 2²² keys of 16 bytes, about 3 million ids at the table's load limit. */
  static final long DEFAULT_BUDGET_BYTES = 64L << 20;

  private static final int FIRST_CAPACITY = 1 << 12;

  /**
   * An id's 128 bits.
   *
   * @param present false for a record without an id, which is never a repeat
   */
  record Key(long high, long low, boolean present) {
    static final Key NONE = new Key(0, 0, false);
  }

  private final long budget;
  private long[] high = new long[FIRST_CAPACITY];
  private long[] low = new long[FIRST_CAPACITY];
  private int size;
  private boolean zeroSeen; // (0, 0) marks a free slot, so the key (0, 0) is kept apart
  private boolean partial;

  RecordIdSet(long budgetBytes) {
    this.budget = budgetBytes;
  }

  /** The key of an id; {@link Key#NONE} for a missing or empty one. */
  static Key key(String id) {
    if (id == null || id.isEmpty()) {
      return Key.NONE;
    }
    if (isCanonicalUuid(id)) {
      return new Key(
          hex(id, 0, 8) << 32 | hex(id, 9, 13) << 16 | hex(id, 14, 18),
          hex(id, 19, 23) << 48 | hex(id, 24, 36),
          true);
    }
    ByteBuffer sum = ByteBuffer.wrap(Sha256.of(id.getBytes(StandardCharsets.UTF_8)));
    return new Key(sum.getLong(), sum.getLong(), true);
  }

  /** Adds an id: as {@link #add(Key)} of its {@link #key}. */
  boolean add(String id) {
    return add(key(id));
  }

  /**
   * Adds an id's key.
   *
   * @return false when the id was seen before; true for a new id, and for {@link Key#NONE}, which names no record
   */
  boolean add(Key key) {
    if (!key.present()) {
      return true;
    }
    long hi = key.high();
    long lo = key.low();
    if (hi == 0 && lo == 0) {
      boolean seen = zeroSeen;
      zeroSeen = true;
      return !seen;
    }
    int i = find(hi, lo);
    if (high[i] != 0 || low[i] != 0) {
      return false;
    }
    if ((size + 1) * 4L > high.length * 3L) {
      if (!grow()) {
        partial = true; // looked up, not kept: the table may not grow
        return true;
      }
      i = find(hi, lo);
    }
    high[i] = hi;
    low[i] = lo;
    size++;
    return true;
  }

  /** Whether some ids could not be kept: repeats of those were not looked for. */
  boolean partial() {
    return partial;
  }

  long bytesUsed() {
    return 16L * high.length;
  }

  /** The slot holding the key, or the free slot where it would go. */
  private int find(long hi, long lo) {
    int mask = high.length - 1;
    int i = slot(hi, lo) & mask;
    while ((high[i] != 0 || low[i] != 0) && (high[i] != hi || low[i] != lo)) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private boolean grow() {
    int capacity = high.length * 2;
    if (16L * capacity > budget) {
      return false;
    }
    long[] oldHigh = high;
    long[] oldLow = low;
    high = new long[capacity];
    low = new long[capacity];
    for (int j = 0; j < oldHigh.length; j++) {
      if (oldHigh[j] != 0 || oldLow[j] != 0) {
        int i = find(oldHigh[j], oldLow[j]);
        high[i] = oldHigh[j];
        low[i] = oldLow[j];
      }
    }
    return true;
  }

  // UUIDv7 begins with a millisecond clock: mix every bit in before taking the low ones
  private static int slot(long hi, long lo) {
    long h = (hi ^ Long.rotateLeft(lo, 29)) * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /**
   * Whether the id is a UUID as the proxy writes it: 36 characters, lower-case hex digits and four dashes. Only then
   * is it kept as its own bits; {@code 01A2...} is another text, so another id, and hashed.
   */
  static boolean isCanonicalUuid(String id) {
    if (id.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = id.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static long hex(String s, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      v = v << 4 | Character.digit(s.charAt(i), 16);
    }
    return v;
  }
}
