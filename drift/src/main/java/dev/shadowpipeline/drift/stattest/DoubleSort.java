package dev.shadowpipeline.drift.stattest;

import java.util.Arrays;

/**
 * Sorting of large {@code double[]} columns, the cost that dominates two-sample tests on a million rows: an LSD radix
 * sort over the values' bit patterns (six passes of 11 bits, passes whose digit is the same for every value skipped),
 * which does no comparisons and so beats {@link Arrays#sort(double[])} several times on large random columns. Small
 * arrays, and arrays that are already sorted, go to {@link Arrays#sort(double[])}, which handles both best.
 *
 * <p>The order is {@link Arrays#sort(double[])}'s: ascending, {@code -0.0} before {@code 0.0}. The engine hands over
 * finite values only; NaN would sort after every number, as there.
 */
public final class DoubleSort {

  /** Below this, a comparison sort is as fast and needs no scratch memory. */
  static final int RADIX_THRESHOLD = 1 << 13;

  private static final int BITS = 11;
  private static final int RADIX = 1 << BITS;
  private static final int MASK = RADIX - 1;
  private static final int PASSES = 6; // 6 x 11 bits cover the 64

  private DoubleSort() {}

  /** Sorts in place. */
  public static void sort(double[] a) {
    int n = a.length;
    if (n < RADIX_THRESHOLD || isSorted(a)) {
      Arrays.sort(a); // linear on sorted input
      return;
    }
    long[] src = new long[n];
    long[] dst = new long[n];
    int[][] counts = new int[PASSES][RADIX];
    for (int i = 0; i < n; i++) {
      long key = key(a[i]);
      src[i] = key;
      for (int p = 0; p < PASSES; p++) {
        counts[p][(int) (key >>> (p * BITS)) & MASK]++;
      }
    }
    for (int p = 0; p < PASSES; p++) {
      int shift = p * BITS;
      int[] count = counts[p];
      if (count[(int) (src[0] >>> shift) & MASK] == n) {
        continue; // every value has the same digit here: the pass would not move anything
      }
      int sum = 0;
      for (int d = 0; d < RADIX; d++) {
        int c = count[d];
        count[d] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        long key = src[i];
        dst[count[(int) (key >>> shift) & MASK]++] = key;
      }
      long[] swap = src;
      src = dst;
      dst = swap;
    }
    for (int i = 0; i < n; i++) {
      a[i] = value(src[i]);
    }
  }

  /** A sorted copy; the argument is not changed. */
  public static double[] sortedCopy(double[] values) {
    double[] copy = values.clone();
    sort(copy);
    return copy;
  }

  static boolean isSorted(double[] a) {
    for (int i = 1; i < a.length; i++) {
      if (a[i - 1] > a[i]) {
        return false;
      }
    }
    return true;
  }

  // The bit pattern as an unsigned key in the doubles' order: negatives have every bit flipped
  // (larger magnitude,
  // smaller number), non-negatives only the sign bit (so they come after every negative).
  static long key(double v) {
    long bits = Double.doubleToRawLongBits(v);
    return bits ^ ((bits >> 63) | Long.MIN_VALUE);
  }

  static double value(long key) {
    long bits = key ^ ((~key >> 63) | Long.MIN_VALUE);
    return Double.longBitsToDouble(bits);
  }
}
