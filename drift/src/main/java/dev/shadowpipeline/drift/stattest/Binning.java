package dev.shadowpipeline.drift.stattest;

/**
 * Evidently's binning for the histogram distances ({@code psi}, {@code kl_div}, {@code jensenshannon}), its
 * {@code get_binned_data}: a numeric column with more than 20 distinct reference values is cut into Sturges
 * equal-width bins over the combined min-max ({@code np.histogram_bin_edges(ref ∪ cur, bins="sturges")}, each bin
 * [e<sub>i</sub>, e<sub>i+1</sub>), the last one closed); otherwise every distinct value of reference &cup; current, or
 * every category, is its own bin. Shares are counts divided by the side's size.
 *
 * <p>With {@code fillZeros} (PSI, KL) a zero share is replaced, per side, by min(non-zero share) / 10<sup>6</sup> when
 * that minimum is &lt;= 0.0001, else by 0.0001, exactly as Evidently does.
 */
public final class Binning {

  /** Above this many distinct reference values a numeric column is binned (Evidently's rule). */
  public static final int MAX_DISTINCT_UNBINNED = 20;

  private Binning() {}

  /**
   * Per-bin shares of reference and current, in the same bin order.
   *
   * @param reference shares of the reference in each bin
   * @param current shares of the current data in each bin
   */
  public record Shares(double[] reference, double[] current) {}

  /** Evidently's binned shares of a column. */
  public static Shares shares(ColumnPair data, boolean fillZeros) {
    Shares shares;
    if (data instanceof NumericPair numeric) {
      double[] ref = Samples.sortedCopy(numeric.reference());
      double[] cur = Samples.sortedCopy(numeric.current());
      shares =
          Samples.distinctSorted(ref) > MAX_DISTINCT_UNBINNED
              ? sturgesShares(ref, cur)
              : countShares(Samples.numericCounts(ref, cur));
    } else {
      shares = countShares(Samples.counts(data));
    }
    if (fillZeros) {
      fillZeros(shares.reference());
      fillZeros(shares.current());
    }
    return shares;
  }

  private static Shares countShares(Samples.Counts counts) {
    double nRef = counts.referenceTotal();
    double nCur = counts.currentTotal();
    double[] ref = new double[counts.size()];
    double[] cur = new double[counts.size()];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = counts.reference()[i] / nRef;
      cur[i] = counts.current()[i] / nCur;
    }
    return new Shares(ref, cur);
  }

  private static Shares sturgesShares(double[] sortedRef, double[] sortedCur) {
    double min = Math.min(sortedRef[0], sortedCur[0]);
    double max = Math.max(sortedRef[sortedRef.length - 1], sortedCur[sortedCur.length - 1]);
    requireFiniteRange(min, max);
    double[] edges = sturgesEdges(min, max, (long) sortedRef.length + sortedCur.length);
    long[] ref = histogram(sortedRef, edges);
    long[] cur = histogram(sortedCur, edges);
    double[] r = new double[ref.length];
    double[] c = new double[cur.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = ref[i] / (double) sortedRef.length;
      c[i] = cur[i] / (double) sortedCur.length;
    }
    return new Shares(r, c);
  }

  /**
   * Refuses a range wider than the doubles reach (from near -1.8e308 to near 1.8e308): numpy's histogram fails on it,
   * and one bin holding everything (what {@link #sturgesEdges} falls back to) would read as "no drift" however the
   * values moved.
   *
   * @throws IllegalArgumentException naming the range, for the column's status
   */
  public static void requireFiniteRange(double min, double max) {
    if (!Double.isFinite(max - min)) {
      throw new IllegalArgumentException(
          "the column's values range from "
              + min
              + " to "
              + max
              + ", wider than the doubles reach: its Sturges bins cannot be drawn; choose a rank test,"
              + " e.g. ks or mannw");
    }
  }

  /**
   * {@code np.histogram_bin_edges(a, bins="sturges")} for data of size {@code n} spanning [min, max]: width =
   * (max - min) / (log2(n) + 1), ceil((max - min) / width) bins, edges by {@code np.linspace}.
   */
  public static double[] sturgesEdges(double min, double max, long n) {
    double first = min;
    double last = max;
    if (first == last) {
      first -= 0.5;
      last += 0.5;
    }
    if (!Double.isFinite(last - first)) {
      return new double[] {
        first, last
      }; // a range beyond double: numpy would fail; one bin keeps every value (the Spark job's
      // scan asks for edges before its test runs, which refuses such a range, as the local tests
      // do)
    }
    double width = (max - min) / (log2(n) + 1.0);
    int bins = width != 0 ? (int) Math.ceil((last - first) / width) : 1;
    double[] edges = new double[bins + 1];
    double step = (last - first) / bins;
    for (int i = 0; i <= bins; i++) {
      edges[i] = i * step + first;
    }
    edges[bins] = last;
    return edges;
  }

  /** log2 exact for powers of two, where numpy's C log2 is exact and a rounding difference would add a bin. */
  static double log2(long n) {
    if (Long.bitCount(n) == 1) {
      return Long.numberOfTrailingZeros(n);
    }
    return Math.log((double) n) / Math.log(2);
  }

  /** {@code np.histogram(sorted, edges)[0]}: bins [e_i, e_i+1), the last one closed. */
  public static long[] histogram(double[] sorted, double[] edges) {
    int bins = edges.length - 1;
    long[] counts = new long[bins];
    int prev = lowerBound(sorted, edges[0]);
    for (int b = 0; b < bins; b++) {
      int next = b == bins - 1 ? upperBound(sorted, edges[bins]) : lowerBound(sorted, edges[b + 1]);
      counts[b] = (long) next - prev;
      prev = next;
    }
    return counts;
  }

  private static int lowerBound(double[] a, double key) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(double[] a, double key) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static void fillZeros(double[] shares) {
    double minNonZero = Double.POSITIVE_INFINITY;
    for (double s : shares) {
      if (s != 0 && s < minNonZero) {
        minNonZero = s;
      }
    }
    if (minNonZero == Double.POSITIVE_INFINITY) {
      return;
    }
    double fill = minNonZero <= 0.0001 ? minNonZero / 1e6 : 0.0001;
    for (int i = 0; i < shares.length; i++) {
      if (shares[i] == 0) {
        shares[i] = fill;
      }
    }
  }
}
