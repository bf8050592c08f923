package dev.shadowpipeline.drift.data;

import java.math.BigDecimal;

/**
 * How drift names a number that stands for a category or a segment: one name per value, whatever the file wrote
 * ({@code 3} and {@code 3.0} are both {@code 3}), exact (two different numbers never share a name), and a whole number
 * below 2<sup>63</sup> in full digits ({@code 18014398509481984}, not {@code 1.8014398509481984E16}), as an integer
 * column read as text names it, so that the names meet when one side was read as numbers and the other as text.
 */
public final class NumberNames {

  private NumberNames() {}

  /** The name of v; {@code NaN} and the infinities as Java writes them. */
  public static String of(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 0x1p63) {
      return Long.toString((long) v);
    }
    double magnitude = Math.abs(v);
    if (magnitude >= 1e15 || magnitude < 1e-6) {
      return Double.toString(v);
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
