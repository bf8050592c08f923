package dev.shadowpipeline.drift.data;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * @param keepLabelOrder whether label columns keep the order of their rows ({@link LabelColumn#rowLabels()}), four
 *     bytes per row and label column; off unless a test that needs it is configured ({@code tvd})
 */
public record ReadOptions(
    Set<String> include,
    Set<String> exclude,
    Map<String, ValueKind> kinds,
    int sampleRows,
    int maxBadRowExamples,
    LongConsumer progressBytes,
    boolean keepLabelOrder) {

  /**
   * Defaults: every column, kinds decided from the first 1000 rows, 20 bad rows kept, no progress, labels counted
   * without their order.
   */
  public static final ReadOptions DEFAULTS =
      new ReadOptions(Set.of(), Set.of(), Map.of(), 1000, 20, bytes -> {}, false);

  /** Options that count labels without their order. */
  public ReadOptions(
      Set<String> include,
      Set<String> exclude,
      Map<String, ValueKind> kinds,
      int sampleRows,
      int maxBadRowExamples,
      LongConsumer progressBytes) {
    this(include, exclude, kinds, sampleRows, maxBadRowExamples, progressBytes, false);
  }

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
  }

  /** Whether a column is to be read. */
  public boolean reads(String column) {
    return (include.isEmpty() || include.contains(column)) && !exclude.contains(column);
  }

  public ReadOptions withColumns(Set<String> include, Set<String> exclude) {
    return new ReadOptions(
        include, exclude, kinds, sampleRows, maxBadRowExamples, progressBytes, keepLabelOrder);
  }

  public ReadOptions withKinds(Map<String, ValueKind> kinds) {
    return new ReadOptions(
        include, exclude, kinds, sampleRows, maxBadRowExamples, progressBytes, keepLabelOrder);
  }

  public ReadOptions withSampleRows(int sampleRows) {
    return new ReadOptions(
        include, exclude, kinds, sampleRows, maxBadRowExamples, progressBytes, keepLabelOrder);
  }

  public ReadOptions withProgress(LongConsumer progressBytes) {
    return new ReadOptions(
        include, exclude, kinds, sampleRows, maxBadRowExamples, progressBytes, keepLabelOrder);
  }

  /** The same options, keeping (or not) the order of label columns' rows. */
  public ReadOptions withLabelOrder(boolean keep) {
    return new ReadOptions(
        include, exclude, kinds, sampleRows, maxBadRowExamples, progressBytes, keep);
  }
}
