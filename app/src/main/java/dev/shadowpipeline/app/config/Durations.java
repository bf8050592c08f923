package dev.shadowpipeline.app.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 250ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h}, or ISO {@code PT5S}. */
public final class Durations {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException saying how to write one when {@code value} is not a duration
   */
  public static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(v);
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      double millis =
          switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
          };
      return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
    if (v.startsWith("pt") || v.startsWith("p")) {
      try {
        return Duration.parse(value.trim());
      } catch (DateTimeParseException e) {
        // fall through to the message below
      }
    }
    if (v.matches("\\d+(\\.\\d+)?")) {
      throw new IllegalArgumentException(
          "'" + value + "' needs a unit, e.g. " + value + "s or " + value + "ms");
    }
    throw new IllegalArgumentException(
        "'" + value + "' is not a duration (write e.g. 250ms, 5s, 2m)");
  }
}
