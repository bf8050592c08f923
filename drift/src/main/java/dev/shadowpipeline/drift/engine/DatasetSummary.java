package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.data.BadRow;
import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.SkippedColumn;
import java.util.List;
import java.util.Objects;

/**
 * One input dataset, as the results describe it.
 *
 * @param source its file name
 * @param rows rows compared
 * @param columns columns read
 * @param badRowCount rows skipped as bad
 * @param badRows the first bad rows, with line numbers
 * @param skippedColumns columns the file has that were not read because they cannot be tested (nested, binary)
 */
public record DatasetSummary(
    String source,
    long rows,
    int columns,
    long badRowCount,
    List<BadRow> badRows,
    List<SkippedColumn> skippedColumns) {

  public DatasetSummary {
    Objects.requireNonNull(source, "source");
    badRows = List.copyOf(badRows);
    skippedColumns = List.copyOf(skippedColumns);
  }

  /** A summary with no skipped columns. */
  public DatasetSummary(
      String source, long rows, int columns, long badRowCount, List<BadRow> badRows) {
    this(source, rows, columns, badRowCount, badRows, List.of());
  }

  static DatasetSummary of(Dataset d) {
    return new DatasetSummary(
        d.source(), d.rows(), d.columns().size(), d.badRowCount(), d.badRows(), d.skippedColumns());
  }
}
