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
 * @param rowSample whole rows kept as a seeded uniform sample ({@link Dataset#rowSample()}), for multivariate drift and
 *     for the vectors of embedding columns; 0 keeps none (an embedding column then has no vectors to test)
 * @param keepLabelOrder whether label columns keep the order of their rows ({@link LabelColumn#rowLabels()}), four
 *     bytes per row and label column; off unless a test that needs it is configured ({@code tvd})
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
    int rowSample,
    boolean keepLabelOrder,
    String segmentColumn) {

  /** The default of {@link #rowSample()}: 10,000 rows. */
  public static final int DEFAULT_ROW_SAMPLE = 10_000;

  /**
   * Defaults: every column, kinds decided from the first 1000 rows, 20 bad rows kept, no progress, 10,000 rows
   * sampled, labels counted without their order, no segments.
   */
  public static final ReadOptions DEFAULTS =
      new ReadOptions(
          Set.of(), Set.of(), Map.of(), 1000, 20, bytes -> {}, DEFAULT_ROW_SAMPLE, false, null);

  public ReadOptions {
    include = Set.copyOf(include);
    exclude = Set.copyOf(exclude);
    kinds = Map.copyOf(kinds);
    Objects.requireNonNull(progressBytes, "progressBytes");
    if (rowSample < 0) {
      throw new IllegalArgumentException("rowSample must be >= 0: " + rowSample);
    }
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
        include,
        exclude,
        kinds,
        sampleRows,
        maxBadRowExamples,
        progressBytes,
        rowSample,
        keepLabelOrder,
        segmentColumn);
  }

  public ReadOptions withKinds(Map<String, ValueKind> kinds) {
    return new ReadOptions(
        include,
        exclude,
        kinds,
        sampleRows,
        maxBadRowExamples,
        progressBytes,
        rowSample,
        keepLabelOrder,
        segmentColumn);
  }

  public ReadOptions withSampleRows(int sampleRows) {
    return new ReadOptions(
        include,
        exclude,
        kinds,
        sampleRows,
        maxBadRowExamples,
        progressBytes,
        rowSample,
        keepLabelOrder,
        segmentColumn);
  }

  public ReadOptions withProgress(LongConsumer progressBytes) {
    return new ReadOptions(
        include,
        exclude,
        kinds,
        sampleRows,
        maxBadRowExamples,
        progressBytes,
        rowSample,
        keepLabelOrder,
        segmentColumn);
  }

  /**
   * The same options keeping a sample of at most {@code rows} whole rows (0: none).
   *
   * @throws IllegalArgumentException when {@code rows} is negative
   */
  public ReadOptions withRowSample(int rows) {
    return new ReadOptions(
        include,
        exclude,
        kinds,
        sampleRows,
        maxBadRowExamples,
        progressBytes,
        rows,
        keepLabelOrder,
        segmentColumn);
  }

  /** The same options with rows recorded per value of {@code column}; null for none. */
  public ReadOptions withSegmentColumn(String column) {
    return new ReadOptions(
        include,
        exclude,
        kinds,
        sampleRows,
        maxBadRowExamples,
        progressBytes,
        rowSample,
        keepLabelOrder,
        column);
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

  /** The same options, keeping (or not) the order of label columns' rows. */
  public ReadOptions withLabelOrder(boolean keep) {
    return new ReadOptions(
        include,
        exclude,
        kinds,
        sampleRows,
        maxBadRowExamples,
        progressBytes,
        rowSample,
        keep,
        segmentColumn);
  }
}
