package dev.shadowpipeline.store;

import java.util.List;
import java.util.Objects;

/**
 * What a drift run concluded about one segment ({@code --segment-by}). A segment without a verdict has
 * {@code tested} false, no drift, a NaN share and zero column counts: stored as NULL, read back as unknown.
 *
 * @param column the segment column, e.g. {@code region}
 * @param value the segment's value; null for rows without a value and for "other"
 * @param other whether this is the group of the segments beyond the bound
 * @param values how many segment values it holds (1 unless other)
 * @param status the segment's status, e.g. {@code ok}, {@code only_in_current}, {@code too_small}
 * @param referenceRows its rows in the reference
 * @param currentRows its rows in the current data
 * @param tested whether it has a verdict
 * @param drift whether it drifted (false when not tested)
 * @param share its share of drifted columns, NaN when not tested
 * @param columnsTotal columns counted in the share
 * @param columnsDrifted columns drifted
 * @param driftedColumns their names
 */
public record SegmentResult(
    String column,
    String value,
    boolean other,
    int values,
    String status,
    long referenceRows,
    long currentRows,
    boolean tested,
    boolean drift,
    double share,
    int columnsTotal,
    int columnsDrifted,
    List<String> driftedColumns) {

  public SegmentResult {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(status, "status");
    driftedColumns = List.copyOf(driftedColumns);
    if (!(values >= 1 && referenceRows >= 0 && currentRows >= 0)) {
      throw new IllegalArgumentException(
          "need values >= 1 and rows >= 0: " + values + ", " + referenceRows + ", " + currentRows);
    }
    if (!tested && (drift || !Double.isNaN(share) || columnsTotal != 0 || columnsDrifted != 0)) {
      throw new IllegalArgumentException(
          "a segment without a verdict has no drift, share or counts");
    }
    if (tested && !(share >= 0 && share <= 1 && columnsDrifted <= columnsTotal)) {
      throw new IllegalArgumentException(
          "need 0 <= share <= 1 and drifted <= counted: " + share + ", " + columnsDrifted);
    }
    for (String name : driftedColumns) {
      if (name.contains("\n")) {
        throw new IllegalArgumentException("a drifted column's name has a line break: " + name);
      }
    }
  }
}
