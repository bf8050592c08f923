package dev.shadowpipeline.fleet.read;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads the ends of a time range as the command line gives them: an ISO-8601 instant, or a date (midnight UTC). */
public final class TimeBounds {

  private TimeBounds() {}

  /**
   * Parses {@code 2026-11-30T09:00:00Z} or {@code 2026-11-30}.
   *
   * @throws IllegalArgumentException saying how to write one
   */
  public static Instant parse(String value) {
    String v = value.strip();
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException notAnInstant) {
      try {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notADate) {
        throw new IllegalArgumentException(
            "'"
                + value
                + "' is not a time (write 2026-11-30T09:00:00Z, or 2026-11-30 for midnight UTC)");
      }
    }
  }
}
