package dev.shadowpipeline.shadow.quality;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014,
 * doi:10.1145/2660193.2660195), the generator behind Java's {@code SplittableRandom}, written out here so that the
 * bootstrap draws the same indices in any language: it is a few lines of 64-bit arithmetic, and {@code java.util}'s
 * generators do not promise their algorithm across releases.
 *
 * <pre>
 * state += 0x9E3779B97F4A7C15
 * z = state
 * z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9
 * z = (z ^ (z >>> 27)) * 0x94D049BB133111EB
 * return z ^ (z >>> 31)                      (all arithmetic modulo 2^64)
 * </pre>
 *
 * <p>Not thread-safe; one instance per bootstrap run.
 */
final class SplitMix64 {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** The next 64 random bits. */
  long nextLong() {
    state += GOLDEN_GAMMA;
    long z = state;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * A uniform index in [0, bound), without modulo bias.
   *
   * <p>r = nextLong() >>> 1 is uniform on [0, 2^63); v = r mod bound is uniform only when r is not in the last,
   * incomplete block of {@code bound} values below 2^63, so such an r (r − v + bound − 1 ≥ 2^63, which overflows to
   * a negative long here) is thrown away and another drawn. In Python:
   *
   * <pre>
   * while True:
   *     r = next_long() >> 1
   *     v = r % bound
   *     if r - v + bound - 1 &lt; 2**63: return v
   * </pre>
   *
   * @throws IllegalArgumentException if bound is not positive
   */
  int nextIndex(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    while (true) {
      long r = nextLong() >>> 1;
      long v = r % bound;
      // r - v + (bound - 1) overflows exactly when r lies in the incomplete last block
      if (r - v + (bound - 1) >= 0) {
        return (int) v;
      }
    }
  }
}
