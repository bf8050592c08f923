package dev.shadowpipeline.drift.stattest;

import java.util.Arrays;

/**
 * The first Wasserstein distance between two samples, &int; |F<sub>1</sub> - F<sub>2</sub>| dx ({@code
 * scipy.stats.wasserstein_distance}), without sorting both samples; {@link CdfDistance#wasserstein} on the sorted
 * samples is the reference it is tested against.
 *
 * <p>With g(x) = n<sub>2</sub> c<sub>1</sub>(x) - n<sub>1</sub> c<sub>2</sub>(x) = n<sub>1</sub> n<sub>2</sub>
 * (F<sub>1</sub> - F<sub>2</sub>)(x), c the counts at or below x (an exact integer), the distance is &int; |g| dx /
 * (n<sub>1</sub> n<sub>2</sub>). One pass per sample over a {@link KeyGrid} counts each bucket's values and sums
 * their offsets above its lower edge e (T = &Sigma; (v - e)); g at every edge follows from the cumulative counts.
 * Over a bucket [e, e') holding a values of the first sample and b of the second, with g(e) = G,
 *
 * <pre>
 *   &int;<sub>e</sub><sup>e'</sup> g dx = G' (e' - e) - n<sub>2</sub> T<sub>1</sub> + n<sub>1</sub> T<sub>2</sub>,   G' = G + n<sub>2</sub> a - n<sub>1</sub> b
 * </pre>
 *
 * (each value v of the first sample adds n<sub>2</sub> on [v, e'), that is n<sub>2</sub> (e' - e) - n<sub>2</sub> (v
 * - e)). Inside the bucket g lies between G - n<sub>1</sub> b and G + n<sub>2</sub> a; when that range does not
 * straddle 0, g keeps its sign and &int; |g| is the absolute value of the above. Only the other buckets, where F<sub>1</sub>
 * - F<sub>2</sub> may change sign, are gathered, sorted and integrated value by value, as the reference does. The
 * bucket integrals are added with Neumaier's compensated sum.
 *
 * <p>Accuracy: g is exact (a long; exact as a double while n<sub>1</sub> n<sub>2</sub> &lt;= 2<sup>53</sup>, one more
 * rounding beyond); each
 * offset v - e is exact when the bucket lies within one binade (Sterbenz) and otherwise off by at most one rounding;
 * so a sign-fixed bucket's integral is off by at most &gamma;<sub>c+3</sub> (|G'| (e' - e) + n<sub>2</sub>
 * T<sub>1</sub> + n<sub>1</sub> T<sub>2</sub>), c its larger count and &gamma;<sub>m</sub> = m u / (1 - m u), u =
 * 2<sup>-53</sup>; a sorted bucket's terms |g| (x - x') by 2 u each; the compensated sum and the last division add 3 u
 * of the result. The sort-based reference rounds F<sub>1</sub> and F<sub>2</sub> separately before subtracting (up to
 * u (F<sub>1</sub> + F<sub>2</sub>) per unit length) and adds its 2n terms one after the other (up to (2n - 1) u of
 * the result), so this is usually the closer of the two to the exact value; BucketedWassersteinTest checks both
 * against exact rational arithmetic and their difference against the sum of the two bounds.
 */
final class BucketedWasserstein {

  /** Below this many values in both samples together, sorting is as fast. */
  static final int MIN_VALUES = BucketedKs.MIN_VALUES;

  private BucketedWasserstein() {}

  /** &int; |F<sub>1</sub> - F<sub>2</sub>| dx for two samples in any order. */
  static double distance(double[] a, double[] b) {
    return distance(new NumericPair(a, b));
  }

  /** The distance between a pair's samples, on a grid cut to the extent the pair already knows. */
  static double distance(NumericPair pair) {
    double[] a = pair.reference();
    double[] b = pair.current();
    int n = a.length + b.length;
    if (n < MIN_VALUES) {
      return sortBased(a, b);
    }
    KeyGrid grid = KeyGrid.over(a, b, BucketedKs.bitsFor(n), pair.extent());
    if (grid == null || downscale(grid, a.length, b.length) > 0) {
      return distance(a, b, grid); // the pair's bins, if any, are counted on their own
    }
    EcdfBuckets buckets = EcdfBuckets.countAndSum(grid, a, b, pair.bins());
    buckets.keepBinCounts(pair);
    return distance(buckets);
  }

  private static double sortBased(double[] a, double[] b) {
    return CdfDistance.wasserstein(Samples.sortedCopy(a), Samples.sortedCopy(b));
  }

  /**
   * The distance on a given grid over a and b (tests use coarse grids to stress the buckets); a null grid, which
   * {@link KeyGrid#over} returns for values that are not finite, means the sort-based walk (which gives infinity or
   * NaN for them, as before). Values spread close to the double range are first scaled down ({@link #downscale}).
   */
  static double distance(double[] a, double[] b, KeyGrid grid) {
    if (grid == null) {
      return sortBased(a, b);
    }
    int power = downscale(grid, a.length, b.length);
    if (power > 0) {
      // so wide that (e' - e) g could overflow, or even e' - e: the same on copies scaled by 2^-k,
      // exactly (but for values that become subnormal, each then off by at most 2^-1075)
      double factor = Math.scalb(1.0, -power);
      double[] as = new double[a.length];
      double[] bs = new double[b.length];
      for (int i = 0; i < a.length; i++) {
        as[i] = a[i] * factor;
      }
      for (int i = 0; i < b.length; i++) {
        bs[i] = b[i] * factor;
      }
      return Math.scalb(distance(as, bs, grid.sameShapeOver(as, bs)), power);
    }
    return distance(EcdfBuckets.countAndSum(grid, a, b));
  }

