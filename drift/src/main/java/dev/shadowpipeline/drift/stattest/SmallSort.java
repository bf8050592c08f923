package dev.shadowpipeline.drift.stattest;

import java.util.Arrays;

/**
 * Sorts for the short arrays of a bucket's values (about 64 of them): an insertion sort up to {@link #LIMIT}
 * elements, {@link Arrays#sort} beyond. Why not {@link Arrays#sort} for all: a drift run is one call in a fresh JVM,
 * and the C2 compilations of the JDK's dual-pivot quicksort took about 90 ms (JFR's {@code jdk.Compilation} events)
 * of the first wasserstein call on 1M rows, on the same two cores as the work, for sorts of a few dozen values each;
 * this method compiles in a few milliseconds.
 */
final class SmallSort {

  /** Longer arrays go to {@link Arrays#sort}, whose cost grows as n log n, not n<sup>2</sup>. */
  static final int LIMIT = 128;

  private SmallSort() {}

  /**
   * Sorts finite values ascending in {@link Arrays#sort(double[])}'s order ({@code -0.0} before {@code 0.0}); NaN,
   * which buckets never hold, would stay in place.
   */
  static void sort(double[] a) {
    if (a.length > LIMIT) {
      Arrays.sort(a);
      return;
    }
    for (int i = 1; i < a.length; i++) {
      double v = a[i];
      long bits = Double.doubleToRawLongBits(v);
      int j = i - 1;
      // equal values differ in their bits only as -0.0 (negative as a long) and 0.0
      while (j >= 0 && (a[j] > v || (a[j] == v && Double.doubleToRawLongBits(a[j]) > bits))) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
  }

  /** Sorts ascending. */
  static void sort(long[] a) {
    if (a.length > LIMIT) {
      Arrays.sort(a);
      return;
    }
    for (int i = 1; i < a.length; i++) {
      long v = a[i];
      int j = i - 1;
      while (j >= 0 && a[j] > v) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
  }
}
