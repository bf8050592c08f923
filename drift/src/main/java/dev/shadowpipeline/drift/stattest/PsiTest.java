package dev.shadowpipeline.drift.stattest;

/**
 * Population stability index, Evidently's {@code psi}: &Sigma; (r<sub>i</sub> - c<sub>i</sub>) ln(r<sub>i</sub> /
 * c<sub>i</sub>) over {@link Binning} shares with zero shares replaced by Evidently's epsilon. Numeric and
 * categorical columns; drift when the value is &gt;= threshold (default 0.1).
 */
final class PsiTest extends AbstractStatTest {

  PsiTest() {
    super(
        "psi",
        TestKind.DISTANCE,
        0.1,
        Decision.AT_OR_ABOVE,
        ColumnType.NUMERIC,
        ColumnType.CATEGORICAL);
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    Binning.Shares shares = Binning.shares(data, true);
    double value = Divergences.psi(shares.reference(), shares.current());
    return result(value, value, threshold);
  }
}
