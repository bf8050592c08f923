package dev.shadowpipeline.report.drift;

import java.util.Locale;

/** How scores, thresholds and shares read in the report: short, and the same in every locale. */
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
    return String.format(Locale.ROOT, "%.4g", v).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
  }

  /** A share as a percentage with at most one decimal. */
  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share).replace(".0%", "%");
  }
}
