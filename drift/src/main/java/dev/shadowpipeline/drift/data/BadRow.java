package dev.shadowpipeline.drift.data;

import java.util.Objects;

/**
 * A row that was skipped, and why.
 *
 * @param line the 1-based line of the file where the row starts
 * @param reason what is wrong, e.g. {@code 3 fields, expected 4} or {@code column 'age': "abc" is not a number}
 */
public record BadRow(long line, String reason) {

  public BadRow {
    Objects.requireNonNull(reason, "reason");
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1: " + line);
    }
  }
}
