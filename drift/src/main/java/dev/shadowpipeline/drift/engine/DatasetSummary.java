package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.data.BadRow;
import dev.shadowpipeline.drift.data.Dataset;
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
 */
public record DatasetSummary(
    String source, long rows, int columns, long badRowCount, List<BadRow> badRows) {

  public DatasetSummary {
    Objects.requireNonNull(source, "source");
    badRows = List.copyOf(badRows);
  }

  static DatasetSummary of(Dataset d) {
    return new DatasetSummary(
        d.source(), d.rows(), d.columns().size(), d.badRowCount(), d.badRows());
  }
}
