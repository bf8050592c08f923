package dev.shadowpipeline.drift.stattest;

import java.util.Arrays;

/**
 * The two-sample Kolmogorov-Smirnov statistic without sorting both samples: bit for bit the value of {@link
 * KsTest#statistic(double[], double[])} on the sorted samples.
 *
 * <p>D = max |F<sub>1</sub> - F<sub>2</sub>| over the pooled values, F after each value's ties. One counting pass per
 * sample over a {@link KeyGrid} gives the cumulative counts (A, B) at every bucket edge, where F<sub>1</sub> -
 * F<sub>2</sub> is evaluated exactly as the sort-based walk evaluates it, {@code (double) A / n1 - (double) B / n2}.
 * Inside a bucket holding a values of the first sample and b of the second, every point has counts (A + i, B + j)
 * with 0 &lt;= i &lt;= a, 0 &lt;= j &lt;= b; rounding is monotone, so no point there can exceed {@code (double) (A +
 * a) / n1 - (double) B / n2} nor fall below {@code (double) A / n1 - (double) (B + b) / n2}. D is the larger of the
 * largest difference and minus the smallest, so only a bucket with a bound beyond the best D found so far can change
 * D; those buckets (typically a few dozen of some 50,000, around where D is reached) are gathered, sorted and walked,
 * most promising first, each against the best D so far. Every point the walk would have evaluated is thus either
 * evaluated with the same expression or provably unable to change D, and D is the same double.
 *
 * <p>Cost: per sample, the extent's pass (the pair's, shared with the report histogram), a counting pass (which also
 * counts the pair's bins, the report histogram, {@link GridBins}) and a gathering pass that buckets only the values
 * near the candidates; against six radix passes and a scatter per sample
 * for the sort (measured: 10-12 ms against 32-40 ms of CPU for 1M + 1M normal values).
 */
final class BucketedKs {

  /** Below this many values in both samples together, sorting is as fast. */
  static final int MIN_VALUES = 1 << 12;

  private BucketedKs() {}

  /** The statistic of two samples in any order; NaN or infinities go to the sort-based walk. */
  static double statistic(double[] a, double[] b) {
    return statistic(new NumericPair(a, b));
  }

  /**
   * The statistic of a pair, on a grid cut to the extent the pair already knows; the counting pass also counts the
   * values in the pair's bins, if it has any ({@link NumericPair#withBins}).
   */
  static double statistic(NumericPair pair) {
    double[] a = pair.reference();
    double[] b = pair.current();
    int n = a.length + b.length;
    if (n < MIN_VALUES) {
      return sortBased(a, b);
    }
    KeyGrid grid = KeyGrid.over(a, b, bitsFor(n), pair.extent());
    if (grid == null) {
      return sortBased(a, b);
    }
    EcdfBuckets counts = EcdfBuckets.count(grid, a, b, pair.bins());
    counts.keepBinCounts(pair);
    return statistic(counts);
  }

  /** The sorted walk the bucketed statistic equals: for small samples and values that are not finite. */
  private static double sortBased(double[] a, double[] b) {
    return KsTest.statistic(Samples.sortedCopy(a), Samples.sortedCopy(b));
  }

  /**
   * Grid resolution for n values in all: about 64 values per bucket, up to 2<sup>15</sup> buckets (about twice that
   * at most, {@link KeyGrid}), whose counts and sums stay in a core's L2 cache. Measured on 1M + 1M normal values,
   * 2<sup>14</sup> to 2<sup>17</sup> buckets cost within 20% of each other; finer grids count slower, coarser ones
   * leave more buckets to sort.
   */
  static int bitsFor(int n) {
    return Math.max(4, Math.min(15, 32 - Integer.numberOfLeadingZeros(n >>> 6)));
  }

  /**
   * The statistic on a given grid over a and b (tests use coarse grids to stress the bounds); a null grid, which
   * {@link KeyGrid#over} returns for values that are not finite, means the sort-based walk (which throws for NaN, as
   * before, and handles infinities).
   */
  static double statistic(double[] a, double[] b, KeyGrid grid) {
    if (grid == null) {
      return sortBased(a, b);
    }
    return statistic(EcdfBuckets.count(grid, a, b));
  }

  private static double statistic(EcdfBuckets counts) {
    int n1 = counts.firstSize();
    int n2 = counts.secondSize();
    // each loop is a method of its own: the JIT compiles small methods once, where one large method
    // with several long loops is compiled again for each loop it enters (on-stack replacement)
    double[] extremes = extremes(counts, n1, n2);
    double best = KsTest.statistic(extremes[0], extremes[1]);
    if (counts.grid().oneValuePerBucket()) {
      return best; // each bucket is one tie group: its end is its only point
    }
    // D is the larger of max(F1 - F2) and -min(F1 - F2): a bucket matters only if one of its
    // bounds could beat the best D so far
    Candidates candidates = Candidates.find(counts, n1, n2, best);
    return candidates.found == 0 ? best : candidates.resolve(counts, extremes);
  }

