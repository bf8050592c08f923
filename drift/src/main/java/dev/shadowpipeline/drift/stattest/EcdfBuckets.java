package dev.shadowpipeline.drift.stattest;

import java.util.Arrays;

/**
 * Two samples counted over one {@link KeyGrid}, in one pass over each: per bucket, how many values of each sample it
 * holds, so the cumulative counts give both empirical CDFs exactly at every bucket edge; optionally the sum of the
 * values' offsets above their bucket's lower edge (for integrals of the CDFs); and, on demand, the values of a few
 * chosen buckets, gathered in one more pass; and, for a pair with bins ({@link NumericPair#withBins}), each sample's
 * counts per bin, found in the same counting pass ({@link GridBins}). The samples are read, never modified.
 */
final class EcdfBuckets {

  private final KeyGrid grid;
  private final double[] first;
  private final double[] second;
  private final int[] firstCounts;
  private final int[] secondCounts;
  private final double[] firstOffsets;
  private final double[] secondOffsets;
  private final GridBins bins;
  private final int[] firstPlaced;
  private final int[] secondPlaced;

  private EcdfBuckets(
      KeyGrid grid,
      double[] first,
      double[] second,
      int[] firstCounts,
      int[] secondCounts,
      double[] firstOffsets,
      double[] secondOffsets,
      GridBins bins,
      int[] firstPlaced,
      int[] secondPlaced) {
    this.grid = grid;
    this.first = first;
    this.second = second;
    this.firstCounts = firstCounts;
    this.secondCounts = secondCounts;
    this.firstOffsets = firstOffsets;
    this.secondOffsets = secondOffsets;
    this.bins = bins;
    this.firstPlaced = firstPlaced;
    this.secondPlaced = secondPlaced;
  }

  /** Counts alone, over a grid built on these two samples ({@link KeyGrid#over}). */
  static EcdfBuckets count(KeyGrid grid, double[] first, double[] second) {
    return count(grid, first, second, null);
  }

  /** Counts alone, and with bins (or null) the counts per bin too ({@link #keepBinCounts}). */
  static EcdfBuckets count(KeyGrid grid, double[] first, double[] second, ValueBins bins) {
    GridBins over = bins == null ? null : GridBins.over(grid, bins);
    int[] p1 = placedFor(bins);
    int[] p2 = placedFor(bins);
    return new EcdfBuckets(
        grid,
        first,
        second,
        grid.count(first, over, p1),
        grid.count(second, over, p2),
        null,
        null,
        over,
        p1,
        p2);
  }

  /** Counts and offset sums, over a grid built on these two samples ({@link KeyGrid#over}). */
  static EcdfBuckets countAndSum(KeyGrid grid, double[] first, double[] second) {
    return countAndSum(grid, first, second, null);
  }

  /** Counts and offset sums, and with bins (or null) the counts per bin too ({@link #keepBinCounts}). */
  static EcdfBuckets countAndSum(KeyGrid grid, double[] first, double[] second, ValueBins bins) {
    GridBins over = bins == null ? null : GridBins.over(grid, bins);
    int[] p1 = placedFor(bins);
    int[] p2 = placedFor(bins);
    int k = grid.buckets();
    int[] c1 = new int[k];
    int[] c2 = new int[k];
    double[] o1 = new double[k];
    double[] o2 = new double[k];
    grid.countAndSum(first, c1, o1, over, p1);
    grid.countAndSum(second, c2, o2, over, p2);
    return new EcdfBuckets(grid, first, second, c1, c2, o1, o2, over, p1, p2);
  }

  private static int[] placedFor(ValueBins bins) {
    return bins == null ? null : new int[bins.bins()];
  }

  /** Both samples' counts per bin, from this pass; null when it was given no bins. */
  NumericPair.BinCounts binCounts() {
    return bins == null
        ? null
        : new NumericPair.BinCounts(
            bins.binCounts(firstCounts, firstPlaced), bins.binCounts(secondCounts, secondPlaced));
  }

