package dev.shadowpipeline.shadow.judge;

/**
 * Which answer the judge sees first, drawn from the seed and the record's id: the same pair is shown the same way in
 * every run with the same seed, whatever order the pairs arrive in, and over many pairs each order comes about half
 * the time.
 *
 * <p>The draw: h = FNV-1a (64-bit) of the id's UTF-16 code units; z = the SplitMix64 output for state seed + h
 * (Steele, Lea and Flood 2014: z += 0x9E3779B97F4A7C15, then the two xor-shift-multiply rounds); the primary's answer
 * is shown first when the top bit of z is 0.
 */
public final class ShownOrder {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private ShownOrder() {}

  /** Whether the primary's answer is shown as A for this record. */
  public static boolean primaryFirst(long seed, String recordId) {
    long h = FNV_OFFSET;
    for (int i = 0; i < recordId.length(); i++) {
      h ^= recordId.charAt(i);
      h *= FNV_PRIME;
    }
    long z = seed + h + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return z >= 0;
  }
}
