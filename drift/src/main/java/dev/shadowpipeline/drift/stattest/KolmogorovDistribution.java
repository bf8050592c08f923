package dev.shadowpipeline.drift.stattest;

/**
 * Survival function of the two-sided one-sample Kolmogorov-Smirnov statistic D<sub>n</sub>, ported from scipy's
 * {@code scipy.stats.kstwo.sf} ({@code scipy/stats/_ksstats.py}, algorithm selection of Simard and L'Ecuyer) and the
 * one-sided {@code scipy.special.smirnov}, so that two-sample KS p-values in the asymptotic regime match scipy.
 *
 * <p>References: [1] Simard R, L'Ecuyer P. Computing the two-sided Kolmogorov-Smirnov distribution. J Stat Softw
 * 39(11), 2011. doi:10.18637/jss.v039.i11. [2] Marsaglia G, Tsang WW, Wang J. Evaluating Kolmogorov's distribution.
 * J Stat Softw 8(18), 2003. doi:10.18637/jss.v008.i18. [3] Pomeranz J. Exact cumulative distribution of the
 * Kolmogorov-Smirnov statistic for small samples. CACM 17(12), 1974. [4] Pelz W, Good IJ. Approximating the lower tail
 * areas of the Kolmogorov-Smirnov one-sample statistic. JRSS B 38(2), 1976. [5] Birnbaum ZW, Tingey FH. One-sided
 * confidence contours for probability distribution functions. Ann Math Stat 22(4), 1951.
 */
final class KolmogorovDistribution {

  private static final int E128 = 128;
  private static final double EP128 = Math.scalb(1.0, E128);
  private static final double EM128 = Math.scalb(1.0, -E128);
  private static final double SQRT2PI = Math.sqrt(2 * Math.PI);
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private static final double MIN_LOG = -708;
  private static final double SQRT3 = Math.sqrt(3);
  private static final double PI_SQUARED = Math.PI * Math.PI;
  private static final double PI_FOUR = PI_SQUARED * PI_SQUARED;
  private static final double PI_SIX = PI_FOUR * PI_SQUARED;

  /** log(DBL_MIN)-ish bound used by cephes: exp below this underflows. */
  private static final double CEPHES_MINLOG = -7.08396418532264106224E2;

  /** scipy's SMIRNOV_MAX_COMPUTE_N: above it smirnov() uses an approximation. */
  private static final int SMIRNOV_MAX_COMPUTE_N = 1_000_000;

  private static final double EPS = Math.ulp(1.0);

  private static final double[] STIRLING_COEFFS = {
    -2.955065359477124183e-2,
    6.4102564102564102564e-3,
    -1.9175269175269175269e-3,
    8.4175084175084175084e-4,
    -5.952380952380952381e-4,
    7.9365079365079365079e-4,
    -2.7777777777777777778e-3,
    8.3333333333333333333e-2
  };

  private KolmogorovDistribution() {}

  /** {@code scipy.stats.kstwo.sf(x, n)}: P(D<sub>n</sub> &gt; x). */
  static double kstwoSf(double x, long n) {
    if (n <= 0 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x >= 1.0) {
      return 0.0;
    }
    if (x <= 0.5 / n) {
      return 1.0;
    }
    return kolmognSf((int) Math.min(n, Integer.MAX_VALUE), x);
  }

  private static double clip(double p) {
    return p < 0 ? 0.0 : (p > 1 ? 1.0 : p);
  }

  private static double logNFactorialDivNPowN(int n) {
    double rn = 1.0 / n;
    double x = rn / n;
    double poly = 0;
    for (double c : STIRLING_COEFFS) {
      poly = poly * x + c;
    }
    return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
  }

