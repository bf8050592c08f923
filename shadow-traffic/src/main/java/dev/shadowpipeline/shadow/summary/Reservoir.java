package dev.shadowpipeline.shadow.summary;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A uniform sample of at most {@code capacity} values from a stream of any length (Vitter's algorithm R), with exact
 * count, mean, min and max of the whole stream. Seeded, so the same stream gives the same sample.
 */
final class Reservoir {

  private final double[] sample;
  private final SplittableRandom random = new SplittableRandom(0x5EED);
  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  Reservoir(int capacity) {
    sample = new double[capacity];
  }

  void add(double value) {
    if (!Double.isFinite(value)) {
      return;
    }
    if (count < sample.length) {
      sample[(int) count] = value;
    } else {
      long slot = random.nextLong(count + 1);
      if (slot < sample.length) {
        sample[(int) slot] = value;
      }
    }
    count++;
    sum += value;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }

  long count() {
    return count;
  }

  double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  double min() {
    return count == 0 ? Double.NaN : min;
  }

  double max() {
    return count == 0 ? Double.NaN : max;
  }

  /** The kept values, sorted. */
  double[] sorted() {
    double[] copy = Arrays.copyOf(sample, (int) Math.min(count, sample.length));
    Arrays.sort(copy);
    return copy;
  }

  /** Linear-interpolated quantile of a sorted sample (numpy's default), NaN when empty. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }

  /** Equal-width histogram of the sample between its min and max. */
  ComparisonSummary.Histogram histogram(int bins) {
    return histogram(bins, min(), max());
  }

  /**
   * Equal-width histogram of the sample between the given bounds (values outside go to the end bins). Each value goes
   * to the last bin whose lower edge {@code lo + i * width} is at or below it, as {@code np.histogram} places it: the
   * edges the report draws, not {@code (v - lo) / width}, whose rounding puts a value lying on an edge (0.85 over 0..1
   * in 20 bins) on either side of it.
   */
  ComparisonSummary.Histogram histogram(int bins, double lo, double hi) {
    double[] values = sorted();
    if (values.length == 0) {
      return new ComparisonSummary.Histogram(0, 1, new long[0]);
    }
    if (hi == lo) {
      return new ComparisonSummary.Histogram(lo - 0.5, 1, new long[] {values.length});
    }
    double width = (hi - lo) / bins;
    long[] counts = new long[bins];
    // the sample is sorted, so one walk along the edges places every value
    int bin = 0;
    double nextEdge = lo + width;
    for (double v : values) {
      while (bin < bins - 1 && v >= nextEdge) {
        bin++;
        nextEdge = lo + (bin + 1) * width;
      }
      counts[bin]++;
    }
    return new ComparisonSummary.Histogram(lo, width, counts);
  }
}
