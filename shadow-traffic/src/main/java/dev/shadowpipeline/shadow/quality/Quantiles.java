package dev.shadowpipeline.shadow.quality;

/**
 * Sample quantiles as numpy computes them by default ({@code np.quantile(x, q)}, method {@code "linear"}, Hyndman and
 * Fan's type 7, doi:10.1080/00031305.1996.10473566), operation for operation, so that a bootstrap interval
 * transcribed into Python with numpy is equal to the last bit.
 */
final class Quantiles {

  private Quantiles() {}

  /**
   * The q-quantile of the first {@code size} values of {@code sorted} (ascending, no NaN).
   *
   * <p>h = (size − 1)·q; with a = x[⌊h⌋], b = x[⌊h⌋ + 1] and t = h − ⌊h⌋, the value is a + (b − a)·t, computed as
   * b − (b − a)·(1 − t) when t ≥ ½ (numpy's {@code _lerp}, which does this for accuracy near b).
   */
  static double linear(double[] sorted, int size, double q) {
    double h = (size - 1) * q;
    if (h >= size - 1) {
      return sorted[size - 1];
    }
    if (h <= 0) {
      return sorted[0];
    }
    int below = (int) Math.floor(h);
    double t = h - below;
    double a = sorted[below];
    double b = sorted[below + 1];
    double difference = b - a;
    return t >= 0.5 ? b - difference * (1 - t) : a + difference * t;
  }
}
