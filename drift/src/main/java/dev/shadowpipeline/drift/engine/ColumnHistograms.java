package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.stattest.CategoricalPair;
import dev.shadowpipeline.drift.stattest.NumericPair;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@link Histogram} of a column as reports draw it; separate from the tests, which bin in their own ways. */
final class ColumnHistograms {

  private ColumnHistograms() {}

  /** Equal-width bins over the min-max of two non-empty sides; one bin when every value is the same. */
  static Histogram.Bins numeric(double[] ref, double[] cur, int histogramBins) {
    return numeric(ref, cur, NumericPair.Extent.of(ref, cur), histogramBins);
  }

  /** The same bins, over an extent already found. */
  static Histogram.Bins numeric(
      double[] ref, double[] cur, NumericPair.Extent extent, int histogramBins) {
    EqualWidthBins bins = bins(extent, histogramBins);
    return numeric(new NumericPair(ref, cur, extent).withBins(bins), bins);
  }

  /** The equal-width bins of a numeric histogram over an extent. */
  static EqualWidthBins bins(NumericPair.Extent extent, int histogramBins) {
    // the extent orders -0.0 before 0.0, as a sort does
    return EqualWidthBins.over(extent.min(), extent.max(), histogramBins);
  }

  /**
   * The histogram of a pair given these bins ({@link NumericPair#withBins}): from the counts its test kept when the
   * test read every value anyway (ks and wasserstein on large samples), else counted now.
   */
  static Histogram.Bins numeric(NumericPair binned, EqualWidthBins bins) {
    NumericPair.BinCounts counts = binned.binCounts();
    return new Histogram.Bins(
        bins.edges(),
        shares(counts.reference(), binned.referenceSize()),
        shares(counts.current(), binned.currentSize()));
  }

  private static double[] shares(int[] counts, long values) {
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      shares[i] = (double) counts[i] / values;
    }
    return shares;
  }

  /** The {@code maxCategories} most frequent categories (shares of both sides added) in column order, then the rest. */
  static Histogram.Categories categorical(CategoricalPair pair, int maxCategories) {
    int n = pair.categories().size();
    double refTotal = Math.max(1, pair.referenceSize());
    double curTotal = Math.max(1, pair.currentSize());
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        Comparator.comparingDouble(
                (Integer i) -> -(pair.reference()[i] / refTotal + pair.current()[i] / curTotal))
            .thenComparing(i -> i));
    int shown = Math.min(n, maxCategories);
    TreeMap<Integer, Integer> keep = new TreeMap<>();
    for (int k = 0; k < shown; k++) {
      keep.put(order[k], k);
    }
    int other = n - shown;
    int bars = shown + (other > 0 ? 1 : 0);
    double[] rs = new double[bars];
    double[] cs = new double[bars];
    String[] names = new String[shown];
    Map<Integer, Integer> slot = new HashMap<>();
    for (int index : keep.keySet()) {
      names[slot.size()] = pair.categories().get(index);
      slot.put(index, slot.size());
    }
    for (int i = 0; i < n; i++) {
      int s = slot.getOrDefault(i, bars - 1);
      rs[s] += pair.reference()[i] / refTotal;
      cs[s] += pair.current()[i] / curTotal;
    }
    return new Histogram.Categories(List.of(names), other, rs, cs);
  }
}
