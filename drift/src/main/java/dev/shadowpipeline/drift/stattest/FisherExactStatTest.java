package dev.shadowpipeline.drift.stattest;

import org.apache.commons.statistics.inference.FisherExactTest;
import org.apache.commons.statistics.inference.SignificanceResult;

/**
 * Fisher's exact test on the 2&times;2 table (current, reference) &times; (category A, category B), Evidently's
 * {@code fisher_exact}, two-sided as {@code scipy.stats.fisher_exact}; the statistic is the sample odds ratio. The
 * p-value is Commons Statistics' {@link FisherExactTest}.
 *
 * <p>Evidently requires equal sample sizes (it builds the table from paired rows); the table only needs counts, so
 * here any sizes work. One category in total gives p = 1 (Evidently pads a second, empty one). More than two
 * categories has no 2&times;2 table: {@link #test} then throws {@link IllegalArgumentException}. Counts above
 * {@link Integer#MAX_VALUE} are not supported by Commons.
 */
final class FisherExactStatTest extends AbstractStatTest {

  FisherExactStatTest() {
    super(
        "fisher_exact",
        TestKind.P_VALUE,
        0.1,
        Decision.BELOW,
        ColumnType.CATEGORICAL,
        ColumnType.NUMERIC);
  }

  /** A single category's odds ratio is 0/0, as in scipy; its p = 1 is still the answer. */
  @Override
  public boolean statisticMayBeUndefined() {
    return true;
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    Samples.Counts counts = Samples.counts(data);
    if (counts.size() > 2) {
      throw new IllegalArgumentException(
          "fisher_exact needs at most two categories, got " + counts.size());
    }
    if (counts.size() == 1) {
      return result(Double.NaN, 1.0, threshold);
    }
    int[][] table = {
      {Math.toIntExact(counts.current()[0]), Math.toIntExact(counts.current()[1])},
      {Math.toIntExact(counts.reference()[0]), Math.toIntExact(counts.reference()[1])}
    };
    SignificanceResult r = FisherExactTest.withDefaults().test(table);
    return result(r.getStatistic(), r.getPValue(), threshold);
  }
}
