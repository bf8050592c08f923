package dev.shadowpipeline.drift.classifier;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The kernel two-sample test of Gretton et al. (2012, JMLR 13:723-773) for vectors: the unbiased squared maximum mean
 * discrepancy with a Gaussian kernel and a permutation p-value.
 *
 * <ul>
 *   <li>Each side is reduced to at most {@code maxPerSide} vectors by a seeded sample (the kernel matrix is n&sup2;).
 *   <li>Bandwidth by the median heuristic: &sigma; = the median distance between all pairs of the pooled vectors
 *       (&sigma;&sup2; the median of their squared distances; 1 when that is 0), K(a, b) = exp(-&Vert;a -
 *       b&Vert;&sup2; / (2&sigma;&sup2;)). The pooled
 *       median does not depend on which vector is on which side, so the permutation test stays exact.
 *   <li>MMD&sup2;<sub>u</sub> = &Sigma;<sub>i&ne;j</sub>K(x<sub>i</sub>, x<sub>j</sub>)/(m(m-1)) +
 *       &Sigma;<sub>i&ne;j</sub>K(y<sub>i</sub>, y<sub>j</sub>)/(n(n-1)) - 2&Sigma;K(x<sub>i</sub>,
 *       y<sub>j</sub>)/(mn).
 *   <li>p = (1 + b) / (1 + permutations), b the number of random reassignments of the pooled vectors to the two sides
 *       whose MMD&sup2;<sub>u</sub> is at least the observed one.
 * </ul>
 *
 * @param maxPerSide vectors kept per side, at least 2
 * @param permutations random reassignments, at least 1
 * @param seed the seed of the sample and the permutations
 */
public record KernelTwoSample(int maxPerSide, int permutations, long seed) {

  /** 500 vectors per side, 500 permutations, seed 42. */
  public static final KernelTwoSample DEFAULTS = new KernelTwoSample(500, 500, 42);

  public KernelTwoSample {
    if (maxPerSide < 2 || permutations < 1) {
      throw new IllegalArgumentException(
          "need maxPerSide >= 2 and permutations >= 1: " + maxPerSide + ", " + permutations);
    }
  }

  /**
   * The test's outcome.
   *
   * @param mmd2 the unbiased squared MMD of the (sampled) vectors; may be slightly negative when the sides agree
   * @param pValue the permutation p-value
   * @param sigma the kernel's bandwidth &sigma;
   * @param referenceVectors reference vectors used
   * @param currentVectors current vectors used
   */
  public record Result(
      double mmd2, double pValue, double sigma, int referenceVectors, int currentVectors) {}

  /**
   * Runs the test.
   *
   * @throws IllegalArgumentException when a side has fewer than two vectors or the lengths differ
   */
  public Result test(float[][] reference, float[][] current) {
    if (reference.length < 2 || current.length < 2) {
      throw new IllegalArgumentException(
          "MMD needs at least 2 vectors on each side: "
              + reference.length
              + " reference and "
              + current.length
              + " current");
    }
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = sample(reference, random);
    float[][] y = sample(current, random);
    int nx = x.length;
    int n = nx + y.length;
    float[][] z = new float[n][];
    System.arraycopy(x, 0, z, 0, nx);
    System.arraycopy(y, 0, z, nx, y.length);
    int dim = z[0].length;
    double[] d2 = new double[n * n];
    double[] upper = new double[n * (n - 1) / 2];
    int u = 0;
    for (int i = 0; i < n; i++) {
      if (z[i].length != dim) {
        throw new IllegalArgumentException(
            "vectors of different lengths: " + z[i].length + " and " + dim);
      }
      for (int j = i + 1; j < n; j++) {
        double s = 0;
        for (int k = 0; k < dim; k++) {
          double diff = (double) z[i][k] - z[j][k];
          s += diff * diff;
        }
        d2[i * n + j] = s;
        upper[u++] = s;
      }
    }
    Arrays.sort(upper);
    int m = upper.length;
    double median = m % 2 == 1 ? upper[m / 2] : (upper[m / 2 - 1] + upper[m / 2]) / 2;
    double twoSigma2 = 2 * (median > 0 && Double.isFinite(median) ? median : 1.0);
    // the kernel, upper triangle only (the diagonal is left out of MMD²u)
    double[] kernel = d2;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        kernel[i * n + j] = Math.exp(-d2[i * n + j] / twoSigma2);
      }
    }
    boolean[] inX = new boolean[n];
    Arrays.fill(inX, 0, nx, true);
    double observed = mmd2(kernel, n, inX, nx);
    int atLeast = 0;
    for (int p = 0; p < permutations; p++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        boolean t = inX[i];
        inX[i] = inX[j];
        inX[j] = t;
      }
      if (mmd2(kernel, n, inX, nx) >= observed) {
        atLeast++;
      }
    }
    return new Result(
        observed, (1.0 + atLeast) / (1.0 + permutations), Math.sqrt(twoSigma2 / 2), nx, n - nx);
  }

  private float[][] sample(float[][] vectors, SplittableRandom random) {
    if (vectors.length <= maxPerSide) {
      return vectors.clone();
    }
    float[][] copy = vectors.clone();
    for (int i = 0; i < maxPerSide; i++) {
      int j = i + random.nextInt(copy.length - i);
      float[] t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
    }
    return Arrays.copyOf(copy, maxPerSide);
  }

  /** MMD²u with {@code inX} marking the first side; sums over the upper triangle, each pair once. */
  private static double mmd2(double[] kernel, int n, boolean[] inX, int nx) {
    int ny = n - nx;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      boolean a = inX[i];
      int row = i * n;
      for (int j = i + 1; j < n; j++) {
        double k = kernel[row + j];
        if (a == inX[j]) {
          if (a) {
            sxx += k;
          } else {
            syy += k;
          }
        } else {
          sxy += k;
        }
      }
    }
    // each unordered pair once: the ordered sums are twice these
    return 2 * sxx / ((double) nx * (nx - 1))
        + 2 * syy / ((double) ny * (ny - 1))
        - 2 * sxy / ((double) nx * ny);
  }
}