  /**
   * max(F1 - F2) and min(F1 - F2) at the ends of the buckets: every bucket's end is a point of the walk (its last
   * value's ties included), or repeats the previous point when the bucket is empty.
   */
  private static double[] extremes(EcdfBuckets counts, int n1, int n2) {
    int buckets = counts.grid().buckets();
    double maxS = 0;
    double minS = 0;
    int cumA = 0;
    int cumB = 0;
    for (int k = 0; k < buckets; k++) {
      cumA += counts.firstCount(k);
      cumB += counts.secondCount(k);
      double diff = (double) cumA / n1 - (double) cumB / n2;
      maxS = Math.max(maxS, diff);
      minS = Math.min(minS, diff);
    }
    return new double[] {maxS, minS};
  }

  /** The buckets whose bounds could beat a D, with the counts of both samples before each. */
  private static final class Candidates {
    final int n1;
    final int n2;
    int[] chosen = new int[16];
    int[] before1 = new int[16];
    int[] before2 = new int[16];
    int found;

    private Candidates(int n1, int n2) {
      this.n1 = n1;
      this.n2 = n2;
    }

    static Candidates find(EcdfBuckets counts, int n1, int n2, double best) {
      Candidates c = new Candidates(n1, n2);
      int buckets = counts.grid().buckets();
      int cumA = 0;
      int cumB = 0;
      for (int k = 0; k < buckets; k++) {
        int a1 = counts.firstCount(k);
        int b1 = counts.secondCount(k);
        if (upper(cumA, a1, n1, cumB, n2) > best || -lower(cumA, n1, cumB, b1, n2) > best) {
          c.add(k, cumA, cumB);
        }
        cumA += a1;
        cumB += b1;
      }
      return c;
    }

    private void add(int k, int cumA, int cumB) {
      if (found == chosen.length) {
        chosen = Arrays.copyOf(chosen, 2 * found);
        before1 = Arrays.copyOf(before1, 2 * found);
        before2 = Arrays.copyOf(before2, 2 * found);
      }
      chosen[found] = k;
      before1[found] = cumA;
      before2[found++] = cumB;
    }

    /** How high bucket i's points could reach: the larger of its two bounds. */
    private double promise(EcdfBuckets counts, int i) {
      int k = chosen[i];
      return Math.max(
          upper(before1[i], counts.firstCount(k), n1, before2[i], n2),
          -lower(before1[i], n1, before2[i], counts.secondCount(k), n2));
    }

    /**
     * Walks the candidates' values, most promising first, each only while its bounds still beat the best D so far;
     * D from every point the walk evaluates and the extremes at the bucket ends.
     */
    double resolve(EcdfBuckets counts, double[] extremes) {
      int[] buckets = Arrays.copyOf(chosen, found);
      long[] order = new long[found];
      for (int i = 0; i < found; i++) {
        // the order only decides how soon the bar rises, not the result: a float's bits (ordered
        // like the non-negative promise) above the candidate's index do
        order[i] = (long) Float.floatToIntBits((float) Math.max(promise(counts, i), 0)) << 32 | i;
      }
      SmallSort.sort(order);
      EcdfBuckets.Bucket[] values = counts.gather(buckets);
      double maxS = extremes[0];
      double minS = extremes[1];
      double best = KsTest.statistic(maxS, minS);
      for (int o = found - 1; o >= 0; o--) {
        int i = (int) order[o];
        if (!(promise(counts, i) > best)) {
          continue; // a bucket resolved earlier raised the bar above this one's bounds
        }
        double[] reached = walk(values[i].sort(), before1[i], before2[i], n1, n2);
        maxS = Math.max(maxS, reached[0]);
        minS = Math.min(minS, reached[1]);
        best = KsTest.statistic(maxS, minS);
      }
      return best;
    }
  }

  /**
   * The largest and the smallest F1 - F2 at the points of one sorted bucket, after before1 and before2 values below
   * it. A method of its own, called once per bucket: the JIT compiles it once, small, rather than inside the loop over
   * the candidates.
   */
  private static double[] walk(
      EcdfBuckets.Bucket bucket, int before1, int before2, int n1, int n2) {
    double maxS = Double.NEGATIVE_INFINITY;
    double minS = Double.POSITIVE_INFINITY;
    MergedWalk walk = new MergedWalk(bucket.first(), bucket.second());
    while (walk.next()) {
      double diff =
          (double) (before1 + walk.firstAtOrBelow()) / n1
              - (double) (before2 + walk.secondAtOrBelow()) / n2;
      maxS = Math.max(maxS, diff);
      minS = Math.min(minS, diff);
    }
    return new double[] {maxS, minS};
  }

  /** No point of a bucket with a values of the first sample lies higher (same expression as the walk's). */
  private static double upper(int before1, int a, int n1, int before2, int n2) {
    return (double) (before1 + a) / n1 - (double) before2 / n2;
  }

  /** No point of a bucket with b values of the second sample lies lower. */
  private static double lower(int before1, int n1, int before2, int b, int n2) {
    return (double) before1 / n1 - (double) (before2 + b) / n2;
  }
}
