package dev.shadowpipeline.drift.stattest;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.inference.ChiSquareTest;

/**
 * Pearson's chi-square goodness of fit of the current counts against the reference shares, Evidently's
 * {@code chisquare}: expected<sub>i</sub> = reference<sub>i</sub> &times; (current total / reference total), then
 * {@code scipy.stats.chisquare(f_obs=current, f_exp=expected)} with k - 1 degrees of freedom.
 *
 * <p>A category that appears only in the current data has expected count 0, so the statistic is infinite and
 * p = 0 (as in scipy): a new category is drift. A single category gives statistic 0 and p = 1 (scipy returns NaN).
 * The p-value comes from Commons Statistics' {@link ChiSquareTest}, which rejects zero expected counts, so those are
 * handled here.
 */
final class ChiSquareStatTest extends AbstractStatTest {

  ChiSquareStatTest() {
    super(
        "chisquare",
        TestKind.P_VALUE,
        0.05,
        Decision.BELOW,
        ColumnType.CATEGORICAL,
        ColumnType.NUMERIC);
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    Samples.Counts counts = Samples.counts(data);
    StatisticAndP p = chiSquare(counts, false);
    return result(p.statistic(), p.pValue(), threshold);
  }

  /** Evidently's chisquare (or, with {@code logLikelihood}, its g_test). */
  static StatisticAndP chiSquare(Samples.Counts counts, boolean logLikelihood) {
    int k = counts.size();
    if (k < 2) {
      return new StatisticAndP(0.0, 1.0);
    }
    double norm = (double) counts.currentTotal() / counts.referenceTotal();
    double[] expected = new double[k];
    boolean zeroExpected = false;
    for (int i = 0; i < k; i++) {
      expected[i] = counts.reference()[i] * norm;
      zeroExpected |= expected[i] == 0 && counts.current()[i] > 0;
    }
    if (zeroExpected) {
      return new StatisticAndP(Double.POSITIVE_INFINITY, 0.0);
    }
    // categories with zero expected and zero observed add nothing; Commons rejects zero
    // expectations
    int kept = 0;
    for (int i = 0; i < k; i++) {
      if (expected[i] > 0) {
        kept++;
      }
    }
    double[] e = new double[kept];
    long[] o = new long[kept];
    for (int i = 0, c = 0; i < k; i++) {
      if (expected[i] > 0) {
        e[c] = expected[i];
        o[c++] = counts.current()[i];
      }
    }
    double statistic;
    if (kept < 2) {
      statistic = 0.0;
    } else if (logLikelihood) {
      statistic = org.apache.commons.statistics.inference.GTest.withDefaults().statistic(e, o);
    } else {
      statistic = ChiSquareTest.withDefaults().statistic(e, o);
    }
    // scipy keeps every category in the degrees of freedom, including empty ones
    double p = ChiSquaredDistribution.of(k - 1).survivalProbability(statistic);
    return new StatisticAndP(statistic, p);
  }
}