  /** scipy {@code _kolmogn(n, x, cdf=False)}. */
  private static double kolmognSf(int n, double x) {
    if (x >= 1.0) {
      return 0.0;
    }
    if (x <= 0.0) {
      return 1.0;
    }
    double t = n * x;
    if (t <= 1.0) { // Ruben-Gambino: 1/2n <= x <= 1/n
      if (t <= 0.5) {
        return 1.0;
      }
      double prob;
      if (n <= 140) {
        prob = 1.0;
        double inv = 1.0 / n;
        for (int i = 1; i <= n; i++) {
          prob *= i * inv * (2 * t - 1);
        }
      } else {
        prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
      }
      return clip(1.0 - prob);
    }
    if (t >= n - 1) { // Ruben-Gambino
      return clip(2 * Math.pow(1.0 - x, n));
    }
    if (x >= 0.5) { // exact: 2 * smirnov
      return clip(2 * smirnovSf(n, x));
    }
    double nxsquared = t * x;
    if (n <= 140) {
      if (nxsquared <= 0.754693) {
        return clip(1.0 - clip(durbinMtwCdf(n, x)));
      }
      if (nxsquared <= 4) {
        return clip(1.0 - clip(pomeranzCdf(n, x)));
      }
      return clip(2 * smirnovSf(n, x));
    }
    if (nxsquared >= 370.0) {
      return 0.0;
    }
    if (nxsquared >= 2.2) {
      return clip(2 * smirnovSf(n, x));
    }
    double cdf;
    if (nxsquared >= 18.0) {
      cdf = 1.0;
    } else if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) {
      cdf = durbinMtwCdf(n, x);
    } else {
      cdf = pelzGoodCdf(n, x);
    }
    return clip(1.0 - clip(cdf));
  }

  /** Durbin matrix algorithm in the Marsaglia-Tsang-Wang form: P(D<sub>n</sub> &lt;= d). */
  static double durbinMtwCdf(int n, double d) {
    if (d >= 1.0) {
      return 1.0;
    }
    double nd = n * d;
    if (nd <= 0.5) {
      return 0.0;
    }
    int k = (int) Math.ceil(nd);
    double h = k - nd;
    int m = 2 * k - 1;
    double[][] hm = new double[m][m];
    double[] v = new double[m];
    double[] w = new double[m];
    double fac = 1.0;
    for (int j = 1; j <= m; j++) {
      v[j - 1] = 1.0 - Math.pow(h, j);
      w[j - 1] = fac;
      fac /= j;
      v[j - 1] *= fac;
    }
    double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
    v[m - 1] = (1.0 + tt) * fac;
    // H[i-1:, i] = w[:m-i+1]
    for (int i = 1; i < m; i++) {
      for (int r = i - 1; r < m; r++) {
        hm[r][i] = w[r - (i - 1)];
      }
    }
    for (int r = 0; r < m; r++) {
      hm[r][0] = v[r];
    }
    for (int c = 0; c < m; c++) {
      hm[m - 1][c] = v[m - 1 - c];
    }
    double[][] pwr = identity(m);
    int nn = n;
    int expnt = 0;
    int hexpnt = 0;
    while (nn > 0) {
      if (nn % 2 != 0) {
        pwr = multiply(pwr, hm);
        expnt += hexpnt;
      }
      hm = multiply(hm, hm);
      hexpnt *= 2;
      if (Math.abs(hm[k - 1][k - 1]) > EP128) {
        for (double[] row : hm) {
          for (int c = 0; c < m; c++) {
            row[c] /= EP128;
          }
        }
        hexpnt += E128;
      }
      nn /= 2;
    }
    double p = pwr[k - 1][k - 1];
    for (int i = 1; i <= n; i++) {
      p = i * p / n;
      if (Math.abs(p) < EM128) {
        p *= EP128;
        expnt -= E128;
      }
    }
    if (expnt != 0) {
      p = Math.scalb(p, expnt);
    }
    return p;
  }

  private static double[][] identity(int m) {
    double[][] a = new double[m][m];
    for (int i = 0; i < m; i++) {
      a[i][i] = 1.0;
    }
    return a;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int m = a.length;
    double[][] c = new double[m][m];
    for (int i = 0; i < m; i++) {
      double[] ci = c[i];
      double[] ai = a[i];
      for (int l = 0; l < m; l++) {
        double ail = ai[l];
        if (ail == 0) {
          continue;
        }
        double[] bl = b[l];
        for (int j = 0; j < m; j++) {
          ci[j] += ail * bl[j];
        }
      }
    }
    return c;
  }

  /** Row i interval endpoints of the Pomeranz recursion. */
  private static int[] pomeranzJ1J2(int i, int n, int ll, int ceilf, int roundf) {
    int j1;
    int j2;
    if (i == 0) {
      j1 = -ll - ceilf - 1;
      j2 = ll + ceilf - 1;
    } else {
      int ip1div2 = (i + 1) / 2;
      int ip1mod2 = (i + 1) % 2;
      if (ip1mod2 == 0) { // i is odd
        if (ip1div2 == n + 1) {
          j1 = n - ll - ceilf - 1;
          j2 = n + ll + ceilf - 1;
        } else {
          j1 = ip1div2 - 1 - ll - roundf - 1;
          j2 = ip1div2 + ll - 1 + ceilf - 1;
        }
      } else {
        j1 = ip1div2 - 1 - ll - 1;
        j2 = ip1div2 + ll + roundf - 1;
      }
    }
    return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
  }

  /** Pomeranz recursion: P(D<sub>n</sub> &lt;= x). */
  static double pomeranzCdf(int n, double x) {
    double t = n * x;
    int ll = (int) Math.floor(t);
    double f = t - ll;
    double g = Math.min(f, 1.0 - f);
    int ceilf = f > 0 ? 1 : 0;
    int roundf = f > 0.5 ? 1 : 0;
    int npwrs = 2 * (ll + 1);
    double[] gpower = new double[npwrs];
    double[] twogpower = new double[npwrs];
    double[] onem2gpower = new double[npwrs];
    gpower[0] = 1.0;
    twogpower[0] = 1.0;
    onem2gpower[0] = 1.0;
    int expnt = 0;
    double gOverN = g / n;
    double twoGOverN = 2 * g / n;
    double oneMinusTwoGOverN = (1 - 2 * g) / n;
    for (int m = 1; m < npwrs; m++) {
      gpower[m] = gpower[m - 1] * gOverN / m;
      twogpower[m] = twogpower[m - 1] * twoGOverN / m;
      onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
    }
    double[] v0 = new double[npwrs];
    double[] v1 = new double[npwrs];
    v1[0] = 1;
    int v0s = 0;
    int v1s = 0;
    int[] jj = pomeranzJ1J2(0, n, ll, ceilf, roundf);
    int j1 = jj[0];
    int j2;
    for (int i = 1; i < 2 * n + 2; i++) {
      int k1 = j1;
      double[] tmp = v0;
      v0 = v1;
      v1 = tmp;
      int tmps = v0s;
      v0s = v1s;
      v1s = tmps;
      java.util.Arrays.fill(v1, 0.0);
      jj = pomeranzJ1J2(i, n, ll, ceilf, roundf);
      j1 = jj[0];
      j2 = jj[1];
      double[] pwrs =
          (i == 1 || i == 2 * n + 1) ? gpower : ((i % 2 != 0) ? twogpower : onem2gpower);
      int ln2 = j2 - k1 + 1;
      if (ln2 > 0) {
        // conv = np.convolve(V0[k1 - V0s : k1 - V0s + ln2], pwrs[:ln2]); keep conv[j1-k1 :
        // j1-k1+len]
        int base = k1 - v0s;
        int convStart = j1 - k1;
        int convLen = j2 - j1 + 1;
        double max = 0;
        for (int c = 0; c < convLen; c++) {
          int idx = convStart + c;
          double s = 0;
          // conv[idx] = sum_{a+b=idx} V0seg[a] * pwrs[b], a,b in [0, ln2)
          int aFrom = Math.max(0, idx - (ln2 - 1));
          int aTo = Math.min(idx, ln2 - 1);
          for (int a = aFrom; a <= aTo; a++) {
            int vi = base + a;
            double va = (vi >= 0 && vi < v0.length) ? v0[vi] : 0.0;
            s += va * pwrs[idx - a];
          }
          v1[c] = s;
          max = Math.max(max, s);
        }
        if (0 < max && max < EM128) {
          for (int c = 0; c < v1.length; c++) {
            v1[c] *= EP128;
          }
          expnt -= E128;
        }
        v1s = v0s + j1 - k1;
      }
    }
    double ans = v1[n - v1s];
    for (int m = 1; m <= n; m++) {
      if (Math.abs(ans) > EP128) {
        ans *= EM128;
        expnt += E128;
      }
      ans *= m;
    }
    if (expnt != 0) {
      ans = Math.scalb(ans, expnt);
    }
    return ans;
  }

  /** Pelz-Good asymptotic approximation of P(D<sub>n</sub> &lt;= x). */
  static double pelzGoodCdf(int n, double x) {
    if (x <= 0.0) {
      return 0.0;
    }
    if (x >= 1.0) {
      return 1.0;
    }
    double z = Math.sqrt(n) * x;
    double zsquared = z * z;
    double zthree = zsquared * z;
    double zfour = zsquared * zsquared;
    double zsix = zfour * zsquared;
    double qlog = -PI_SQUARED / 8 / zsquared;
    if (qlog < MIN_LOG) {
      return 0.0;
    }
    double q = Math.exp(qlog);
    double k1a = -zsquared;
    double k1b = PI_SQUARED / 4;
    double k2a = 6 * zsix + 2 * zfour;
    double k2b = (2 * zfour - 5 * zsquared) * PI_SQUARED / 4;
    double k2c = PI_FOUR * (1 - 2 * zsquared) / 16;
    double k3d = PI_SIX * (5 - 30 * zsquared) / 64;
    double k3c = PI_FOUR * (-60 * zsquared + 212 * zfour) / 16;
    double k3b = PI_SQUARED * (135 * zfour - 96 * zsix) / 4;
    double k3a = -30 * zsix - 90 * Math.pow(z, 8);
    double[] k0to3 = new double[4];
    int maxk = (int) Math.ceil(16 * z / Math.PI);
    for (int k = maxk; k > 0; k--) {
      double m = 2 * k - 1;
      double msquared = m * m;
      double mfour = msquared * msquared;
      double msix = mfour * msquared;
      double qpower = Math.pow(q, 8 * k);
      double[] coeffs = {
        1.0,
        k1a + k1b * msquared,
        k2a + k2b * msquared + k2c * mfour,
        k3a + k3b * msquared + k3c * mfour + k3d * msix
      };
      for (int i = 0; i < 4; i++) {
        k0to3[i] = k0to3[i] * qpower + coeffs[i];
      }
    }
    double[] div = {z, 6 * zfour, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
    for (int i = 0; i < 4; i++) {
      k0to3[i] = k0to3[i] * q * SQRT2PI / div[i];
    }
    q = Math.exp(-PI_SQUARED / 2 / zsquared);
    double sqrt3z = SQRT3 * z;
    double k2extra = 0;
    double k3extra = 0;
    for (int k = maxk; k > 0; k--) {
      double ksquared = (double) k * k;
      double qpwer = Math.pow(q, ksquared);
      double kspi = Math.PI * k;
      k2extra += ksquared * qpwer;
      k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksquared * qpwer;
    }
    k2extra *= PI_SQUARED * SQRT2PI / (-36 * zthree);
    k3extra *= PI_SQUARED * SQRT2PI / (216 * zsix);
    k0to3[2] += k2extra;
    k0to3[3] += k3extra;
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      sum += k0to3[i] / Math.pow(n, i / 2.0);
    }
    return sum;
  }

  /**
   * One-sided Smirnov survival function P(D<sub>n</sub><sup>+</sup> &gt;= x), {@code scipy.special.smirnov(n, x)}.
   *
   * <p>scipy sums the Birnbaum-Tingey series in double-double arithmetic; here its terms are all positive and are
   * summed in double with the binomial coefficient carried as mantissa and binary exponent, which keeps the relative
   * error near 1e-13 for the n this project sees.
   */
  static double smirnovSf(int n, double x) {
    if (!(n > 0 && x >= 0.0 && x <= 1.0)) {
      return Double.NaN;
    }
    if (n == 1) {
      return 1 - x;
    }
    if (x == 0.0) {
      return 1.0;
    }
    if (x == 1.0) {
      return 0.0;
    }
    double nxFloor = Math.floor(n * x);
    double alpha = Math.fma(n, x, -nxFloor);
    if (alpha < 0) { // n*x rounded up to an integer
      nxFloor -= 1;
      alpha = Math.fma(n, x, -nxFloor);
    }
    if (alpha >= 1) {
      nxFloor += 1;
      alpha = 0;
    }
    int nxfl = (int) nxFloor;
    if (nxfl == 0 || (nxfl == 1 && alpha == 0)) {
      double t = Math.pow(1 + x, n - 1);
      return 1 - x * t;
    }
    if (-2 * n * x * x < CEPHES_MINLOG) {
      return 0.0;
    }
    if (nxfl >= n - 1) {
      return Math.pow(1 - x, n);
    }
    if (n > SMIRNOV_MAX_COMPUTE_N) {
      double logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
      return logp < -Math.log(2) ? Math.exp(logp) : 1 + Math.expm1(logp);
    }
    int n1mxfl = n - nxfl - (alpha == 0 ? 0 : 1);
    if (alpha == 0) {
      n1mxfl -= 1;
    }
    int nTerms = n1mxfl + 1;
    double sum = 0;
    // binomial coefficient C(n, j) = cMan * 2^cExp, kept normalised so it never overflows
    double cMan = 1.0;
    int cExp = 0;
    int vmid = n / 2;
    for (int j = 0; j < nTerms; j++) {
      // A_j = C(n,j) (x + j/n)^(j-1) (1 - x - j/n)^(n-j)
      double t1x = Math.fma(n, x, j) / n;
      double t2x = Math.fma(-n, x, n - j) / n;
      double logTerm =
          Math.log(cMan) + cExp * Math.log(2) + (j - 1) * Math.log(t1x) + (n - j) * Math.log(t2x);
      double aj = Math.exp(logTerm);
      if (Double.isFinite(aj)) {
        sum += aj;
      }
      if (aj != 0.0) {
        if (4.0 * (nTerms - j) * aj < EPS * sum && j != nTerms - 1) {
          break;
        }
      } else if (j > vmid) {
        break;
      }
      cMan *= (double) (n - j) / (j + 1.0);
      int e = Math.getExponent(cMan);
      cMan = Math.scalb(cMan, -e);
      cExp += e;
    }
    double sf = x * sum;
    return clip(sf);
  }
}
