package dev.shadowpipeline.drift.stattest;

/**
 * {@link ValueBins} read through a {@link KeyGrid}, so that a counting pass over the grid needs to place only the
 * values of the few buckets a bin edge falls in.
 *
 * <p>Keys are monotone, so a bucket that does not hold a bin edge's key holds only values below that edge or only
 * values above it: every value of such a bucket is at or above the same lower edges, those in earlier buckets, and so
 * in the same bin. The buckets that hold an edge's key (fewer than the bins) straddle it; their values are placed one
 * by one. The counts are exact.
 */
final class GridBins {

  private final ValueBins bins;
  private final boolean[] straddles;

  /** Ascending: per lower edge of bins 1 and on, its bucket; -1 below every value, the bucket count above. */
  private final int[] edgeBuckets;

  private GridBins(ValueBins bins, boolean[] straddles, int[] edgeBuckets) {
    this.bins = bins;
    this.straddles = straddles;
    this.edgeBuckets = edgeBuckets;
  }

  /** The bins of a grid's buckets. */
  static GridBins over(KeyGrid grid, ValueBins bins) {
    boolean[] straddles = new boolean[grid.buckets()];
    int[] edgeBuckets = new int[bins.bins() - 1];
    for (int j = 1; j < bins.bins(); j++) {
      double edge = bins.lowerEdge(j);
      if (edge <= grid.min()) {
        edgeBuckets[j - 1] = -1; // every value is at or above it
      } else if (edge > grid.max()) {
        edgeBuckets[j - 1] = grid.buckets(); // no value is
      } else {
        int bucket = grid.bucket(edge);
        edgeBuckets[j - 1] = bucket;
        straddles[bucket] = true;
      }
    }
    return new GridBins(bins, straddles, edgeBuckets);
  }

  /** The bins themselves, to place a straddling bucket's values. */
  ValueBins bins() {
    return bins;
  }

  /** Per bucket, whether a bin edge falls in it (its values must be placed one by one). */
  boolean[] straddles() {
    return straddles;
  }

  /**
   * The counts per bin: every other bucket adds its count to its bin, the number of edges in the buckets before it,
   * on top of the straddling buckets' values placed one by one.
   *
   * @param bucketCounts the values of each bucket
   * @param placed the straddling buckets' values, counted per bin (not modified)
   */
  int[] binCounts(int[] bucketCounts, int[] placed) {
    int[] counts = placed.clone();
    int below = 0; // edges in the buckets before k
    for (int k = 0; k < bucketCounts.length; k++) {
      while (below < edgeBuckets.length && edgeBuckets[below] < k) {
        below++;
      }
      if (!straddles[k]) {
        counts[below] += bucketCounts[k];
      }
    }
    return counts;
  }
}
