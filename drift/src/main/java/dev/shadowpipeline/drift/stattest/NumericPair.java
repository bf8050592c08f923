package dev.shadowpipeline.drift.stattest;

import java.util.Objects;

/**
 * Finite values of a numeric column: no NaN, no infinities (the engine removes them as missing).
 *
 * <p>The arrays are owned by the pair and must not be changed afterwards; tests that need sorted data sort copies.
 *
 * @param reference reference values, in any order
 * @param current current values, in any order
 * @param extent the smallest and largest value of both arrays together, found once for every test and report that
 *     needs them
 */
public record NumericPair(double[] reference, double[] current, Extent extent)
    implements ColumnPair {

  public NumericPair {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(extent, "extent");
  }

  /** The pair with its extent found in one pass over each array. */
  public NumericPair(double[] reference, double[] current) {
    this(reference, current, Extent.of(reference, current));
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
      long minKey = acc[0];
      long maxKey = acc[1];
      long minMag = acc[2];
      for (double v : values) {
        long bits = Double.doubleToRawLongBits(v);
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
