package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.stattest.ValueBins;

/**
 * Equal-width bins from the smallest to the largest value, as reports draw a numeric column: {@code bins + 1} edges
 * {@code min + i * width}, and each value in the bin whose edges hold it. Bin i holds the values from {@code
 * edges[i]} up to, not including, {@code edges[i + 1]}; the last bin holds everything from its lower edge up, the
 * maximum included. That is {@code np.histogram(values, bins=edges)}'s rule, kept exactly however the edges rounded:
 * dividing by the width instead puts a value that equals a rounded edge, or lies within an ulp of one, on the other
 * side of the edge drawn for it, and with discrete data a whole tie group moves to the neighbouring bar.
 *
 * <p>Cost: one product per value, and a search of the edges only for a value whose estimated position lies within
 * {@link #tolerance()} bins of an edge, the bound on how far the estimate and the rounded edges can be apart (derived
 * in {@link #tolerance(double[])}). Shared by the local engine and the Spark job, so both draw the same histogram.
 */
public final class EqualWidthBins implements ValueBins {

  private static final double UNIT_ROUNDOFF = 0x1p-53;

  private final double[] edges;
  private final int last;
  private final double min;
  private final double scale;
  private final double tolerance;
  private final double upper;
  private final boolean searchEveryValue;

  private EqualWidthBins(double[] edges) {
    this.edges = edges;
    this.last = edges.length - 2;
    this.min = edges[0];
    double width = (edges[last + 1] - edges[0]) / (last + 1);
    this.scale = 1 / width;
    this.tolerance = tolerance(edges);
    this.upper = 1 - tolerance;
    // bins narrower than a few ulps of their edges, a range beyond the doubles or a subnormal width
    // (where the rounding bounds do not hold): every value is placed by a search
    this.searchEveryValue =
        !(tolerance < 0.25)
            || !(scale < Double.POSITIVE_INFINITY)
            || !(width >= 0x1p-1000 && width < Double.POSITIVE_INFINITY);
  }

  /**
   * {@code bins} bins from min to max; one bin, whose two edges are both min, when {@code max <= min} (a constant
   * column).
   *
   * @param bins at least 1
   */
  public static EqualWidthBins over(double min, double max, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("a histogram needs at least one bin: " + bins);
    }
    int n = max > min ? bins : 1;
    double width = (max - min) / n;
    double[] edges = new double[n + 1];
    if (width == Double.POSITIVE_INFINITY && Double.isFinite(min) && Double.isFinite(max)) {
      // a range wider than the doubles reach: the same sums at half scale (halving and doubling
      // are exact), so that no edge overflows
      double half = (max / 2 - min / 2) / n;
      for (int i = 0; i <= n; i++) {
        edges[i] = 2 * (min / 2 + i * half);
      }
    } else {
      for (int i = 0; i <= n; i++) {
        edges[i] = min + i * width;
      }
    }
    return new EqualWidthBins(edges);
  }

  /**
   * The bins of edges that {@link #over} made, e.g. after they were sent to a Spark executor as the array.
   *
   * @param edges at least two, ascending
   */
  public static EqualWidthBins ofEdges(double[] edges) {
    if (edges.length < 2) {
      throw new IllegalArgumentException("bins need at least two edges: " + edges.length);
    }
    return new EqualWidthBins(edges.clone());
  }

  /** Number of bins. */
  @Override
  public int bins() {
    return last + 1;
  }

  @Override
  public double lowerEdge(int bin) {
    return edges[bin];
  }

  /** The edges, ascending, {@link #bins()} + 1 of them (a copy). */
  public double[] edges() {
    return edges.clone();
  }

  /** How close to an edge, in bins, an estimated position must lie to be checked against the edges. */
  double tolerance() {
    return tolerance;
  }

  /**
   * The bound behind {@link #binOf}. With u = 2<sup>-53</sup>, n bins, w = (e<sub>n</sub> - e<sub>0</sub>) / n and the
   * real position p = (v - e<sub>0</sub>) / w' of v in units of the width w' the edges were made with: the estimate
   * f = (v - e<sub>0</sub>) * (1 / w), three roundings and w's own (w and w' differ by at most 4u + u |e<sub>0</sub>| /
   * (n w') relatively), is within 7.1 u n + u |e<sub>0</sub>| / w' of p; edge i, rounded twice, lies within 2.1 u n + u
   * |e<sub>0</sub>| / w' of its real position i. So when f's distance to the nearest integer is at least their sum,
   * 9.2 u n + 2 u |e<sub>0</sub>| / w', v lies between the edges floor(f) and floor(f) + 1 as the doubles compare. The
   * tolerance used is more than that: 16 u (n + 1) + 4 u (|e<sub>0</sub>| + |e<sub>n</sub>|) / w.
   */
  static double tolerance(double[] edges) {
    int n = edges.length - 1;
    double width = (edges[n] - edges[0]) / n;
    return 16 * UNIT_ROUNDOFF * (n + 1)
        + 4 * UNIT_ROUNDOFF * (Math.abs(edges[0]) + Math.abs(edges[n])) / width;
  }

  /**
   * The bin of a value: the last bin whose lower edge is at or below it; the first bin for a value below every edge
   * and for NaN.
   */
  @Override
  public int binOf(double v) {
    if (searchEveryValue) {
      return search(v);
    }
    double f = (v - min) * scale;
    int b = (int) f; // NaN becomes 0, a position beyond int's range its end
    double r = f - b; // exact: b <= f < b + 1
    if (r < tolerance || r > upper) {
      return search(v); // near an edge (or outside the bins): rare, so the branch is predicted
    }
    return Math.min(b, last); // a position at or beyond the last edge is in the last bin
  }

  private int search(double v) {
    return lastBinAtOrBelow(edges, v);
  }

  /**
   * {@code np.histogram}'s rule over any ascending edges: the last bin whose lower edge is at or below v (bin i lies
   * between {@code edges[i]} and {@code edges[i + 1]}), 0 when there is none (v below every edge, or NaN). Equal edges
   * make empty bins, as in numpy.
   *
   * @param edges at least two, ascending
   */
  public static int lastBinAtOrBelow(double[] edges, double v) {
    int lo = 0;
    int hi = edges.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (edges[mid] <= v) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** How many of the values fall in each bin. */
  public int[] count(double[] values) {
    int[] counts = new int[last + 1];
    for (double v : values) {
      counts[binOf(v)]++;
    }
    return counts;
  }
}