  /** The distance from both samples' counts and offset sums, on a grid no integral overflows on. */
  private static double distance(EcdfBuckets buckets) {
    long n1 = buckets.firstSize();
    long n2 = buckets.secondSize();
    double[] edges = buckets.grid().edges();
    // each loop is a method of its own: the JIT compiles small methods once, where one large method
    // with several long loops is compiled again for each loop it enters (on-stack replacement)
    Sum sum = new Sum();
    Mixed mixed = signFixed(buckets, edges, n1, n2, sum);
    if (mixed.count > 0) {
      mixed.integrate(buckets, edges, n1, n2, sum);
    }
    return sum.value() / ((double) n1 * n2);
  }

  /**
   * Adds the integral of |g| over every bucket where g keeps its sign to the sum, and returns the others, where it
   * may change sign.
   */
  private static Mixed signFixed(EcdfBuckets buckets, double[] edges, long n1, long n2, Sum sum) {
    Mixed mixed = new Mixed();
    int count = buckets.grid().buckets();
    long g = 0; // n1 n2 (F1 - F2) at the current bucket's lower edge
    for (int k = 0; k < count; k++) {
      long c1 = buckets.firstCount(k);
      long c2 = buckets.secondCount(k);
      long gEnd = g + n2 * c1 - n1 * c2;
      if (g - n1 * c2 >= 0 || g + n2 * c1 <= 0) {
        double width = edges[k + 1] - edges[k];
        double integral =
            (double) gEnd * width - n2 * buckets.firstOffset(k) + n1 * buckets.secondOffset(k);
        sum.add(Math.abs(integral));
      } else {
        mixed.add(k, g);
      }
      g = gEnd;
    }
    return mixed;
  }

  /** The buckets where g may change sign, with g at each one's lower edge. */
  private static final class Mixed {
    int[] buckets = new int[16];
    long[] start = new long[16];
    int count;

    void add(int k, long g) {
      if (count == buckets.length) {
        buckets = Arrays.copyOf(buckets, 2 * count);
        start = Arrays.copyOf(start, 2 * count);
      }
      buckets[count] = k;
      start[count++] = g;
    }

    /** Adds the integral of |g| over these buckets, value by value as the sort-based walk does. */
    void integrate(EcdfBuckets counts, double[] edges, long n1, long n2, Sum sum) {
      int[] chosen = Arrays.copyOf(buckets, count);
      EcdfBuckets.Bucket[] values = counts.gather(chosen);
      for (int i = 0; i < count; i++) {
        walk(values[i].sort(), edges[chosen[i]], edges[chosen[i] + 1], start[i], n1, n2, sum);
      }
    }

    /**
     * Adds the integral of |g| over one sorted bucket from its lower edge to its upper one. A method of its own, called
     * once per bucket: the JIT compiles it once, small, rather than inside the loop over the buckets.
     */
    private static void walk(
        EcdfBuckets.Bucket bucket, double lower, double upper, long g, long n1, long n2, Sum sum) {
      // between consecutive values both CDFs are constant: the counts below the next value
      double prev = lower;
      long gAt = g;
      MergedWalk walk = new MergedWalk(bucket.first(), bucket.second());
      while (walk.next()) {
        double x = walk.value();
        sum.add(Math.abs((double) gAt) * (x - prev));
        gAt += n2 * walk.firstTies() - n1 * walk.secondTies();
        prev = x;
      }
      sum.add(Math.abs((double) gAt) * (upper - prev));
    }
  }

  /**
   * The power of two k (0 when none is needed) by which values spread this wide must be scaled down, 2<sup>-k</sup>,
   * so that no integral in units of 1 / (n1 n2), g (e' - e), can overflow: (max - min) n1 n2 &lt; 2<sup>1020</sup>.
   * The sort-based walk has no such step: on such data its differences overflow to infinity and its result is
   * infinite or NaN, as scipy's is (even for two equal samples).
   */
  static int downscale(KeyGrid grid, long n1, long n2) {
    double halfRange = grid.max() / 2 - grid.min() / 2; // the range itself may overflow
    double pairs = (double) n1 * n2;
    int k = 0;
    while (!(Math.scalb(halfRange, -k) * pairs < 0x1p1019)) {
      k = Math.max(k + 1, Math.getExponent(halfRange) + Math.getExponent(pairs) + 2 - 1019);
    }
    return k;
  }

  /** Neumaier's compensated sum of non-negative terms. */
  private static final class Sum {
    private double sum;
    private double compensation;

    void add(double term) {
      double t = sum + term;
      compensation += sum >= term ? (sum - t) + term : (term - t) + sum;
      sum = t;
    }

    double value() {
      return sum + compensation;
    }
  }
}
