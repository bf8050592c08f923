package dev.shadowpipeline.report.drift;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** How scores, thresholds, shares and bin edges read in the report: short, and the same in every locale. */
final class Numbers {

  private Numbers() {}

  /** A score or threshold: 4 significant digits (whole, with separators, from 1,000), scientific below 0.0001 (p-values get tiny) and from a billion. */
  static String score(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (v == 0) {
      return "0";
    }
    double magnitude = Math.abs(v);
    if (magnitude < 1e-4 || magnitude >= 1e9) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    if (magnitude >= 1000) { // "%.4g" would turn to scientific here
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.4g", v)
        .replaceFirst("(\\.\\d*?)0+$", "$1")
        .replaceFirst("\\.$", "");
  }

  /**
   * A histogram bin's edge, for people: whole numbers and everything from 1,000 up rounded to a
   * whole number with thousands separators, 4 significant digits below, 3 below 0.001; scientific
   * only from a billion up and below a millionth, where plain digits stop being readable.
   */
  static String binEdge(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    double magnitude = Math.abs(v);
    if (magnitude >= 1e9 || (magnitude < 1e-6 && v != 0)) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    if (v == Math.rint(v) || magnitude >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    int digits = magnitude < 1e-3 ? 3 : 4;
    return new BigDecimal(v)
        .round(new MathContext(digits, RoundingMode.HALF_EVEN))
        .stripTrailingZeros()
        .toPlainString();
  }

  /** A share as a percentage with at most one decimal. */
  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share).replace(".0%", "%");
  }
}
