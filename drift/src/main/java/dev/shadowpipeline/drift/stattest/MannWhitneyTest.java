package dev.shadowpipeline.drift.stattest;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Mann-Whitney U test, matching {@code scipy.stats.mannwhitneyu(ref, cur, alternative=..., method='auto')}. The
 * statistic is U<sub>1</sub> of the reference (midranks for ties).
 *
 * <p>scipy's 'auto' rule: the exact null distribution when min(n, m) &lt;= 8 and there are no ties, else the normal
 * approximation with tie correction, &sigma; = sqrt(nm/12 ((N + 1) - &Sigma;(t&sup3; - t)/(N(N - 1)))), and continuity
 * correction 0.5. The two-sided p-value is 2 P(U &gt;= max(U<sub>1</sub>, U<sub>2</sub>)), clipped to 1; the
 * one-sided {@code 'less'} p-value is P(U &gt;= U<sub>2</sub>) (small when the reference's values are the smaller).
 *
 * <p>Evidently's {@code mannw} is one-sided ({@code alternative='less'}): it sees the current data moving up, never
 * down. A drift monitor must catch shifts both ways, so ours is two-sided ({@link Alternative#TWO_SIDED}); {@code
 * --compat evidently} uses {@link Alternative#LESS}. Commons Statistics' {@code MannWhitneyUTest} chooses between exact
 * and asymptotic with a different rule, so the choice and the exact distribution are implemented here.
 */
final class MannWhitneyTest extends AbstractStatTest {

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  /** scipy's {@code alternative}. */
  enum Alternative {
    /** Either sample stochastically larger. */
    TWO_SIDED,
    /** The reference stochastically smaller than the current data (Evidently's choice). */
    LESS
  }

  private final Alternative alternative;

  MannWhitneyTest(Alternative alternative) {
    super("mannw", TestKind.P_VALUE, 0.05, Decision.BELOW, ColumnType.NUMERIC);
    this.alternative = alternative;
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    NumericPair pair = KsTest.requireNumeric(data);
    TieGroupSums sums =
        TieGroupSums.of(
            TieGroupSums.Statistic.MANN_WHITNEY,
            Samples.sortedCopy(pair.reference()),
            Samples.sortedCopy(pair.current()));
    StatisticAndP r = sums.finishMannWhitney(alternative);
    return result(r.statistic(), r.pValue(), threshold);
  }

  static StatisticAndP statisticAndPValue(double[] x, double[] y) {
    return TieGroupSums.of(TieGroupSums.Statistic.MANN_WHITNEY, x, y).finish();
  }

  /**
   * The statistic and p-value from the reference's midrank sum and the tie term &Sigma;(t&sup3; - t) over the tie
   * groups ({@link TieGroupSums}).
   */
  static StatisticAndP fromSums(double rankSum, double tieTerm, boolean ties, long n1, long n2) {
    return fromSums(rankSum, tieTerm, ties, n1, n2, Alternative.TWO_SIDED);
  }

  /** The same with scipy's {@code alternative}: U and the factor f of {@code p = f * sf(U)}. */
  static StatisticAndP fromSums(
      double rankSum, double tieTerm, boolean ties, long n1, long n2, Alternative alternative) {
    double u1 = rankSum - n1 * (n1 + 1.0) / 2;
    double u2 = (double) n1 * n2 - u1;
    // scipy: 'less' uses the survival function of U2 (by symmetry, the cdf of U1)
    double u = alternative == Alternative.LESS ? u2 : Math.max(u1, u2);
    double factor = alternative == Alternative.LESS ? 1 : 2;
    double p;
    if ((n1 > 8 && n2 > 8) || ties) {
      double mu = (double) n1 * n2 / 2;
      double n = n1 + n2;
      double s = Math.sqrt((double) n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1))));
      double z = (u - mu - 0.5) / s;
      p = factor * STANDARD_NORMAL.cumulativeProbability(-z);
    } else {
      p = factor * exactSf((long) u, (int) n1, (int) n2);
    }
    return new StatisticAndP(u1, Math.min(Math.max(p, 0.0), 1.0));
  }

  /**
   * P(U &gt;= k) under the null, from the coefficients of the Gaussian binomial [n+m choose m]<sub>q</sub>
   * (the number of arrangements with U = u), which equals P(U &lt;= nm - k) by symmetry.
   */
  static double exactSf(long k, int n1, int n2) {
    int small = Math.min(n1, n2);
    int big = Math.max(n1, n2);
    long kc = (long) n1 * n2 - k;
    if (kc < 0) {
      return 0.0;
    }
    int degree = (int) kc;
    double[] c = new double[degree + 1];
    c[0] = 1;
    // [big + i choose i]_q = [big + i - 1 choose i - 1]_q (1 - q^(big+i)) / (1 - q^i), truncated at
    // the degree needed
    for (int i = 1; i <= small; i++) {
      int shift = big + i;
      for (int d = degree; d >= shift; d--) {
        c[d] -= c[d - shift];
      }
      for (int d = i; d <= degree; d++) {
        c[d] += c[d - i];
      }
    }
    double count = 0;
    for (double v : c) {
      count += v;
    }
    double total = 1;
    for (int i = 1; i <= small; i++) {
      total = total * (big + i) / i;
    }
    return count / total;
  }
}
