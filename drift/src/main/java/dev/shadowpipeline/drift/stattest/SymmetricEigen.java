package dev.shadowpipeline.drift.stattest;

/** Cyclic Jacobi eigen-decomposition of small symmetric matrices (the 4&times;4 covariance of Epps-Singleton). */
final class SymmetricEigen {

  private SymmetricEigen() {}

  /**
   * Returns the eigenvalues of symmetric {@code a} and writes the eigenvectors as columns of {@code vectors}.
   * {@code a} is not modified.
   */
  static double[] decompose(double[][] a, double[][] vectors) {
    int n = a.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
      java.util.Arrays.fill(vectors[i], 0.0);
      vectors[i][i] = 1.0;
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          off += m[p][q] * m[p][q];
        }
      }
      if (off == 0) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (m[p][q] == 0) {
            continue;
          }
          double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
          }
          for (int k = 0; k < n; k++) {
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = vectors[k][p];
            double vkq = vectors[k][q];
            vectors[k][p] = c * vkp - s * vkq;
            vectors[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = m[i][i];
    }
    return values;
  }
}
