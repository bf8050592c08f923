package dev.shadowpipeline.drift.stattest;

/**
 * Deterministic test data that the scipy reference scripts reproduce bit for bit.
 *
 * <p>The Python twin, used for every reference value computed from generated data:
 *
 * <pre>
 * M64 = (1 &lt;&lt; 64) - 1
 * class Lcg:
 *     def __init__(self, seed):
 *         self.s = seed &amp; M64
 *     def uniform(self):
 *         self.s = (self.s * 6364136223846793005 + 1442695040888963407) &amp; M64
 *         return (self.s &gt;&gt; 11) * (1.0 / 9007199254740992.0)
 *     def normal(self, mean, sd):
 *         t = 0.0
 *         for _ in range(12):
 *             t += self.uniform()
 *         return mean + sd * (t - 6.0)
 *     def normals(self, n, mean, sd):
 *         return [self.normal(mean, sd) for _ in range(n)]
 *     def ints(self, n, k):
 *         return [float(int(self.uniform() * k)) for _ in range(n)]
 *     def weighted(self, n, cum):  # category i when u &lt; cum[i]
 *         out = []
 *         for _ in range(n):
 *             u = self.uniform()
 *             out.append(next(i for i, c in enumerate(cum) if u &lt; c))
 *         return out
 * </pre>
 *
 * Only +, -, * and exact conversions are used, so both languages produce identical doubles.
 */
final class Lcg {
  private long state;

  Lcg(long seed) {
    this.state = seed;
  }

  double uniform() {
    state = state * 6364136223846793005L + 1442695040888963407L;
    return (state >>> 11) * (1.0 / 9007199254740992.0);
  }

  /** Irwin-Hall approximation of a normal variate: sum of 12 uniforms minus 6. */
  double normal(double mean, double sd) {
    double t = 0.0;
    for (int i = 0; i < 12; i++) {
      t += uniform();
    }
    return mean + sd * (t - 6.0);
  }

  double[] normals(int n, double mean, double sd) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = normal(mean, sd);
    }
    return out;
  }

  /** Integers 0..k-1 as doubles: data with many ties. */
  double[] ints(int n, int k) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = (double) (long) (uniform() * k);
    }
    return out;
  }

  /** Categories 0..k-1 drawn with cumulative shares {@code cumulative} (the last 1.0): category i when u &lt; cum[i]. */
  int[] weighted(int n, double[] cumulative) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      double u = uniform();
      int c = 0;
      while (!(u < cumulative[c])) {
        c++;
      }
      out[i] = c;
    }
    return out;
  }

  static double[] normals(long seed, int n, double mean, double sd) {
    return new Lcg(seed).normals(n, mean, sd);
  }

  static double[] ints(long seed, int n, int k) {
    return new Lcg(seed).ints(n, k);
  }
}
