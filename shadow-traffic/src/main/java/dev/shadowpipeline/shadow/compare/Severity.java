package dev.shadowpipeline.shadow.compare;

import java.util.Locale;

/** How much a divergence matters; routes configure it per comparator and per rule (e.g. a label flip). */
public enum Severity {
  /** Worth knowing, not worth blocking a promotion. */
  INFO,
  /** A real divergence; gates count these against the agreement rate. */
  WARNING,
  /** Must not reach production (e.g. a reject turned into an approve); gates fail on these. */
  CRITICAL;

  // every record and metric asks for it: made once
  private final String label = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used in configuration, records and reports. */
  public String label() {
    return label;
  }

  /** Parses {@code info}, {@code warning} or {@code critical}, in any case. */
  public static Severity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown severity '" + text + "' (expected info, warning or critical)");
    }
  }

  /** The more severe of the two; {@code null} counts as no severity. */
  public static Severity max(Severity a, Severity b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) >= 0 ? a : b;
  }
}
