package dev.shadowpipeline.drift.stattest;

/**
 * k-sample Anderson-Darling test for k = 2, matching {@code scipy.stats.anderson_ksamp([ref, cur])} (the midrank
 * variant, scipy's default, which Evidently's {@code anderson} calls).
 *
 * <p>The statistic is A&sup2;<sub>akN</sub> of Scholz and Stephens (1987), eq. 7, standardised as (A - (k - 1)) /
 * &sigma;<sub>N</sub>. The p-value is scipy's interpolation, not an exact one: a quadratic fitted by least squares to
 * log(significance) at the seven critical values of Scholz and Stephens' Table 2 (significance 0.25 ... 0.001),
 * evaluated at the statistic; below the smallest critical value the p-value is capped at 0.25, above the largest it
 * is floored at 0.001 (scipy warns in both cases; here the cap and floor are the documented behaviour). Drift when p
 * &lt; threshold (Evidently's default 0.1).
 *
 * <p>Degenerate data scipy rejects (one distinct value in the pooled data, or fewer than 4 values in total) is refused:
 * one distinct value throws {@link IllegalArgumentException}, fewer than 4 values gives statistic NaN, which the
 * engine reports as an error rather than "no drift".
 *
 * <p>Reference: Scholz FW, Stephens MA. K-sample Anderson-Darling tests. JASA 82(399), 1987.
 * doi:10.1080/01621459.1987.10478517.
 */
final class AndersonDarlingTest extends AbstractStatTest {

  private static final double[] B0 = {0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085};
  private static final double[] B1 = {-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615};
  private static final double[] B2 = {-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154};
  private static final double[] SIG = {0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001};

  AndersonDarlingTest() {
    super("anderson", TestKind.P_VALUE, 0.1, Decision.BELOW, ColumnType.NUMERIC);
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    NumericPair pair = KsTest.requireNumeric(data);
    double[] a = Samples.sortedCopy(pair.reference());
    double[] b = Samples.sortedCopy(pair.current());
    if (a[0] == a[a.length - 1] && b[0] == b[b.length - 1] && a[0] == b[0]) {
      throw oneDistinctValue(a[0]);
    }
    StatisticAndP r = statisticAndPValue(a, b);
    return result(r.statistic(), r.pValue(), threshold);
  }

  /** The refusal of a pooled sample that holds only {@code value}. */
  static IllegalArgumentException oneDistinctValue(double value) {
    return new IllegalArgumentException(
        "anderson needs more than one distinct value, got only "
            + value
            + " on both sides (scipy's anderson_ksamp raises here too)");
  }

  static StatisticAndP statisticAndPValue(double[] x, double[] y) {
    return TieGroupSums.of(TieGroupSums.Statistic.ANDERSON_DARLING, x, y).finish();
  }

  /**
   * The standardised statistic and p-value from the two sums of eq. 7 over the distinct pooled values z<sub>j</sub>,
   * &Sigma; l<sub>j</sub>/N (N M<sub>ij</sub> - B<sub>j</sub> n<sub>i</sub>)&sup2; / (B<sub>j</sub>(N - B<sub>j</sub>) -
   * N l<sub>j</sub>/4) for each sample i ({@link TieGroupSums}).
   */
  static StatisticAndP fromSums(double sum1, double sum2, long distinct, long n1, long n2) {
    if (distinct < 2 || n1 + n2 < 4) {
      return new StatisticAndP(Double.NaN, 1.0);
    }
    double nTotal = n1 + n2;
    double a2kN = (sum1 / n1 + sum2 / n2) * (nTotal - 1.0) / nTotal;

    int k = 2;
    double bigH = 1.0 / n1 + 1.0 / n2;
    // hs_cs = cumsum(1 / arange(N-1, 1, -1)); h = hs_cs[-1] + 1; g = sum(hs_cs / arange(2, N))
    long nn = n1 + n2;
    double cum = 0;
    double g = 0;
    for (long idx = 0; idx < nn - 2; idx++) {
      cum += 1.0 / (nn - 1 - idx);
      g += cum / (idx + 2);
    }
    double h = cum + 1;
    double ca = (4 * g - 6) * (k - 1) + (10 - 6 * g) * bigH;
    double cb = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * bigH - 8 * h + 4 * g - 6;
    double cc = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * bigH + 4 * h;
    double cd = (2 * h + 6) * k * k - 4 * h * k;
    double sigmasq =
        (ca * nTotal * nTotal * nTotal + cb * nTotal * nTotal + cc * nTotal + cd)
            / ((nTotal - 1.0) * (nTotal - 2.0) * (nTotal - 3.0));
    int m = k - 1;
    double a2 = (a2kN - m) / Math.sqrt(sigmasq);
    return new StatisticAndP(a2, pValue(a2, m));
  }

  /** scipy's capped interpolation of the significance level for k - 1 = m. */
  static double pValue(double a2, int m) {
    double[] critical = new double[B0.length];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < critical.length; i++) {
      critical[i] = B0[i] + B1[i] / Math.sqrt(m) + B2[i] / m;
      min = Math.min(min, critical[i]);
      max = Math.max(max, critical[i]);
    }
    if (a2 < min) {
      return 0.25;
    }
    if (a2 > max) {
      return 0.001;
    }
    double[] logSig = new double[SIG.length];
    for (int i = 0; i < SIG.length; i++) {
      logSig[i] = Math.log(SIG[i]);
    }
    double[] c = quadraticFit(critical, logSig);
    return Math.exp((c[0] * a2 + c[1]) * a2 + c[2]);
  }

  /** Least-squares {@code np.polyfit(x, y, 2)}: coefficients highest power first, by Householder-free Gram-Schmidt QR. */
  static double[] quadraticFit(double[] x, double[] y) {
    int n = x.length;
    double[][] q = new double[3][n];
    for (int i = 0; i < n; i++) {
      q[0][i] = x[i] * x[i];
      q[1][i] = x[i];
      q[2][i] = 1.0;
    }
    double[][] r = new double[3][3];
    // modified Gram-Schmidt
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < c; p++) {
        double dot = 0;
        for (int i = 0; i < n; i++) {
          dot += q[p][i] * q[c][i];
        }
        r[p][c] = dot;
        for (int i = 0; i < n; i++) {
          q[c][i] -= dot * q[p][i];
        }
      }
      double norm = 0;
      for (int i = 0; i < n; i++) {
        norm += q[c][i] * q[c][i];
      }
      norm = Math.sqrt(norm);
      r[c][c] = norm;
      for (int i = 0; i < n; i++) {
        q[c][i] /= norm;
      }
    }
    double[] qty = new double[3];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < n; i++) {
        qty[c] += q[c][i] * y[i];
      }
    }
    double[] coef = new double[3];
    for (int c = 2; c >= 0; c--) {
      double s = qty[c];
      for (int p = c + 1; p < 3; p++) {
        s -= r[c][p] * coef[p];
      }
      coef[c] = s / r[c][c];
    }
    return coef;
  }
}
