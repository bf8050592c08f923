package dev.shadowpipeline.drift.stattest;

/**
 * Bins that place each value, such as a report's histogram: {@link NumericPair#withBins} asks a pair to count its
 * values per bin, and a test that reads every value anyway counts them in the same pass.
 *
 * <p>Bins are stretches of the number line between ascending lower edges, as {@code np.histogram} draws them: a
 * value's bin is the number of lower edges from bin 1 on that lie at or below it (bin 0 takes everything below bin
 * 1's edge, the last bin everything from its edge up; equal edges make empty bins).
 */
public interface ValueBins {

  /** Number of bins, at least 1. */
  int bins();

  /** The lower edge of a bin, for 1 &lt;= bin &lt; {@link #bins()}: ascending. */
  double lowerEdge(int bin);

  /** The bin of a finite value: how many of the lower edges of bins 1 and on lie at or below it. */
  int binOf(double v);
}
