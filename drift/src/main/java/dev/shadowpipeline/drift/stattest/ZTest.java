package dev.shadowpipeline.drift.stattest;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Two-proportion z-test, Evidently's {@code z}: the first category (smallest value, or first label in lexicographic
 * order) against all others; p<sub>1</sub>, p<sub>2</sub> its shares in reference and current,
 * P = (p<sub>1</sub>n<sub>1</sub> + p<sub>2</sub>n<sub>2</sub>)/(n<sub>1</sub> + n<sub>2</sub>),
 * z = (p<sub>1</sub> - p<sub>2</sub>) / sqrt(P(1 - P)(1/n<sub>1</sub> + 1/n<sub>2</sub>)), two-sided p = 2 sf(|z|).
 *
 * <p>When both sides hold the same single value, p = 1 (as in Evidently). Evidently computes 2 (1 - cdf(|z|)), which
 * cancels to 0 once cdf(|z|) rounds to 1 (|z| &gt;= 8.29, p
 * &lt; 1.2e-16) and loses relative accuracy before that (scipy 1.17.1: off by 8.3e-8 relative at p = 1e-9, by 8.9e-5
 * at p = 1e-12); the survival function used here natively, {@link Tail#SURVIVAL}, agrees
 * with it to 1e-16 absolute and keeps small p-values accurate. {@code --compat evidently} computes Evidently's
 * expression, {@link Tail#EVIDENTLY}.
 */
final class ZTest extends AbstractStatTest {

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  /** How the two-sided p-value is computed from |z|. */
  enum Tail {
    /** 2 sf(|z|): accurate in the far tail. */
    SURVIVAL,
    /** 2 (1 - cdf(|z|)), Evidently's expression. */
    EVIDENTLY
  }

  private final Tail tail;

  ZTest(Tail tail) {
    super("z", TestKind.P_VALUE, 0.05, Decision.BELOW, ColumnType.CATEGORICAL, ColumnType.NUMERIC);
    this.tail = tail;
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
            (double) counts.currentTotal(),
            tail);
    return result(r.statistic(), r.pValue(), threshold);
  }

  /**
   * z and its p-value from each side's count of the first category (the smallest value) and total, with at least two
   * categories in the pooled data.
   */
  static StatisticAndP fromCounts(double firstRef, double n1, double firstCur, double n2) {
    return fromCounts(firstRef, n1, firstCur, n2, Tail.SURVIVAL);
  }

  /** The same, with the p-value computed as {@code tail} says. */
  static StatisticAndP fromCounts(
      double firstRef, double n1, double firstCur, double n2, Tail tail) {
    // Evidently codes the first sorted key as 0 and every other key as 1, then takes the mean of
    // the codes
    double p1 = (n1 - firstRef) / n1;
    double p2 = (n2 - firstCur) / n2;
    double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    double p =
        tail == Tail.SURVIVAL
            ? 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z))
            : 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z)));
    return new StatisticAndP(z, p);
  }
}
