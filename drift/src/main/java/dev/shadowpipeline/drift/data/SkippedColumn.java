package dev.shadowpipeline.drift.data;

import java.util.Objects;

/**
 * A column the file has but the reader left out because drift cannot test it as stored (a nested Parquet struct or
 * list, binary bytes, a datetime), so that reports can say so instead of the column silently vanishing.
 *
 * @param name the column's name
 * @param type how the file stores it, e.g. {@code STRUCT(a INTEGER)} or {@code BLOB}
 * @param reason why it was skipped and, where there is one, how to get it tested
 */
public record SkippedColumn(String name, String type, String reason) {

  public SkippedColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
  }
}
