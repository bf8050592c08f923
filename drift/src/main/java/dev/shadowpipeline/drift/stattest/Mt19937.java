package dev.shadowpipeline.drift.stattest;

/**
 * The Mersenne Twister MT19937 (Matsumoto and Nishimura 1998), seeded as numpy's legacy {@code RandomState} seeds it,
 * so that a stream seeded here gives numpy's numbers word for word.
 *
 * <p>An integer seed goes through {@code init_genrand} (numpy's {@code mt19937_seed}: {@code np.random.seed(0)} and
 * {@code RandomState(0)}), an array seed through {@code init_by_array} ({@code RandomState([1, 2, 3])}). Not
 * thread-safe: one generator per computation.
 *
 * <p>Reference: Matsumoto M, Nishimura T. Mersenne twister: a 623-dimensionally equidistributed uniform pseudo-random
 * number generator. ACM TOMACS 8(1), 1998. doi:10.1145/272991.272995.
 */
final class Mt19937 {

  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] state = new int[N];
  private int position;

  private Mt19937() {}

  /**
   * numpy's {@code RandomState(seed)} for an integer seed.
   *
   * @throws IllegalArgumentException when the seed is outside [0, 2<sup>32</sup> - 1], as numpy refuses it
   */
  static Mt19937 seeded(long seed) {
    if (seed < 0 || seed > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("seed must be between 0 and 2**32 - 1: " + seed);
    }
    Mt19937 mt = new Mt19937();
    mt.initGenrand((int) seed);
    return mt;
  }

  /** numpy's {@code RandomState(key)} for an array of 32-bit words (each taken as unsigned). */
  static Mt19937 seededByArray(int[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("an array seed needs at least one word");
    }
    Mt19937 mt = new Mt19937();
    mt.initGenrand(19650218);
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      // state[i] = (state[i] ^ ((state[i-1] ^ (state[i-1] >> 30)) * 1664525)) + key[j] + j
      int prev = mt.state[i - 1];
      mt.state[i] = (mt.state[i] ^ ((prev ^ (prev >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt.state[0] = mt.state[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      // state[i] = (state[i] ^ ((state[i-1] ^ (state[i-1] >> 30)) * 1566083941)) - i
      int prev = mt.state[i - 1];
      mt.state[i] = (mt.state[i] ^ ((prev ^ (prev >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt.state[0] = mt.state[N - 1];
        i = 1;
      }
    }
    mt.state[0] = UPPER_MASK; // the most significant bit is 1: a non-zero initial state
    mt.position = N;
    return mt;
  }

  private void initGenrand(int seed) {
    state[0] = seed;
    for (int i = 1; i < N; i++) {
      // state[i] = 1812433253 * (state[i-1] ^ (state[i-1] >> 30)) + i, modulo 2^32
      int prev = state[i - 1];
      state[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
    }
    position = N;
  }

  /** The next 32-bit output, as the bits of an int (read it unsigned: {@link Integer#toUnsignedLong}). */
  int nextInt32() {
    if (position >= N) {
      twist();
    }
    int y = state[position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }

  /** Two outputs as one 64-bit word, the first in the high half (numpy's {@code mt19937_next64}). */
  long nextInt64() {
    long high = Integer.toUnsignedLong(nextInt32());
    return (high << 32) | Integer.toUnsignedLong(nextInt32());
  }

  private void twist() {
    int k = 0;
    for (; k < N - M; k++) {
      int y = (state[k] & UPPER_MASK) | (state[k + 1] & LOWER_MASK);
      state[k] = state[k + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; k < N - 1; k++) {
      int y = (state[k] & UPPER_MASK) | (state[k + 1] & LOWER_MASK);
      state[k] = state[k + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    int y = (state[N - 1] & UPPER_MASK) | (state[0] & LOWER_MASK);
    state[N - 1] = state[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    position = 0;
  }
}
