package dev.shadowpipeline.drift.stattest;

/**
 * Two-sample two-sided Kolmogorov-Smirnov test, matching {@code scipy.stats.ks_2samp(ref, cur, method='auto')}.
 *
 * <p>D = max over all values t of |F<sub>ref</sub>(t) - F<sub>cur</sub>(t)|, with the empirical CDFs evaluated after
 * every tied value (scipy's {@code searchsorted(side='right')}): by one merge walk over the sorted samples ({@link
 * #statistic(double[], double[])}), or, the same double without sorting, from bucket counts ({@link BucketedKs}).
 * When max(n, m) &lt;= 10000 the p-value is exact: D is snapped to the lattice h / lcm(n, m) and the lattice paths
 * are counted (Hodges' inside method with Viehmann's 1-p recursion; for n = m the closed alternating sum). With ties
 * this is the exact p-value of the tie-free statistic, as in scipy. Otherwise the p-value is
 * {@code kstwo.sf(D, round(n m / (n + m)))}. Drift when p &lt;= threshold (Evidently's rule for {@code ks}).
 *
 * <p>Commons Statistics' {@code KolmogorovSmirnovTest} is not used: for ties and for the asymptotic regime its
 * conventions differ from scipy's.
 */
final class KsTest extends AbstractStatTest {

  /** scipy's MAX_AUTO_N. */
  static final int MAX_EXACT_N = 10000;

  KsTest() {
    super("ks", TestKind.P_VALUE, 0.05, Decision.AT_OR_BELOW, ColumnType.NUMERIC);
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    NumericPair pair = requireNumeric(data);
    // D alone decides the p-value (exact or asymptotic): no values are needed past it
    double d = BucketedKs.statistic(pair);
    StatisticAndP dp = statisticAndPValue(d, pair.reference().length, pair.current().length);
    return result(dp.statistic(), dp.pValue(), threshold);
  }

  static NumericPair requireNumeric(ColumnPair data) {
    if (data instanceof NumericPair numeric) {
      return numeric;
    }
    throw new IllegalArgumentException("this test needs numeric values, got categorical counts");
  }

  /**
   * The KS statistic of two sorted samples, as scipy computes it: one merge walk over every distinct value. The
   * reference for {@link BucketedKs}, which gives the same double without sorting.
   */
  static double statistic(double[] a, double[] b) {
    int n1 = a.length;
    int n2 = b.length;
    double maxS = 0;
    double minS = 0;
    MergedWalk walk = new MergedWalk(a, b);
    while (walk.next()) {
      // cdf1 - cdf2 exactly as scipy forms it: two divisions, one subtraction
      double diff = (double) walk.firstAtOrBelow() / n1 - (double) walk.secondAtOrBelow() / n2;
      if (diff > maxS) {
        maxS = diff;
      }
      if (diff < minS) {
        minS = diff;
      }
    }
    return statistic(maxS, minS);
  }

  /**
   * D from the largest and the smallest F<sub>1</sub> - F<sub>2</sub> seen (both starting at 0), as scipy combines
   * them.
   */
  static double statistic(double maxS, double minS) {
    double min = Math.min(Math.max(-minS, 0), 1);
    return min > maxS ? min : maxS;
  }

  /** The statistic and p-value for two sorted samples. */
  static StatisticAndP statisticAndPValue(double[] a, double[] b) {
    return statisticAndPValue(statistic(a, b), a.length, b.length);
  }

  /**
   * The statistic as reported and its p-value, from D and the sample sizes alone: the exact path snaps D to the
   * lattice h / lcm(n1, n2) and counts lattice paths, the asymptotic one reads kstwo.
   */
  static StatisticAndP statisticAndPValue(double statistic, int n1, int n2) {
    double d = statistic;
    if (Math.max(n1, n2) <= MAX_EXACT_N) {
      long g = gcd(n1, n2);
      long lcm = (n1 / g) * n2;
      long h = (long) Math.rint(d * lcm);
      double dLattice = h * 1.0 / lcm;
      if (h == 0) {
        return new StatisticAndP(dLattice, 1.0);
      }
      double prob = n1 == n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
      if (prob >= 0 && prob <= 1) {
        return new StatisticAndP(dLattice, prob);
      }
      d = dLattice; // scipy falls back to the asymptotic p with the snapped statistic
    }
    return new StatisticAndP(d, asymptoticPValue(d, n1, n2));
  }

  /** scipy's asymptotic p-value, {@code kstwo.sf(D, round(n1 n2 / (n1 + n2)))}, clamped to [0, 1]. */
  static double asymptoticPValue(double d, long n1, long n2) {
    double m = Math.max(n1, n2);
    double n = Math.min(n1, n2);
    double en = m * n / (m + n);
    double p = KolmogorovDistribution.kstwoSf(d, (long) Math.rint(en));
    return Math.min(Math.max(p, 0), 1);
  }

  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** P(D<sub>n,n</sub> &gt;= h/n) = 2 (A0 (1 - A1 (1 - A2 (...)))) evaluated Horner-like to avoid cancellation. */
  static double probOutsideSquare(long n, long h) {
    double p = 0.0;
    long k = (long) Math.floor((double) n / h);
    while (k >= 0) {
      double p1 = 1.0;
      for (long j = 0; j < h; j++) {
        p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
      }
      p = p1 * (1.0 - p);
      k--;
    }
    return 2 * p;
  }

  /**
   * Proportion of lattice paths from (0,0) to (m,n) that leave the band |x/m - y/n| &lt; h/lcm(m,n); scipy's
   * {@code _compute_outer_prob_inside_method}. The column vector is kept as 1 - probability (Viehmann 2021,
   * arXiv:2102.08037), which is what makes small p-values accurate.
   */
  static double outerProbInside(long m0, long n0, long g, long h) {
    long m = Math.max(m0, n0);
    long n = Math.min(m0, n0);
    long mg = m / g;
    long ng = n / g;
    int minj = 0;
    int maxj = (int) Math.min(ceilDiv(h, mg), n + 1);
    int curlen = maxj - minj;
    int lenA = (int) Math.min(2L * maxj + 2, n + 1);
    double[] a = new double[lenA];
    java.util.Arrays.fill(a, 1.0);
    java.util.Arrays.fill(a, minj, Math.min(maxj, lenA), 0.0);
    for (long i = 1; i <= m; i++) {
      int lastminj = minj;
      int lastlen = curlen;
      minj = (int) Math.max(Math.floorDiv(ng * i - h, mg) + 1, 0);
      minj = (int) Math.min(minj, n);
      maxj = (int) Math.min(ceilDiv(ng * i + h, mg), n + 1);
      if (maxj <= minj) {
        return 1.0;
      }
      double val = minj == 0 ? 0.0 : 1.0;
      for (int jj = 0; jj < maxj - minj; jj++) {
        int j = jj + minj;
        val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
        a[jj] = val;
      }
      curlen = maxj - minj;
      if (lastlen > curlen) {
        java.util.Arrays.fill(
            a, maxj - minj, Math.min(maxj - minj + (lastlen - curlen), lenA), 1.0);
      }
    }
    return a[maxj - minj - 1];
  }

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }
}
