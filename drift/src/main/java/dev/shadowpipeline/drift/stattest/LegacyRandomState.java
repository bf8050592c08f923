package dev.shadowpipeline.drift.stattest;

/**
 * numpy's legacy {@code RandomState} algorithms over {@link Mt19937}, the ones Evidently's seeded permutation test
 * draws from: {@code random_sample}, bounded integers, {@code shuffle}, {@code permutation} and
 * {@code choice(replace=False)}. Each consumes the stream exactly as numpy does, so the same seed gives the same
 * numbers. Not thread-safe.
 *
 * <pre>{@code
 * LegacyRandomState rs = LegacyRandomState.seeded(0); // np.random.seed(0)
 * int[] idx = rs.choiceWithoutReplacement(10, 3);     // np.random.choice(10, 3, replace=False)
 * }</pre>
 */
final class LegacyRandomState {

  private final Mt19937 mt;

  private LegacyRandomState(Mt19937 mt) {
    this.mt = mt;
  }

  /**
   * {@code np.random.seed(seed)} / {@code RandomState(seed)}.
   *
   * @throws IllegalArgumentException when the seed is outside [0, 2<sup>32</sup> - 1]
   */
  static LegacyRandomState seeded(long seed) {
    return new LegacyRandomState(Mt19937.seeded(seed));
  }

  /** {@code RandomState(key)} for an array of 32-bit words. */
  static LegacyRandomState seededByArray(int[] key) {
    return new LegacyRandomState(Mt19937.seededByArray(key));
  }

  /** The next raw 32-bit output, unsigned. */
  long nextUint32() {
    return Integer.toUnsignedLong(mt.nextInt32());
  }

  /**
   * {@code random_sample()}: a double in [0, 1) with 53 random bits, (a &gt;&gt; 5) 2<sup>26</sup> + (b &gt;&gt; 6)
   * over 2<sup>53</sup>, from two outputs a and b.
   */
  double randomSample() {
    long a = nextUint32() >>> 5;
    long b = nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /**
   * A uniform integer in [0, max] by masked rejection, numpy's legacy {@code random_interval} (the bounded integers
   * of {@code shuffle}; {@code randint(0, max + 1)} draws the same): the smallest all-ones mask covering max is
   * applied to 32-bit outputs (64-bit ones when max does not fit in 32 bits) until the result is at most max.
   *
   * @throws IllegalArgumentException when max is negative
   */
  long interval(long max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0: " + max);
    }
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask |= mask >>> 32;
    long value;
    if (max <= 0xFFFF_FFFFL) {
      do {
        value = nextUint32() & mask;
      } while (value > max);
    } else {
      do {
        value = mt.nextInt64() & mask;
      } while (value > max);
    }
    return value;
  }

  /**
   * {@code shuffle(x)} of a one-dimensional array, in place: for i from n - 1 down to 1, swap x[i] with x[j], j =
   * {@link #interval interval(i)} (Fisher-Yates).
   */
  void shuffle(int[] x) {
    long mask = 0xFFFF_FFFFL;
    for (int i = x.length - 1; i >= 1; i--) {
      // interval(i) inlined: the mask only shrinks as i falls, so it is not rebuilt per draw
      while ((mask >>> 1) >= i) {
        mask >>>= 1;
      }
      long j;
      do {
        j = Integer.toUnsignedLong(mt.nextInt32()) & mask;
      } while (j > i);
      int t = x[i];
      x[i] = x[(int) j];
      x[(int) j] = t;
    }
  }

  /** {@code permutation(n)}: 0, 1, ..., n - 1 shuffled. */
  int[] permutation(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0: " + n);
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    shuffle(out);
    return out;
  }

  /**
   * {@code choice(populationSize, size, replace=False)} without weights: in the legacy API, the first {@code size}
   * entries of {@code permutation(populationSize)}; the whole population is shuffled whatever {@code size} is.
   *
   * @throws IllegalArgumentException when size is negative or larger than the population, as numpy refuses it
   */
  int[] choiceWithoutReplacement(int populationSize, int size) {
    if (size < 0 || size > populationSize) {
      throw new IllegalArgumentException(
          "cannot take a sample of "
              + size
              + " without replacement from a population of "
              + populationSize);
    }
    int[] all = permutation(populationSize);
    return java.util.Arrays.copyOf(all, size);
  }
}
