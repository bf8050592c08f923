package dev.shadowpipeline.drift.stattest;

import java.util.Arrays;

/**
 * Two-sample Cram&eacute;r-von Mises test, matching {@code scipy.stats.cramervonmises_2samp(ref, cur,
 * method='auto')}: midranks for ties, T = U / (nm(n+m)) - (4nm - 1) / (6(n+m)) (Anderson 1962, eq. 9-10). With
 * max(n, m) &lt;= 20 the p-value is exact (Xiao, Gordon and Yakovlev 2006, Algorithm 1: frequency tables of the
 * statistic over all lattice paths); otherwise T is normalised (Anderson 1962, eq. 11-15) and referred to the limiting
 * one-sample distribution (Cs&ouml;rg&#337; and Faraway 1996, eq. 1.2, summed until a term is below 1e-7, as scipy
 * does). Drift when p &lt;= threshold (Evidently's rule and default 0.1).
 *
 * <p>Fewer than two values on a side (Evidently raises, scipy returns NaN) throws {@link IllegalArgumentException}.
 *
 * <p>References: Anderson TW. On the distribution of the two-sample Cram&eacute;r-von Mises criterion. Ann Math Stat
 * 33(3), 1962. doi:10.1214/aoms/1177704477. Xiao Y, Gordon A, Yakovlev A. A C++ program for the Cram&eacute;r-von
 * Mises two-sample test. J Stat Softw 17(8), 2006. doi:10.18637/jss.v017.i08. Cs&ouml;rg&#337; S, Faraway JJ. The
 * exact and asymptotic distributions of Cram&eacute;r-von Mises statistics. JRSS B 58(1), 1996.
 */
final class CramerVonMisesTest extends AbstractStatTest {

  static final int MAX_EXACT_N = 20;

  CramerVonMisesTest() {
    super("cramer_von_mises", TestKind.P_VALUE, 0.1, Decision.AT_OR_BELOW, ColumnType.NUMERIC);
  }

  /** scipy returns NaN below two, Evidently raises. */
  @Override
  int minimumValues() {
    return 2;
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    NumericPair pair = KsTest.requireNumeric(data);
    StatisticAndP r =
        statisticAndPValue(
            Samples.sortedCopy(pair.reference()), Samples.sortedCopy(pair.current()));
    return result(r.statistic(), r.pValue(), threshold);
  }

  static StatisticAndP statisticAndPValue(double[] x, double[] y) {
    return TieGroupSums.of(TieGroupSums.Statistic.CRAMER_VON_MISES, x, y).finish();
  }

  /**
   * The statistic and p-value from &Sigma;(r<sub>i</sub> - i)&sup2; over each sample, r the midrank in the pooled
   * sample and i the rank within the sample ({@link TieGroupSums}).
   */
  static StatisticAndP fromSums(double sx, double sy, long nx, long ny) {
    if (nx <= 1 || ny <= 1) {
      return new StatisticAndP(Double.NaN, 1.0);
    }
    double u = nx * sx + ny * sy;
    double k = (double) nx * ny;
    double bigN = nx + ny;
    double t = u / (k * bigN) - (4 * k - 1) / (6 * bigN);
    double p;
    if (Math.max(nx, ny) <= MAX_EXACT_N) {
      p = exactPValue(u, (int) nx, (int) ny);
    } else {
      double et = (1 + 1 / bigN) / 6;
      double vt = (bigN + 1) * (4 * k * bigN - 3 * ((double) nx * nx + (double) ny * ny) - 2 * k);
      vt = vt / (45 * bigN * bigN * 4 * k);
      double tn = 1.0 / 6 + (t - et) / Math.sqrt(45 * vt);
      p = tn < 0.003 ? 1.0 : Math.max(1.0 - cdfCvmInf(tn), 0.0);
    }
    return new StatisticAndP(t, p);
  }

