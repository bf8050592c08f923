package dev.shadowpipeline.drift.stattest;

/**
 * Normed first Wasserstein distance, Evidently's {@code wasserstein}: {@code scipy.stats.wasserstein_distance(ref,
 * cur)} divided by max(std(ref), 0.001), std the population standard deviation (ddof 0). The integral comes from
 * bucket counts and sums, sorting only the buckets where the CDFs may cross ({@link BucketedWasserstein}). Drift when
 * the distance is &gt;= threshold (default 0.1).
 */
final class WassersteinTest extends AbstractStatTest {

  /** Evidently's floor for the reference standard deviation. */
  static final double MIN_STD = 0.001;

  WassersteinTest() {
    super("wasserstein", TestKind.DISTANCE, 0.1, Decision.AT_OR_ABOVE, ColumnType.NUMERIC);
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    NumericPair pair = KsTest.requireNumeric(data);
    double norm = Math.max(Samples.populationStd(pair.reference()), MIN_STD);
    double distance = BucketedWasserstein.distance(pair) / norm;
    return result(distance, distance, threshold);
  }
}
