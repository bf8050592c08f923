package dev.shadowpipeline.report.drift;

import java.util.Locale;

/** How scores, thresholds, shares and bin edges read in the report: short, and the same in every locale. */
final class Numbers {

  private Numbers() {}

  /** A score or threshold: 4 significant digits, scientific below 0.0001 (p-values get tiny). */
  static String score(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (v == 0) {
      return "0";
    }
    double magnitude = Math.abs(v);
    if (magnitude < 1e-4 || magnitude >= 1e6) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    return String.format(Locale.ROOT, "%.4g", v)
        .replaceFirst("(\\.\\d*?)0+$", "$1")
        .replaceFirst("\\.$", "");
  }

  /**
   * A histogram bin's edge, short enough for an axis: whole numbers as they are, 4 significant digits otherwise,
   * scientific from a million up and below 0.001.
   */
  static String binEdge(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    double magnitude = Math.abs(v);
    if (magnitude >= 1e6 || magnitude < 1e-3) {
      return String.format(Locale.ROOT, "%.3g", v);
    }
    // four significant digits, with trailing zeros dropped only after a decimal point: 1000.4 is
    // "1000", not "1"
    String text = String.format(Locale.ROOT, "%.4g", v);
    return text.indexOf('.') < 0 || text.indexOf('e') >= 0
        ? text
        : text.replaceFirst("\\.?0+$", "");
  }

  /** A share as a percentage with at most one decimal. */
  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share).replace(".0%", "%");
  }
}