  /** Hands the counts per bin to the pair whose samples these are, when they were counted with its bins. */
  void keepBinCounts(NumericPair pair) {
    if (bins != null
        && bins.bins() == pair.bins()
        && first == pair.reference()
        && second == pair.current()) {
      pair.counted(binCounts());
    }
  }

  KeyGrid grid() {
    return grid;
  }

  int firstSize() {
    return first.length;
  }

  int secondSize() {
    return second.length;
  }

  /** Values of the first sample in bucket k. */
  int firstCount(int k) {
    return firstCounts[k];
  }

  /** Values of the second sample in bucket k. */
  int secondCount(int k) {
    return secondCounts[k];
  }

  /** Sum over the first sample's values v in bucket k of {@code v - grid().edges()[k]}. */
  double firstOffset(int k) {
    return firstOffsets[k];
  }

  /** Sum over the second sample's values v in bucket k of {@code v - grid().edges()[k]}. */
  double secondOffset(int k) {
    return secondOffsets[k];
  }

  /** The values of one bucket of each sample, in the samples' order until {@link #sort()}. */
  record Bucket(double[] first, double[] second) {
    /** Sorts both in place, ascending ({@link Arrays#sort(double[])}'s order), and returns this bucket. */
    Bucket sort() {
      SmallSort.sort(first);
      SmallSort.sort(second);
      return this;
    }
  }

  /**
   * The values of the chosen buckets, in the order given, gathered by one pass over each sample. Only values between
   * the lowest chosen bucket and the highest one are bucketed again, so a few neighbouring buckets cost little more
   * than a comparison per value.
   *
   * @param chosen distinct bucket indices
   */
  Bucket[] gather(int[] chosen) {
    int[] slotOf = new int[grid.buckets()]; // the chosen slot + 1; 0 for the other buckets
    double[][] firsts = new double[chosen.length][];
    double[][] seconds = new double[chosen.length][];
    int lowest = Integer.MAX_VALUE;
    int highest = -1;
    for (int i = 0; i < chosen.length; i++) {
      slotOf[chosen[i]] = i + 1;
      firsts[i] = new double[firstCounts[chosen[i]]];
      seconds[i] = new double[secondCounts[chosen[i]]];
      lowest = Math.min(lowest, chosen[i]);
      highest = Math.max(highest, chosen[i]);
    }
    long from = grid.firstKey(lowest);
    long span =
        highest + 1 < grid.buckets() ? grid.firstKey(highest + 1) - 1 - from : Long.MAX_VALUE;
    gather(first, from, span, slotOf, firsts);
    gather(second, from, span, slotOf, seconds);
    Bucket[] out = new Bucket[chosen.length];
    for (int i = 0; i < chosen.length; i++) {
      out[i] = new Bucket(firsts[i], seconds[i]);
    }
    return out;
  }

  private void gather(double[] values, long from, long span, int[] slotOf, double[][] into) {
    int[] filled = new int[into.length];
    for (int lo = 0; lo < values.length; lo += KeyGrid.CHUNK) {
      gatherRange(
          values,
          lo,
          Math.min(values.length, lo + KeyGrid.CHUNK),
          from,
          span,
          slotOf,
          into,
          filled);
    }
  }

  private void gatherRange(
      double[] values,
      int lo,
      int hi,
      long from,
      long span,
      int[] slotOf,
      double[][] into,
      int[] filled) {
    for (int i = lo; i < hi; i++) {
      double v = values[i];
      long t = grid.key(v);
      // from <= t <= from + span in one unsigned comparison: one branch, rarely taken (two
      // comparisons on the values would make the first a coin flip on data in random order)
      if (t - from + Long.MIN_VALUE <= span + Long.MIN_VALUE) {
        int slot = slotOf[grid.bucketOfKey(t)] - 1;
        if (slot >= 0) {
          into[slot][filled[slot]++] = v;
        }
      }
    }
  }
}
