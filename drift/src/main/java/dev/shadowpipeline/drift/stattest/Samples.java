package dev.shadowpipeline.drift.stattest;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Helpers on sorted primitive samples and on category counts; inputs are never modified in place. */
final class Samples {

  /**
   * Refuses a pair with fewer than {@code minimum} values on a side: the test has nothing to compute there, and its
   * placeholder answer would read as "no drift".
   *
   * @throws IllegalArgumentException naming the test, the minimum and the sizes
   */
  static void requireAtLeast(String test, int minimum, NumericPair pair) {
    requireAtLeast(test, minimum, pair.reference().length, pair.current().length);
  }

  /**
   * The same for sides of {@code nx} and {@code ny} values, known from a summary.
   *
   * @throws IllegalArgumentException naming the test, the minimum and the sizes
   */
  static void requireAtLeast(String test, int minimum, long nx, long ny) {
    if (nx < minimum || ny < minimum) {
      throw new IllegalArgumentException(
          test
              + " needs at least "
              + minimum
              + " values on each side, got "
              + nx
              + " reference and "
              + ny
              + " current values");
    }
  }

  private Samples() {}

  /** A sorted copy; the pair's arrays stay untouched. */
  static double[] sortedCopy(double[] values) {
    return DoubleSort.sortedCopy(values);
  }

  /** Number of distinct values in a sorted array. */
  static int distinctSorted(double[] sorted) {
    int count = 0;
    for (int i = 0; i < sorted.length; ) {
      double v = sorted[i];
      while (i < sorted.length && sorted[i] == v) {
        i++;
      }
      count++;
    }
    return count;
  }

  /** Number of distinct values in the union of two sorted arrays. */
  static int distinctUnionSorted(double[] a, double[] b) {
    int count = 0;
    MergedWalk walk = new MergedWalk(a, b);
    while (walk.next()) {
      count++;
    }
    return count;
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** Population standard deviation (ddof 0), two-pass like numpy's {@code np.std}. */
  static double populationStd(double[] values) {
    double mean = mean(values);
    double ss = 0;
    for (double v : values) {
      double d = v - mean;
      ss += d * d;
    }
    return Math.sqrt(ss / values.length);
  }

  /**
   * Counts per category: each distinct numeric value of a {@link NumericPair} is a category (ascending), a
   * {@link CategoricalPair}'s categories are kept in lexicographic order of their labels; categories absent from both
   * sides are dropped.
   */
  static Counts counts(ColumnPair data) {
    if (data instanceof NumericPair numeric) {
      return numericCounts(sortedCopy(numeric.reference()), sortedCopy(numeric.current()));
    }
    CategoricalPair cat = (CategoricalPair) data;
    List<String> labels = cat.categories();
    Integer[] order = new Integer[labels.size()];
    int kept = 0;
    for (int i = 0; i < labels.size(); i++) {
      if (cat.reference()[i] + cat.current()[i] > 0) {
        order[kept++] = i;
      }
    }
    Integer[] used = Arrays.copyOf(order, kept);
    Arrays.sort(used, Comparator.comparing(labels::get));
    long[] ref = new long[kept];
    long[] cur = new long[kept];
    for (int k = 0; k < kept; k++) {
      ref[k] = cat.reference()[used[k]];
      cur[k] = cat.current()[used[k]];
    }
    return new Counts(ref, cur);
  }

  static Counts numericCounts(double[] sortedRef, double[] sortedCur) {
    int distinct = distinctUnionSorted(sortedRef, sortedCur);
    long[] ref = new long[distinct];
    long[] cur = new long[distinct];
    int k = 0;
    MergedWalk walk = new MergedWalk(sortedRef, sortedCur);
    while (walk.next()) {
      ref[k] = walk.firstTies();
      cur[k] = walk.secondTies();
      k++;
    }
    return new Counts(ref, cur);
  }

  /** Counts over the same categories, with the totals precomputed. */
  record Counts(long[] reference, long[] current) {
    long referenceTotal() {
      long s = 0;
      for (long c : reference) {
        s += c;
      }
      return s;
    }

    long currentTotal() {
      long s = 0;
      for (long c : current) {
        s += c;
      }
      return s;
    }

    int size() {
      return reference.length;
    }
  }
}
