package dev.shadowpipeline.drift.stattest;

/**
 * Hellinger distance, Evidently's {@code hellinger}: sqrt(1 - clip(BC, 0, 1)) with BC the Bhattacharyya coefficient.
 * Categorical data: BC = &Sigma; sqrt(p<sub>i</sub> q<sub>i</sub>) over the category shares. Numeric data, as
 * Evidently does it: Sturges bins over the distinct values of reference &cup; current
 * ({@code np.histogram_bin_edges(unique_values, bins="sturges")}), density histograms of each side, BC = &Sigma;
 * sqrt(h<sub>1</sub> h<sub>2</sub>) &times; bin width. Drift when the distance is &gt;= threshold (default 0.1).
 */
final class HellingerTest extends AbstractStatTest {

  HellingerTest() {
    super(
        "hellinger",
        TestKind.DISTANCE,
        0.1,
        Decision.AT_OR_ABOVE,
        ColumnType.NUMERIC,
        ColumnType.CATEGORICAL);
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    double bc =
        data instanceof NumericPair numeric
            ? numericCoefficient(numeric)
            : categoricalCoefficient(data);
    return fromCoefficient(bc, threshold);
  }

  StatTestResult fromCoefficient(double bc, double threshold) {
    double distance = Math.sqrt(1 - Math.min(Math.max(bc, 0), 1));
    return result(distance, distance, threshold);
  }

  private static double categoricalCoefficient(ColumnPair data) {
    Samples.Counts counts = Samples.counts(data);
    double nRef = counts.referenceTotal();
    double nCur = counts.currentTotal();
    double bc = 0;
    for (int i = 0; i < counts.size(); i++) {
      bc += Math.sqrt(counts.reference()[i] / nRef * (counts.current()[i] / nCur));
    }
    return bc;
  }

  private static double numericCoefficient(NumericPair pair) {
    double[] ref = Samples.sortedCopy(pair.reference());
    double[] cur = Samples.sortedCopy(pair.current());
    int distinct = Samples.distinctUnionSorted(ref, cur);
    double min = Math.min(ref[0], cur[0]);
    double max = Math.max(ref[ref.length - 1], cur[cur.length - 1]);
    Binning.requireFiniteRange(min, max);
    double[] edges = Binning.sturgesEdges(min, max, distinct);
    return binnedCoefficient(
        edges,
        Binning.histogram(ref, edges),
        Binning.histogram(cur, edges),
        ref.length,
        cur.length);
  }

  /** The Bhattacharyya coefficient of two histograms over the same edges, as densities per bin width. */
  static double binnedCoefficient(double[] edges, long[] h1, long[] h2, long n1, long n2) {
    int bins = edges.length - 1;
    double binWidth = (edges[bins] - edges[0]) / bins;
    double bc = 0;
    for (int i = 0; i < bins; i++) {
      double db = edges[i + 1] - edges[i];
      double d1 = h1[i] / db / n1;
      double d2 = h2[i] / db / n2;
      bc += Math.sqrt(d1 * d2) * binWidth;
    }
    if (!Double.isFinite(bc)) {
      // bins so narrow (subnormal widths) that their densities' products overflow: an infinite
      // coefficient reads as distance 0, inf * 0 as NaN, both "no drift" (numpy does the same)
      throw new IllegalArgumentException(
          "the column's bins are too narrow for their densities (width "
              + binWidth
              + "): the Hellinger distance cannot be computed; choose a rank test, e.g. ks or mannw");
    }
    return bc;
  }
}
