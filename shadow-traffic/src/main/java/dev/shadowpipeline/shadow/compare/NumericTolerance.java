package dev.shadowpipeline.shadow.compare;

/**
 * When two JSON numbers count as equal: {@code |a - b| <= max(absolute, relative * max(|a|, |b|))}.
 *
 * @param relative relative tolerance, e.g. {@code 1e-6}
 * @param absolute absolute tolerance, e.g. {@code 1e-9}
 */
public record NumericTolerance(double relative, double absolute) {

  /** Exact equality. */
  public static final NumericTolerance EXACT = new NumericTolerance(0, 0);

  public NumericTolerance {
    if (!(relative >= 0) || Double.isInfinite(relative)) { // negative, NaN or infinite
      throw new IllegalArgumentException(
          "relative tolerance must be a finite number >= 0: " + relative);
    }
    if (!(absolute >= 0) || Double.isInfinite(absolute)) {
      throw new IllegalArgumentException(
          "absolute tolerance must be a finite number >= 0: " + absolute);
    }
  }

  /** Only a relative tolerance. */
  public static NumericTolerance relative(double relative) {
    return new NumericTolerance(relative, 0);
  }

  /** Whether {@code a} and {@code b} are equal within this tolerance. */
  public boolean equal(double a, double b) {
    if (a == b) {
      return true;
    }
    double diff = Math.abs(a - b);
    return diff <= absolute || diff <= relative * Math.max(Math.abs(a), Math.abs(b));
  }
}
