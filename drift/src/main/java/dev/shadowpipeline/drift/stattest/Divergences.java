package dev.shadowpipeline.drift.stattest;

/** The divergence formulas shared by the histogram distances, written as scipy writes them. */
final class Divergences {

  private Divergences() {}

  /** {@code scipy.special.rel_entr(x, y)}: x ln(x/y), 0 when x = 0, +&infin; when y = 0 &lt; x. */
  static double relEntr(double x, double y) {
    if (x > 0 && y > 0) {
      return x * Math.log(x / y);
    }
    if (x == 0 && y >= 0) {
      return 0;
    }
    return Double.POSITIVE_INFINITY;
  }

  static double[] normalised(double[] p) {
    double sum = 0;
    for (double v : p) {
      sum += v;
    }
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i] / sum;
    }
    return out;
  }

  /** {@code scipy.stats.entropy(p, q)}: KL(p || q) after normalising both, natural log. */
  static double klDivergence(double[] p, double[] q) {
    double[] pn = normalised(p);
    double[] qn = normalised(q);
    double sum = 0;
    for (int i = 0; i < pn.length; i++) {
      sum += relEntr(pn[i], qn[i]);
    }
    return sum;
  }

  /** {@code scipy.spatial.distance.jensenshannon(p, q)}, natural log: sqrt of the JS divergence. */
  static double jensenShannon(double[] p, double[] q) {
    double[] pn = normalised(p);
    double[] qn = normalised(q);
    double left = 0;
    double right = 0;
    for (int i = 0; i < pn.length; i++) {
      double m = (pn[i] + qn[i]) / 2.0;
      left += relEntr(pn[i], m);
      right += relEntr(qn[i], m);
    }
    double js = (left + right) / 2.0;
    return Math.sqrt(js);
  }

  /** Population stability index: &Sigma; (r - c) ln(r / c). */
  static double psi(double[] ref, double[] cur) {
    double sum = 0;
    for (int i = 0; i < ref.length; i++) {
      sum += (ref[i] - cur[i]) * Math.log(ref[i] / cur[i]);
    }
    return sum;
  }
}
