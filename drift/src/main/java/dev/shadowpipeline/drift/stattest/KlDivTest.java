package dev.shadowpipeline.drift.stattest;

/**
 * Kullback-Leibler divergence KL(reference || current), Evidently's {@code kl_div}: {@code
 * scipy.stats.entropy(ref_shares, cur_shares)} (natural log, both renormalised after zero filling) over {@link
 * Binning} shares with zero shares replaced by Evidently's epsilon. Numeric and categorical columns; drift when the
 * value is &gt;= threshold (default 0.1).
 */
final class KlDivTest extends AbstractStatTest {

  KlDivTest() {
    super(
        "kl_div",
        TestKind.DISTANCE,
        0.1,
        Decision.AT_OR_ABOVE,
        ColumnType.NUMERIC,
        ColumnType.CATEGORICAL);
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    Binning.Shares shares = Binning.shares(data, true);
    double value = Divergences.klDivergence(shares.reference(), shares.current());
    return result(value, value, threshold);
  }
}
