package dev.shadowpipeline.drift.stattest;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Empirical maximum mean discrepancy with a Gaussian kernel and a permutation p-value, Evidently's
 * {@code empirical_mmd}: &sigma; = sqrt(&frac12; median of the squared reference-reference distances) (numpy
 * 'nearest' percentile; 1/sqrt(2) when that is 0), K = exp(-d&sup2; / (2&sigma;&sup2;)) with a zero diagonal, MMD&sup2;
 * = &Sigma;K<sub>xx</sub>/(n(n-1)) + &Sigma;K<sub>yy</sub>/(m(m-1)) - 2 mean(K<sub>xy</sub>), and p = the share of 100
 * random relabellings whose MMD&sup2; is at least the observed one. Drift when p &lt; threshold (Evidently's default
 * 0.1).
 *
 * <p>Differences from Evidently, each to keep it bounded and reproducible: each side is first reduced to at most
 * {@value #MAX_SAMPLE} values by a seeded random subsample (Evidently builds the full (n+m)&sup2; kernel matrix, which
 * does not fit in memory for large columns); permutations use a fixed seed (Evidently uses numpy's unseeded global
 * generator, so its p-values vary run to run); squared distances are (x - y)&sup2; rather than x&sup2; - 2xy + y&sup2;,
 * which loses precision for large values. Fewer than two values on a side
 * throws {@link IllegalArgumentException}.
 */
final class EmpiricalMmdTest extends AbstractStatTest {

  /** Values kept per side; the kernel matrix is at most (2 &times; this)&sup2; doubles, 8 MiB. */
  static final int MAX_SAMPLE = 500;

  static final int PERMUTATIONS = 100;
  private static final long SEED = 0x5EED_D21F7L;

  EmpiricalMmdTest() {
    super("empirical_mmd", TestKind.P_VALUE, 0.1, Decision.BELOW, ColumnType.NUMERIC);
  }

  /** No kernel width from one value. */
  @Override
  int minimumValues() {
    return 2;
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    NumericPair pair = KsTest.requireNumeric(data);
    SplittableRandom random = new SplittableRandom(SEED);
    double[] x = subsample(pair.reference(), random);
    double[] y = subsample(pair.current(), random);
    StatisticAndP r = mmdAndPValue(x, y, random);
    return result(r.statistic(), r.pValue(), threshold);
  }

  /**
   * A seeded sample without replacement of at most {@link #MAX_SAMPLE} values (partial Fisher-Yates on a sorted
   * copy). Sorted first, so the sample, and the seeded relabellings after it, do not depend on the rows' order: the
   * same values give the same p-value however they were read.
   */
  static double[] subsample(double[] values, SplittableRandom random) {
    double[] copy = Samples.sortedCopy(values);
    if (values.length <= MAX_SAMPLE) {
      return copy;
    }
    for (int i = 0; i < MAX_SAMPLE; i++) {
      int j = i + random.nextInt(copy.length - i);
      double t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
    }
    return Arrays.copyOf(copy, MAX_SAMPLE);
  }

  static StatisticAndP mmdAndPValue(double[] x, double[] y, SplittableRandom random) {
    int nx = x.length;
    int ny = y.length;
    int n = nx + ny;
    double sigma = medianSigma(x);
    double gamma = 1.0 / (2.0 * sigma * sigma);
    if (!(gamma > 0)) {
      // squared distances past 1.8e308: every kernel value would be 1, the MMD 0 and p 1, "no
      // drift" however far apart the samples lie (numpy's exp(-d^2 / inf) does the same)
      throw new IllegalArgumentException(
          "the reference's squared distances overflow the doubles (kernel width "
              + sigma
              + "): the kernel cannot tell values apart; choose a rank test, e.g. ks or mannw");
    }
    double[] all = new double[n];
    System.arraycopy(x, 0, all, 0, nx);
    System.arraycopy(y, 0, all, nx, ny);
    double[] kernel = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double d = all[i] - all[j];
        double k = Math.exp(-gamma * d * d);
        kernel[i * n + j] = k;
        kernel[j * n + i] = k;
      }
    }
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      index[i] = i;
    }
    double observed = mmd(kernel, n, index, nx);
    int atLeast = 0;
    for (int p = 0; p < PERMUTATIONS; p++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = index[i];
        index[i] = index[j];
        index[j] = t;
      }
      if (observed <= mmd(kernel, n, index, nx)) {
        atLeast++;
      }
    }
    return new StatisticAndP(observed, atLeast / (double) PERMUTATIONS);
  }

  /** MMD&sup2; with the first {@code nx} entries of {@code index} as the reference. */
  private static double mmd(double[] kernel, int n, int[] index, int nx) {
    int ny = n - nx;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (int a = 0; a < n; a++) {
      int row = index[a] * n;
      boolean aInX = a < nx;
      for (int b = 0; b < n; b++) {
        double k = kernel[row + index[b]];
        boolean bInX = b < nx;
        if (aInX && bInX) {
          sxx += k;
        } else if (!aInX && !bInX) {
          syy += k;
        } else if (!aInX) {
          sxy += k;
        }
      }
    }
    return sxx / ((double) nx * (nx - 1))
        + syy / ((double) ny * (ny - 1))
        - 2.0 * sxy / ((double) nx * ny);
  }

  /** sqrt(0.5 * percentile(all n&sup2; squared distances within x, 50, 'nearest')), 1/sqrt(2) when 0. */
  static double medianSigma(double[] x) {
    int n = x.length;
    double[] d = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double diff = x[i] - x[j];
        d[i * n + j] = diff * diff;
      }
    }
    Arrays.sort(d);
    // numpy 'nearest': index round-half-even of 0.5 (N - 1)
    int idx = (int) Math.rint(0.5 * (d.length - 1));
    double sigma = Math.sqrt(0.5 * d[idx]);
    return sigma == 0 ? Math.sqrt(0.5) : sigma;
  }
}
