package dev.shadowpipeline.shadow.record;

import java.util.HashSet;
import java.util.Set;

/**
 * The record ids seen so far while reading a records file, to count a pair once when its line appears twice (two
 * files concatenated, a copy appended by hand). Exact, and bounded in bytes: a canonical UUID (what the proxy and
 * replay write) is kept as its 128 bits in an open-addressing table, any other id as its text. Once the budget is
 * spent, ids are still looked up but no new one is kept, and {@link #partial()} says so: a repeat of an id first
 * seen after that point is not found.
 *
 * <p>Not thread-safe: the reader calls it in record order from one thread.
 */
final class RecordIdSet {

  /** Memory the ids may take: about 3 million UUIDs, more than a million records ever need. */
  static final long DEFAULT_BUDGET_BYTES = 64L << 20;

  private static final int FIRST_CAPACITY = 1 << 12;
  // a string in a HashSet: the entry, the String, its array header, and the text (Latin-1)
  private static final int STRING_OVERHEAD = 32 + 24 + 16;

  private final long budget;
  private long[] high = new long[FIRST_CAPACITY];
  private long[] low = new long[FIRST_CAPACITY];
  private int size;
  private boolean zeroSeen; // (0, 0) marks a free slot, so the nil UUID is kept apart
  private final Set<String> others = new HashSet<>();
  private long othersBytes;
  private boolean partial;

  RecordIdSet(long budgetBytes) {
    this.budget = budgetBytes;
  }

  /**
   * Adds an id.
   *
   * @return false when the id was seen before; true for a new id, and for an empty one, which names no record
   */
  boolean add(String id) {
    if (id == null || id.isEmpty()) {
      return true;
    }
    if (isCanonicalUuid(id)) {
      return addUuid(hex(id, 0, 8) << 32 | hex(id, 9, 13) << 16 | hex(id, 14, 18), hexLow(id));
    }
    if (others.contains(id)) {
      return false;
    }
    long bytes = (long) STRING_OVERHEAD + id.length();
    if (bytesUsed() + bytes > budget) {
      partial = true;
    } else {
      others.add(id);
      othersBytes += bytes;
    }
    return true;
  }

  /** Whether some ids could not be kept: repeats of those were not looked for. */
  boolean partial() {
    return partial;
  }

  long bytesUsed() {
    return 16L * high.length + othersBytes;
  }

  private boolean addUuid(long hi, long lo) {
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

  /** The slot holding the id, or the free slot where it would go. */
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
    if (16L * capacity + othersBytes > budget) {
      return false;
    }
    long[] oldHigh = high;
    long[] oldLow = low;
    high = new long[capacity];
    low = new long[capacity];
    int mask = capacity - 1;
    for (int j = 0; j < oldHigh.length; j++) {
      if (oldHigh[j] != 0 || oldLow[j] != 0) {
        int i = slot(oldHigh[j], oldLow[j]) & mask;
        while (high[i] != 0 || low[i] != 0) {
          i = (i + 1) & mask;
        }
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
   * is it kept as bits; {@code 01A2...} is another text, so another id, and kept as text.
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

  private static long hexLow(String id) {
    return hex(id, 19, 23) << 48 | hex(id, 24, 36);
  }

  private static long hex(String s, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      v = v << 4 | Character.digit(s.charAt(i), 16);
    }
    return v;
  }
}
