package dev.shadowpipeline.drift.stattest;

/**
 * Jensen-Shannon distance, Evidently's {@code jensenshannon}: {@code
 * scipy.spatial.distance.jensenshannon(ref_shares, cur_shares)} with the natural log (so it lies in [0, sqrt(ln
 * 2)]) over {@link Binning} shares without zero filling. Numeric and categorical columns; drift when the value is
 * &gt;= threshold (default 0.1).
 */
final class JensenShannonTest extends AbstractStatTest {

  JensenShannonTest() {
    super(
        "jensenshannon",
        TestKind.DISTANCE,
        0.1,
        Decision.AT_OR_ABOVE,
        ColumnType.NUMERIC,
        ColumnType.CATEGORICAL);
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    Binning.Shares shares = Binning.shares(data, false);
    double value = Divergences.jensenShannon(shares.reference(), shares.current());
    return result(value, value, threshold);
  }
}
