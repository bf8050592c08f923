package dev.shadowpipeline.drift.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * How to read a dataset. Immutable; change with the {@code with...} methods.
 *
 * @param include the only columns to read; empty reads all
 * @param exclude columns not to read
 * @param kinds columns whose kind is already decided (e.g. from the reference, so the current file is read the same
 *     way); the others are decided from the first {@code sampleRows} rows of the file
 * @param sampleRows rows looked at before deciding whether a column is numeric: a column is numeric when every value
 *     in them is a number; later values that are not make their row bad
 * @param maxBadRowExamples how many bad rows are kept with their line numbers (all are counted)
 * @param progressBytes told, now and then, how many bytes of the file were read so far
 * @param segmentColumn the column whose value puts each row in a segment ({@code --segment-by}), or null: read even
 *     when {@code include}/{@code exclude} leave it out, and recorded per row in {@link Dataset#rowSegments()}
 */
public record ReadOptions(
    Set<String> include,
    Set<String> exclude,
    Map<String, ValueKind> kinds,
    int sampleRows,
    int maxBadRowExamples,
    LongConsumer progressBytes,
    String segmentColumn) {

  /** Defaults: every column, kinds decided from the first 1000 rows, 20 bad rows kept, no progress, no segments. */
  public static final ReadOptions DEFAULTS =
      new ReadOptions(Set.of(), Set.of(), Map.of(), 1000, 20, bytes -> {}, null);

  public ReadOptions {
    include = Set.copyOf(include);
    exclude = Set.copyOf(exclude);
    kinds = Map.copyOf(kinds);
    Objects.requireNonNull(progressBytes, "progressBytes");
    if (!(sampleRows >= 1 && maxBadRowExamples >= 0)) {
      throw new IllegalArgumentException(
          "sampleRows must be >= 1 and maxBadRowExamples >= 0: "
              + sampleRows
              + ", "
              + maxBadRowExamples);
    }
    if (segmentColumn != null && segmentColumn.isEmpty()) {
      throw new IllegalArgumentException("segmentColumn must be null or a column name, not empty");
    }
  }

  /** Whether a column is to be read. */
  public boolean reads(String column) {
    return (include.isEmpty() || include.contains(column)) && !exclude.contains(column);
  }

  public ReadOptions withColumns(Set<String> include, Set<String> exclude) {
    return new ReadOptions(
        include, exclude, kinds, sampleRows, maxBadRowExamples, progressBytes, segmentColumn);
  }

  public ReadOptions withKinds(Map<String, ValueKind> kinds) {
    return new ReadOptions(
        include, exclude, kinds, sampleRows, maxBadRowExamples, progressBytes, segmentColumn);
  }

  public ReadOptions withSampleRows(int sampleRows) {
    return new ReadOptions(
        include, exclude, kinds, sampleRows, maxBadRowExamples, progressBytes, segmentColumn);
  }

  public ReadOptions withProgress(LongConsumer progressBytes) {
    return new ReadOptions(
        include, exclude, kinds, sampleRows, maxBadRowExamples, progressBytes, segmentColumn);
  }

  /** The same options with rows recorded per value of {@code column}; null for none. */
  public ReadOptions withSegmentColumn(String column) {
    return new ReadOptions(
        include, exclude, kinds, sampleRows, maxBadRowExamples, progressBytes, column);
  }

  /** Whether rows are split by a segment column. */
  public boolean segmented() {
    return segmentColumn != null;
  }

  /**
   * Options for reading a reference and a current side in parallel: the first for the reference, the second for the
   * current side, each telling {@link #progressBytes()} the bytes of both sides together (from either thread).
   */
  public List<ReadOptions> forPair() {
    AtomicLong refBytes = new AtomicLong();
    AtomicLong curBytes = new AtomicLong();
    return List.of(
        withProgress(
            bytes -> {
              refBytes.set(bytes);
              progressBytes.accept(bytes + curBytes.get());
            }),
        withProgress(
            bytes -> {
              curBytes.set(bytes);
              progressBytes.accept(refBytes.get() + bytes);
            }));
  }
}
