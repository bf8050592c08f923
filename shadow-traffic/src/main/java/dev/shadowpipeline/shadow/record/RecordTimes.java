package dev.shadowpipeline.shadow.record;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses the one timestamp shape records are written with ({@code 2026-11-23T09:00:00.123456Z}, UTC, seconds and an
 * optional fraction) without the general ISO parser, which costs a microsecond per record — a second per million.
 */
public final class RecordTimes {

  private RecordTimes() {}

  /** The time of a record: the fast path, then the general ISO parser; {@code null} when it has none or no valid one. */
  public static Instant of(com.fasterxml.jackson.databind.JsonNode record) {
    com.fasterxml.jackson.databind.JsonNode t = record.get("time");
    if (t == null) {
      return null;
    }
    Instant fast = parse(t.asText());
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(t.asText());
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** The instant, or {@code null} when the text has another shape (the caller then uses the general parser). */
  public static Instant parse(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    long nanos = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
        return null;
      }
      int fraction = digits(s, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = n - 21; i < 9; i++) {
        nanos *= 10;
      }
    }
    LocalDate date;
    try {
      date = LocalDate.of(year, month, day);
    } catch (java.time.DateTimeException e) {
      return null;
    }
    long epochSecond = date.toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