  /** scipy's {@code _pval_cvm_2samp_exact(s, m, n)}. */
  static double exactPValue(double s, int m, int n) {
    long lcm = (long) m / KsTest.gcd(m, n) * n;
    long a = lcm / m;
    long b = lcm / n;
    long mn = (long) m * n;
    // zeta = lcm**2 * (m + n) * (6 * s - mn * (4 * mn - 1)) // (6 * mn ** 2), in float as numpy
    // does
    double numerator = (double) (lcm * lcm * (m + n)) * (6 * s - (double) (mn * (4 * mn - 1)));
    double zeta = pythonFloorDiv(numerator, (double) (6 * mn * mn));
    // gs[v] = frequency table {value -> count} of g_{u,v}; kept as sorted parallel arrays
    long[][] keys = new long[m + 1][];
    long[][] freqs = new long[m + 1][];
    keys[0] = new long[] {0};
    freqs[0] = new long[] {1};
    for (int v = 1; v <= m; v++) {
      keys[v] = new long[0];
      freqs[v] = new long[0];
    }
    for (int u = 0; u <= n; u++) {
      long[][] nextKeys = new long[m + 1][];
      long[][] nextFreqs = new long[m + 1][];
      long[] tmpK = new long[0];
      long[] tmpF = new long[0];
      for (int v = 0; v <= m; v++) {
        long[][] merged = merge(tmpK, tmpF, keys[v], freqs[v]);
        tmpK = merged[0];
        tmpF = merged[1];
        long shift = (a * v - b * u) * (a * v - b * u);
        for (int idx = 0; idx < tmpK.length; idx++) {
          tmpK[idx] += shift;
        }
        nextKeys[v] = tmpK;
        nextFreqs[v] = tmpF;
      }
      keys = nextKeys;
      freqs = nextFreqs;
    }
    long hits = 0;
    for (int idx = 0; idx < keys[m].length; idx++) {
      if (keys[m][idx] >= zeta) {
        hits += freqs[m][idx];
      }
    }
    double combinations = binomial(m + n, m);
    return hits / combinations;
  }

  private static long[][] merge(long[] ak, long[] af, long[] bk, long[] bf) {
    long[] k = new long[ak.length + bk.length];
    long[] f = new long[ak.length + bk.length];
    int i = 0;
    int j = 0;
    int c = 0;
    while (i < ak.length || j < bk.length) {
      if (j >= bk.length || (i < ak.length && ak[i] < bk[j])) {
        k[c] = ak[i];
        f[c++] = af[i++];
      } else if (i >= ak.length || bk[j] < ak[i]) {
        k[c] = bk[j];
        f[c++] = bf[j++];
      } else {
        k[c] = ak[i];
        f[c++] = af[i++] + bf[j++];
      }
    }
    return new long[][] {Arrays.copyOf(k, c), Arrays.copyOf(f, c)};
  }

  private static double binomial(int n, int k) {
    long r = 1;
    for (int i = 1; i <= k; i++) {
      r = r * (n - k + i) / i; // exact: r * (n-k+i) is divisible by i
    }
    return r;
  }

  /** Python's float {@code a // b}, which floors the exact quotient (via fmod), not the rounded one. */
  static double pythonFloorDiv(double a, double b) {
    double mod = a % b;
    double div = (a - mod) / b;
    if (mod != 0) {
      if ((b < 0) != (mod < 0)) {
        div -= 1.0;
      }
    }
    if (div != 0) {
      double floordiv = Math.floor(div);
      if (div - floordiv > 0.5) {
        floordiv += 1.0;
      }
      return floordiv;
    }
    return Math.copySign(0.0, a / b);
  }

  /** CDF of the limiting Cram&eacute;r-von Mises distribution, scipy's {@code _cdf_cvm_inf}. */
  static double cdfCvmInf(double x) {
    double total = 0;
    // Gamma(k + 1/2) / Gamma(k + 1), by recurrence from sqrt(pi)
    double gammaRatio = Math.sqrt(Math.PI);
    for (int k = 0; ; k++) {
      double u = gammaRatio / (Math.pow(Math.PI, 1.5) * Math.sqrt(x));
      double y = 4 * k + 1;
      double q = y * y / (16 * x);
      double term = u * Math.sqrt(y) * Math.exp(-q) * besselK(0.25, q);
      total += term;
      if (!(Math.abs(term) >= 1e-7)) {
        break;
      }
      gammaRatio *= (k + 0.5) / (k + 1.0);
    }
    return total;
  }

  /**
   * Modified Bessel function of the second kind K<sub>&nu;</sub>(x) for x &gt; 0, from K<sub>&nu;</sub>(x) =
   * &int;<sub>0</sub><sup>&infin;</sup> exp(-x cosh t) cosh(&nu;t) dt by the trapezoidal rule, which converges
   * geometrically for this analytic, doubly-exponentially decaying integrand (error about exp(-&pi;&sup2;/h)).
   */
  static double besselK(double nu, double x) {
    if (!(x > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    double h = 0.05;
    double sum = 0.5 * Math.exp(-x);
    for (int i = 1; i < 100000; i++) {
      double t = i * h;
      double f = Math.exp(-x * Math.cosh(t)) * Math.cosh(nu * t);
      sum += f;
      if (f <= 1e-18 * sum) {
        break;
      }
    }
    return sum * h;
  }
}
