package dev.shadowpipeline.drift.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A dataset as read: its columns in file order, the rows kept, and the rows skipped as bad.
 *
 * @param source where it came from (a file name), for messages and reports
 * @param columns the columns read, in file order, by name
 * @param rows rows kept (bad rows excluded); every column has {@code missing + present == rows}
 * @param badRowCount rows skipped as bad
 * @param badRows the first bad rows, with line numbers and reasons (at most {@link ReadOptions#maxBadRowExamples()})
 * @param skippedColumns columns in the file that were not read because they cannot be tested (nested, binary); they
 *     are not in {@code columns}
 * @param rowSample a seeded sample of whole rows ({@link RowSample#NONE} when the reader kept none)
 * @param rowSegments each row's segment when the dataset was read with a segment column
 *     ({@link ReadOptions#segmentColumn()}), else null; see {@link #segments()}
 * @param sourceColumns every column the source has, in its order, read or not: those in {@code columns}, those in
 *     {@code skippedColumns}, and those the read options left out ({@code --columns}, {@code --exclude}), so that a
 *     column named by the user can be told apart as absent from the source or present but not read
 */
public record Dataset(
    String source,
    Map<String, RawColumn> columns,
    long rows,
    long badRowCount,
    List<BadRow> badRows,
    List<SkippedColumn> skippedColumns,
    RowSample rowSample,
    RowSegments rowSegments,
    List<String> sourceColumns) {

  public Dataset {
    Objects.requireNonNull(rowSample, "rowSample");
    Objects.requireNonNull(source, "source");
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    badRows = List.copyOf(badRows);
    skippedColumns = List.copyOf(skippedColumns);
    if (!(rows >= 0 && badRowCount >= badRows.size())) {
      throw new IllegalArgumentException(
          "rows and bad row counts must be >= 0 and cover the examples: rows="
              + rows
              + ", badRowCount="
              + badRowCount
              + ", examples="
              + badRows.size());
    }
    if (rowSegments != null && rowSegments.rows() != rows) {
      throw new IllegalArgumentException(
          "row segments cover " + rowSegments.rows() + " rows, the dataset has " + rows);
    }
    sourceColumns = List.copyOf(sourceColumns);
    Set<String> inSource = new HashSet<>(sourceColumns);
    for (String name : readAndSkipped(columns, skippedColumns)) {
      if (!inSource.contains(name)) {
        throw new IllegalArgumentException(
            "column '" + name + "' is not among the source's columns " + sourceColumns);
      }
    }
  }

  /**
   * A dataset whose source has only the columns read and skipped (one built in memory, or a slice of another).
   */
  public Dataset(
      String source,
      Map<String, RawColumn> columns,
      long rows,
      long badRowCount,
      List<BadRow> badRows,
      List<SkippedColumn> skippedColumns,
      RowSample rowSample,
      RowSegments rowSegments) {
    this(
        source,
        columns,
        rows,
        badRowCount,
        badRows,
        skippedColumns,
        rowSample,
        rowSegments,
        readAndSkipped(columns, skippedColumns));
  }

  private static List<String> readAndSkipped(
      Map<String, RawColumn> columns, List<SkippedColumn> skipped) {
    Set<String> names = new LinkedHashSet<>(columns.keySet());
    skipped.forEach(c -> names.add(c.name()));
    return new ArrayList<>(names);
  }

  /** A dataset without a row sample, read without a segment column. */
  public Dataset(
      String source,
      Map<String, RawColumn> columns,
      long rows,
      long badRowCount,
      List<BadRow> badRows,
      List<SkippedColumn> skippedColumns) {
    this(source, columns, rows, badRowCount, badRows, skippedColumns, RowSample.NONE, null);
  }

  /** A dataset read without a segment column. */
  public Dataset(
      String source,
      Map<String, RawColumn> columns,
      long rows,
      long badRowCount,
      List<BadRow> badRows,
      List<SkippedColumn> skippedColumns,
      RowSample rowSample) {
    this(source, columns, rows, badRowCount, badRows, skippedColumns, rowSample, null);
  }

  /** A dataset without a row sample, read with a segment column. */
  public Dataset(
      String source,
      Map<String, RawColumn> columns,
      long rows,
      long badRowCount,
      List<BadRow> badRows,
      List<SkippedColumn> skippedColumns,
      RowSegments rowSegments) {
    this(source, columns, rows, badRowCount, badRows, skippedColumns, RowSample.NONE, rowSegments);
  }

  /** A dataset with no skipped columns and no row sample. */
  public Dataset(
      String source,
      Map<String, RawColumn> columns,
      long rows,
      long badRowCount,
      List<BadRow> badRows) {
    this(source, columns, rows, badRowCount, badRows, List.of(), RowSample.NONE, null);
  }

  /** Each row's segment, when the dataset was read with a segment column. */
  public Optional<RowSegments> segments() {
    return Optional.ofNullable(rowSegments);
  }

  /** Column names in file order. */
  public List<String> columnNames() {
    return new ArrayList<>(columns.keySet());
  }

  /** One column, if the dataset has it. */
  public Optional<RawColumn> column(String name) {
    return Optional.ofNullable(columns.get(name));
  }
}
