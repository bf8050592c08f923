package dev.shadowpipeline.drift.stattest;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Epps-Singleton test on the empirical characteristic function, matching {@code scipy.stats.epps_singleton_2samp(ref,
 * cur)} with its default t = (0.4, 0.8): t is rescaled by the semi-interquartile range of the pooled sample, the
 * statistic W = N g<sup>T</sup> &Sigma;<sup>+</sup> g compares the mean of (cos tx, sin tx) between the samples,
 * &Sigma;<sup>+</sup> is the pseudo-inverse of the pooled covariance estimate, with scipy's small-sample correction
 * when max(n, m) &lt; 25, and p = chi&sup2;<sub>r</sub>.sf(W) with r the rank of &Sigma;<sup>+</sup>. Evidently calls it
 * {@code es}; drift when p &lt; threshold (default 0.05).
 *
 * <p>A side with fewer than 5 values throws {@link IllegalArgumentException} (scipy returns NaN). When the pooled
 * interquartile range is 0 the statistic and p are NaN, as scipy's (Evidently raises); the engine reports either as
 * an error for that column, never as "no drift".
 *
 * <p>Reference: Epps TW, Singleton KJ. An omnibus test for the two-sample problem using the empirical characteristic
 * function. J Stat Comput Simul 26(3-4), 1986. doi:10.1080/00949658608810963.
 */
final class EppsSingletonTest extends AbstractStatTest {

  private static final double[] T = {0.4, 0.8};

  EppsSingletonTest() {
    super("epps_singleton", TestKind.P_VALUE, 0.05, Decision.BELOW, ColumnType.NUMERIC);
  }

  /** As scipy, which returns NaN below 5. */
  @Override
  int minimumValues() {
    return 5;
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    NumericPair pair = KsTest.requireNumeric(data);
    StatisticAndP r = statisticAndPValue(pair.reference(), pair.current());
    return result(r.statistic(), r.pValue(), threshold);
  }

  static StatisticAndP statisticAndPValue(double[] x, double[] y) {
    int nx = x.length;
    int ny = y.length;
    if (nx < 5 || ny < 5) {
      return new StatisticAndP(Double.NaN, Double.NaN);
    }
    double[] sortedX = Samples.sortedCopy(x);
    double[] sortedY = Samples.sortedCopy(y);
    double[] ts = frequencies(iqr(sortedX, sortedY));
    if (ts == null) {
      return new StatisticAndP(Double.NaN, Double.NaN);
    }
    double[] meanX = new double[2 * ts.length];
    double[] meanY = new double[2 * ts.length];
    // summed in sorted order: the covariance is inverted, and when it is near singular the rounding
    // of sums taken in row order moved the p-value in its 8th digit when the rows were reordered
    double[][] covX = centredProducts(sortedX, ts, meanX);
    double[][] covY = centredProducts(sortedY, ts, meanY);
    return fromMoments(meanX, covX, nx, meanY, covY, ny);
  }

  /**
   * The frequencies t / &sigma; at which the characteristic functions are compared, &sigma; the semi-interquartile
   * range of the pooled sample; null when the range is 0 (nothing to test).
   */
  static double[] frequencies(double pooledIqr) {
    double sigma = pooledIqr / 2;
    if (!(sigma > 0)) {
      return null;
    }
    double[] ts = new double[T.length];
    for (int i = 0; i < T.length; i++) {
      ts[i] = T[i] / sigma;
    }
    return ts;
  }

