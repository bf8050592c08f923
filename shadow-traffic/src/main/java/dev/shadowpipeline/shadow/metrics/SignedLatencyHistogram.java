package dev.shadowpipeline.shadow.metrics;

import org.HdrHistogram.Histogram;

/**
 * A distribution of latency differences, which can be negative (the shadow faster than the primary). HdrHistogram
 * only holds non-negative values, and shifting by a constant would ruin its relative precision near zero, so the
 * negative and the non-negative halves are kept apart and joined when a percentile is asked for.
 */
public final class SignedLatencyHistogram {

  private final LatencyHistogram negative = new LatencyHistogram();
  private final LatencyHistogram nonNegative = new LatencyHistogram();

  /** Records one difference, e.g. shadow latency minus primary latency. */
  public void recordNanos(long deltaNanos) {
    if (deltaNanos < 0) {
      negative.recordNanos(-deltaNanos);
    } else {
      nonNegative.recordNanos(deltaNanos);
    }
  }

  /** Everything recorded so far; percentiles are of the signed values. */
  public LatencySummary summary() {
    Histogram neg = negative.snapshot();
    Histogram pos = nonNegative.snapshot();
    long n = neg.getTotalCount() + pos.getTotalCount();
    if (n == 0) {
      return LatencySummary.EMPTY;
    }
    double mean = (pos.getMean() * pos.getTotalCount() - neg.getMean() * neg.getTotalCount()) / n;
    double max = pos.getTotalCount() > 0 ? pos.getMaxValue() : -neg.getMinValue();
    return new LatencySummary(
        n,
        percentile(neg, pos, 50) / 1000.0,
        percentile(neg, pos, 90) / 1000.0,
        percentile(neg, pos, 95) / 1000.0,
        percentile(neg, pos, 99) / 1000.0,
        max / 1000.0,
        mean / 1000.0);
  }

  // The q-th percentile of the joined distribution, in microseconds. Sorted ascending, the negative
  // half comes first
  // with its largest magnitudes first, so a rank inside it maps to the mirrored percentile of the
  // magnitudes.
  static double percentile(Histogram neg, Histogram pos, double q) {
    long negCount = neg.getTotalCount();
    long posCount = pos.getTotalCount();
    double rank = q / 100.0 * (negCount + posCount);
    if (rank <= negCount && negCount > 0) {
      double qInNeg = 100.0 * (1.0 - rank / negCount);
      return -neg.getValueAtPercentile(Math.max(0, Math.min(100, qInNeg)));
    }
    double qInPos = 100.0 * (rank - negCount) / posCount;
    return pos.getValueAtPercentile(Math.max(0, Math.min(100, qInPos)));
  }
}
