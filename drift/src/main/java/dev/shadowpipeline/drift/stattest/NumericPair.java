package dev.shadowpipeline.drift.stattest;

import java.util.Objects;

/**
 * Finite values of a numeric column: no NaN, no infinities (the engine removes them as missing).
 *
 * <p>The arrays are owned by the pair and must not be changed afterwards; tests that need sorted data sort copies.
 *
 * <p>A pair may carry bins ({@link #withBins}) whose counts a report wants: a test that reads every value anyway (ks
 * and wasserstein on large samples) counts them in the same pass, and {@link #binCounts()} then returns those counts
 * instead of reading the values again. The pair is otherwise immutable, and safe to share between threads (counts
 * kept by one pass are the counts any other pass would find).
 */
public final class NumericPair implements ColumnPair {

  private final double[] reference;
  private final double[] current;
  private final Extent extent;
  private final ValueBins bins;
  private BinCounts counted; // a benign race: every pass that sets it finds the same counts

  /**
   * A pair whose extent is known.
   *
   * @param reference reference values, in any order
   * @param current current values, in any order
   * @param extent the smallest and largest value of both arrays together, found once for every test and report
   *     that needs them
   */
  public NumericPair(double[] reference, double[] current, Extent extent) {
    this(reference, current, extent, null);
  }

  /** The pair with its extent found in one pass over each array. */
  public NumericPair(double[] reference, double[] current) {
    this(reference, current, Extent.of(reference, current));
  }

  private NumericPair(double[] reference, double[] current, Extent extent, ValueBins bins) {
    this.reference = Objects.requireNonNull(reference, "reference");
    this.current = Objects.requireNonNull(current, "current");
    this.extent = Objects.requireNonNull(extent, "extent");
    this.bins = bins;
  }

  /** The same values, with bins to count them in ({@link #binCounts()}). */
  public NumericPair withBins(ValueBins bins) {
    return new NumericPair(reference, current, extent, Objects.requireNonNull(bins, "bins"));
  }

  /** Reference values, in any order. */
  public double[] reference() {
    return reference;
  }

  /** Current values, in any order. */
  public double[] current() {
    return current;
  }

  /** The smallest and largest value of both arrays together. */
  public Extent extent() {
    return extent;
  }

  @Override
  public long referenceSize() {
    return reference.length;
  }

  @Override
  public long currentSize() {
    return current.length;
  }

  /**
   * How many values of each side fall in each of the bins given to {@link #withBins}: the counts a test's pass kept,
   * or, when no test counted them, one pass over each side here.
   *
   * @throws IllegalStateException when the pair has no bins
   */
  public BinCounts binCounts() {
    if (bins == null) {
      throw new IllegalStateException("this pair was given no bins to count (withBins)");
    }
    BinCounts known = counted;
    if (known == null) {
      known = new BinCounts(countInBins(reference), countInBins(current));
      counted = known;
    }
    return known;
  }

  private int[] countInBins(double[] values) {
    int[] counts = new int[bins.bins()];
    for (double v : values) {
      counts[bins.binOf(v)]++;
    }
    return counts;
  }

  /** The bins to count in, null when none were given. */
  ValueBins bins() {
    return bins;
  }

  /** Keeps the counts a test's pass found, for {@link #binCounts()}. */
  void counted(BinCounts counts) {
    counted = counts;
  }

  @Override
  public String toString() {
    return "NumericPair["
        + reference.length
        + " reference, "
        + current.length
        + " current values, "
        + extent
        + "]";
  }

  /**
   * Values per bin of each side. The arrays are the pair's, shared by every caller of {@link #binCounts()}: read them,
   * do not change them.
   *
   * @param reference the reference's count in each bin
   * @param current the current side's count in each bin
   */
  public record BinCounts(int[] reference, int[] current) {}

  /**
   * Where the values of two arrays lie, in the doubles' total order ({@code -0.0} before {@code 0.0}, NaN beyond the
   * infinities on the side of its sign bit, as a sort puts them).
   *
   * @param min the smallest value, {@code +Infinity} when both arrays are empty
   * @param max the largest value, {@code -Infinity} when both arrays are empty
   * @param smallestNonZeroMagnitude the smallest |v| &gt; 0 (NaN's bits count as a magnitude), 0 when every value is
   *     a zero or there are none
   */
  public record Extent(double min, double max, double smallestNonZeroMagnitude) {

    /** Whether there are no values at all. */
    public boolean empty() {
      return min > max;
    }

    /** The extent of two arrays together: one pass over each. */
    public static Extent of(double[] a, double[] b) {
      long[] acc = {Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE};
      scan(a, acc);
      scan(b, acc);
      if (acc[0] > acc[1]) {
        return new Extent(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0);
      }
      return new Extent(
          orderedValue(acc[0]),
          orderedValue(acc[1]),
          acc[2] == Long.MAX_VALUE ? 0 : Double.longBitsToDouble(acc[2]));
    }

    // through keys in the doubles' total order, branch-free: a branch per value on data in random
    // order would mispredict
    private static void scan(double[] values, long[] acc) {
      for (int from = 0; from < values.length; from += KeyGrid.CHUNK) {
        scanRange(values, from, Math.min(values.length, from + KeyGrid.CHUNK), acc);
      }
    }

    private static void scanRange(double[] values, int from, int to, long[] acc) {
      long minKey = acc[0];
      long maxKey = acc[1];
      long minMag = acc[2];
      for (int i = from; i < to; i++) {
        long bits = Double.doubleToRawLongBits(values[i]);
        long ordered = bits ^ ((bits >> 63) & Long.MAX_VALUE);
        minKey = Math.min(minKey, ordered);
        maxKey = Math.max(maxKey, ordered);
        long mag = bits & Long.MAX_VALUE;
        // zero counts as the largest magnitude here, so that it never is the smallest non-zero one
        minMag = Math.min(minMag, mag + (((mag - 1) >> 63) & Long.MAX_VALUE));
      }
      acc[0] = minKey;
      acc[1] = maxKey;
      acc[2] = minMag;
    }

    private static double orderedValue(long ordered) {
      return Double.longBitsToDouble(ordered ^ ((ordered >> 63) & Long.MAX_VALUE));
    }
  }
}
