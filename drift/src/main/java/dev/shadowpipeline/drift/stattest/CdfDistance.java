package dev.shadowpipeline.drift.stattest;

/**
 * Distances between empirical CDFs by one merge walk over two sorted samples, as {@code scipy.stats._cdf_distance}:
 * the integral of |F<sub>u</sub> - F<sub>v</sub>|<sup>p</sup> over the pooled values.
 */
final class CdfDistance {

  private CdfDistance() {}

  /** {@code scipy.stats.wasserstein_distance(u, v)} for sorted u and v: &int; |F<sub>u</sub> - F<sub>v</sub>|. */
  static double wasserstein(double[] u, double[] v) {
    return integral(u, v, 1);
  }

  /** {@code scipy.stats.energy_distance(u, v)} for sorted u and v: sqrt(2 &int; (F<sub>u</sub> - F<sub>v</sub>)&sup2;). */
  static double energy(double[] u, double[] v) {
    return Math.sqrt(2) * Math.sqrt(integral(u, v, 2));
  }

  private static double integral(double[] u, double[] v, int p) {
    int n = u.length;
    int m = v.length;
    double sum = 0;
    MergedWalk walk = new MergedWalk(u, v);
    walk.next();
    double prev = walk.value();
    // between consecutive pooled values both CDFs are constant: at the values below x, which the
    // walk counts
    while (walk.next()) {
      double x = walk.value();
      double diff = (double) walk.firstBelow() / n - (double) walk.secondBelow() / m;
      double delta = x - prev;
      sum += (p == 1 ? Math.abs(diff) : diff * diff) * delta;
      prev = x;
    }
    return sum;
  }
}
