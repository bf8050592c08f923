package dev.shadowpipeline.drift.stattest;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Two-proportion z-test, Evidently's {@code z}: the first category (smallest value, or first label in lexicographic
 * order) against all others; p<sub>1</sub>, p<sub>2</sub> its shares in reference and current,
 * P = (p<sub>1</sub>n<sub>1</sub> + p<sub>2</sub>n<sub>2</sub>)/(n<sub>1</sub> + n<sub>2</sub>),
 * z = (p<sub>1</sub> - p<sub>2</sub>) / sqrt(P(1 - P)(1/n<sub>1</sub> + 1/n<sub>2</sub>)), two-sided p = 2 sf(|z|).
 *
 * <p>When both sides hold the same single value, p = 1 (as in Evidently). Evidently computes 2 (1 - cdf(|z|)); the
 * survival function used here agrees to 1e-16 absolute and keeps small p-values accurate instead of rounding them to
 * zero.
 */
final class ZTest extends AbstractStatTest {

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  ZTest() {
    super("z", TestKind.P_VALUE, 0.05, Decision.BELOW, ColumnType.CATEGORICAL, ColumnType.NUMERIC);
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    Samples.Counts counts = Samples.counts(data);
    if (counts.size() == 1) {
      return result(0.0, 1.0, threshold);
    }
    StatisticAndP r =
        fromCounts(
            (double) counts.reference()[0],
            (double) counts.referenceTotal(),
            (double) counts.current()[0],
            (double) counts.currentTotal());
    return result(r.statistic(), r.pValue(), threshold);
  }

  /**
   * z and its p-value from each side's count of the first category (the smallest value) and total, with at least two
   * categories in the pooled data.
   */
  static StatisticAndP fromCounts(double firstRef, double n1, double firstCur, double n2) {
    // Evidently codes the first sorted key as 0 and every other key as 1, then takes the mean of
    // the codes
    double p1 = (n1 - firstRef) / n1;
    double p2 = (n2 - firstCur) / n2;
    double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    double p = 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z));
    return new StatisticAndP(z, p);
  }
}
