package dev.shadowpipeline.drift.stattest;

/**
 * Normed first Wasserstein distance, Evidently's {@code wasserstein}: {@code scipy.stats.wasserstein_distance(ref,
 * cur)} divided by max(std(ref), 0.001), std the population standard deviation (ddof 0). The integral comes from
 * bucket counts and sums, sorting only the buckets where the CDFs may cross ({@link BucketedWasserstein}). Drift when
 * the distance is &gt;= threshold (default 0.1). Values so large that their standard deviation overflows the doubles
 * (squares beyond 1.8e308) are refused: the column gets status error, where Evidently would read "no drift".
 */
final class WassersteinTest extends AbstractStatTest {

  /** Evidently's floor for the reference standard deviation. */
  static final double MIN_STD = 0.001;

  WassersteinTest() {
    super("wasserstein", TestKind.DISTANCE, 0.1, Decision.AT_OR_ABOVE, ColumnType.NUMERIC);
  }

  /**
   * The distance's norm from the reference's standard deviation: at least {@link #MIN_STD}.
   *
   * @throws IllegalArgumentException when the deviation overflowed the doubles (values whose squares pass 1.8e308):
   *     numpy's std overflows likewise and Evidently's score becomes 0, "no drift"; a column that cannot be
   *     measured is never reported as healthy
   */
  static double norm(double referenceStd) {
    if (!Double.isFinite(referenceStd)) {
      throw new IllegalArgumentException(
          "the reference's standard deviation, the distance's norm, overflows the doubles ("
              + referenceStd
              + "): the normed distance cannot be computed; choose a test without a norm, e.g. ks");
    }
    return Math.max(referenceStd, MIN_STD);
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    NumericPair pair = KsTest.requireNumeric(data);
    double norm = norm(Samples.populationStd(pair.reference()));
    double distance = BucketedWasserstein.distance(pair) / norm;
    return result(distance, distance, threshold);
  }
}