  /**
   * W and its p-value from each sample's mean of the features (cos t<sub>0</sub>v, cos t<sub>1</sub>v, sin
   * t<sub>0</sub>v, sin t<sub>1</sub>v) and the sums of products of their deviations from that mean (the upper
   * triangle is read).
   */
  static StatisticAndP fromMoments(
      double[] meanX,
      double[][] productsX,
      long nx,
      double[] meanY,
      double[][] productsY,
      long ny) {
    double n = nx + ny;
    int d = meanX.length;
    double[][] covX = biasedCovariance(productsX, nx);
    double[][] covY = biasedCovariance(productsY, ny);
    double[][] est = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        est[i][j] = (n / nx) * covX[i][j] + (n / ny) * covY[i][j];
      }
    }
    double[][] vectors = new double[d][d];
    double[] values = SymmetricEigen.decompose(est, vectors);
    double maxAbs = 0;
    for (double v : values) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    double eps = Math.ulp(1.0);
    // pinv with cutoff max(M, N) * eps * largest singular value (array-api pinv default)
    double cutoff = d * eps * maxAbs;
    double[] inv = new double[d];
    double maxInv = 0;
    for (int k = 0; k < d; k++) {
      inv[k] = Math.abs(values[k]) > cutoff ? 1.0 / values[k] : 0.0;
      maxInv = Math.max(maxInv, Math.abs(inv[k]));
    }
    int rank = 0;
    for (int k = 0; k < d; k++) {
      if (Math.abs(inv[k]) > maxInv * d * eps) {
        rank++;
      }
    }
    if (rank == 0) {
      return new StatisticAndP(Double.NaN, Double.NaN);
    }
    double[] g = new double[d];
    for (int i = 0; i < d; i++) {
      g[i] = meanX[i] - meanY[i];
    }
    // w = n g^T V diag(inv) V^T g
    double w = 0;
    for (int k = 0; k < d; k++) {
      double proj = 0;
      for (int i = 0; i < d; i++) {
        proj += vectors[i][k] * g[i];
      }
      w += inv[k] * proj * proj;
    }
    w *= n;
    if (Math.max(nx, ny) < 25) {
      double corr =
          1.0
              / (1.0
                  + Math.pow(n, -0.45)
                  + 10.1 * (Math.pow((double) nx, -1.7) + Math.pow((double) ny, -1.7)));
      w *= corr;
    }
    double p = ChiSquaredDistribution.of(rank).survivalProbability(w);
    return new StatisticAndP(w, p);
  }

  /**
   * Sums of products of the features' deviations from their means, upper triangle; fills the means (two passes, as
   * numpy's cov).
   */
  private static double[][] centredProducts(double[] v, double[] ts, double[] mean) {
    int d = 2 * ts.length;
    int n = v.length;
    double[] row = new double[d];
    for (double value : v) {
      features(value, ts, row);
      for (int i = 0; i < d; i++) {
        mean[i] += row[i];
      }
    }
    for (int i = 0; i < d; i++) {
      mean[i] /= n;
    }
    double[][] products = new double[d][d];
    for (double value : v) {
      features(value, ts, row);
      for (int i = 0; i < d; i++) {
        double ci = row[i] - mean[i];
        for (int j = i; j < d; j++) {
          products[i][j] += ci * (row[j] - mean[j]);
        }
      }
    }
    return products;
  }

  /** {@code np.cov(g.T, bias=True)} from the upper triangle of the centred products. */
  private static double[][] biasedCovariance(double[][] products, long n) {
    int d = products.length;
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        cov[i][j] = products[i][j] / (n - 1) * (n - 1) / n;
        cov[j][i] = cov[i][j];
      }
    }
    return cov;
  }

  /** The features (cos t<sub>0</sub>v, cos t<sub>1</sub>v, sin t<sub>0</sub>v, sin t<sub>1</sub>v) into row. */
  static void features(double value, double[] ts, double[] row) {
    for (int i = 0; i < ts.length; i++) {
      row[i] = Math.cos(ts[i] * value);
      row[ts.length + i] = Math.sin(ts[i] * value);
    }
  }

  /** {@code scipy.stats.iqr} of the pooled sorted samples: linear-interpolated 75th minus 25th percentile. */
  static double iqr(double[] a, double[] b) {
    double[] pooled = new double[a.length + b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length || j < b.length) {
      pooled[k++] = (j >= b.length || (i < a.length && a[i] <= b[j])) ? a[i++] : b[j++];
    }
    return percentile(pooled, 0.75) - percentile(pooled, 0.25);
  }

  /** numpy's 'linear' percentile of sorted data, including its two-sided lerp. */
  static double percentile(double[] sorted, double q) {
    double index = q * (sorted.length - 1);
    int lo = (int) Math.floor(index);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return interpolate(sorted[lo], sorted[hi], index - lo);
  }

  /** numpy's two-sided lerp between the values at floor(index) and the next position, t = index - floor(index). */
  static double interpolate(double a, double b, double t) {
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }
}
