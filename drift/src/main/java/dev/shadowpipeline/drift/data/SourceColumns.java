package dev.shadowpipeline.drift.data;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A source's columns and which of them a read gives: known before its data is read (a CSV file's header, a Parquet
 * schema, a Spark schema), for checks that should fail in a moment rather than after a long read, or taken from a
 * {@link Dataset} once read.
 *
 * @param source how messages name the source, as its {@link Dataset#source()} will
 * @param inSource every column the source has, in its order, read or not
 * @param read the columns the read will give
 * @param skipped the columns the reader will leave out because they cannot be tested, with why
 */
public record SourceColumns(
    String source, List<String> inSource, Set<String> read, List<SkippedColumn> skipped) {

  public SourceColumns {
    Objects.requireNonNull(source, "source");
    inSource = List.copyOf(inSource);
    read = Set.copyOf(read);
    skipped = List.copyOf(skipped);
  }

  /** A dataset's columns as read. */
  public static SourceColumns of(Dataset data) {
    return new SourceColumns(
        data.source(), data.sourceColumns(), data.columns().keySet(), data.skippedColumns());
  }
}
