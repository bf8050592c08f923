package dev.shadowpipeline.drift.stattest;

/**
 * G-test (log-likelihood ratio) of the current counts against the reference shares, Evidently's {@code g_test}:
 * expected counts as for {@code chisquare}, then
 * {@code scipy.stats.power_divergence(current, expected, lambda_="log-likelihood")}, G = 2 &Sigma; o ln(o / e), k - 1
 * degrees of freedom. The statistic is Commons Statistics' {@code GTest}.
 *
 * <p>Evidently documents that its g_test fails on unequal sample sizes; here the expected counts are rescaled to the
 * current total, so any sizes work. Evidently's default threshold for it is 0.1.
 */
final class GStatTest extends AbstractStatTest {

  GStatTest() {
    super(
        "g_test",
        TestKind.P_VALUE,
        0.1,
        Decision.BELOW,
        ColumnType.CATEGORICAL,
        ColumnType.NUMERIC);
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    StatisticAndP p = ChiSquareStatTest.chiSquare(Samples.counts(data), true);
    return result(p.statistic(), p.pValue(), threshold);
  }
}
