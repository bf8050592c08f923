package dev.shadowpipeline.drift.data;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * How to read a dataset. Immutable; change with the {@code with...} methods.
 *
 * @param include the only columns to read, in the order given (messages name them so); empty reads all
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
 * @param decimalComma whether a comma is a number's decimal mark too ({@code 1,5}), as in the CSV files of locales
 *     that write numbers so (they separate fields with {@code ;}); pandas' {@code read_csv(decimal=',')}. Off, such a
 *     value is text, as pandas reads it by default
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
    String segmentColumn,
    boolean decimalComma) {

  /** The default of {@link #rowSample()}: 10,000 rows. */
  public static final int DEFAULT_ROW_SAMPLE = 10_000;

  /**
   * Defaults: every column, kinds decided from the first 1000 rows, 20 bad rows kept, no progress, 10,000 rows
   * sampled, labels counted without their order, no segments.
   */
  public static final ReadOptions DEFAULTS =
      new ReadOptions(
          Set.of(),
          Set.of(),
          Map.of(),
          1000,
          20,
          bytes -> {},
          DEFAULT_ROW_SAMPLE,
          false,
          null,
          false);

  public ReadOptions {
    include = Collections.unmodifiableSet(new LinkedHashSet<>(include));
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
    return toBuilder().include(include).exclude(exclude).build();
  }

  public ReadOptions withKinds(Map<String, ValueKind> kinds) {
    return toBuilder().kinds(kinds).build();
  }

  public ReadOptions withSampleRows(int sampleRows) {
    return toBuilder().sampleRows(sampleRows).build();
  }

  public ReadOptions withProgress(LongConsumer progressBytes) {
    return toBuilder().progressBytes(progressBytes).build();
  }

  /**
   * The same options keeping a sample of at most {@code rows} whole rows (0: none).
   *
   * @throws IllegalArgumentException when {@code rows} is negative
   */
  public ReadOptions withRowSample(int rows) {
    return toBuilder().rowSample(rows).build();
  }

  /** The same options with rows recorded per value of {@code column}; null for none. */
  public ReadOptions withSegmentColumn(String column) {
    return toBuilder().segmentColumn(column).build();
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

  /** The same options, reading {@code 1,5} as a number when {@code comma} (see {@link #decimalComma()}). */
  public ReadOptions withDecimalComma(boolean comma) {
    return toBuilder().decimalComma(comma).build();
  }

  /** The same options, keeping (or not) the order of label columns' rows. */
  public ReadOptions withLabelOrder(boolean keep) {
    return toBuilder().keepLabelOrder(keep).build();
  }

  private Builder toBuilder() {
    return new Builder(this);
  }

  /** A mutable copy of some options, so that each {@code with...} method names only what it changes. */
  private static final class Builder {
    private Set<String> include;
    private Set<String> exclude;
    private Map<String, ValueKind> kinds;
    private int sampleRows;
    private final int maxBadRowExamples;
    private LongConsumer progressBytes;
    private int rowSample;
    private boolean keepLabelOrder;
    private String segmentColumn;
    private boolean decimalComma;

    Builder(ReadOptions o) {
      include = o.include;
      exclude = o.exclude;
      kinds = o.kinds;
      sampleRows = o.sampleRows;
      maxBadRowExamples = o.maxBadRowExamples;
      progressBytes = o.progressBytes;
      rowSample = o.rowSample;
      keepLabelOrder = o.keepLabelOrder;
      segmentColumn = o.segmentColumn;
      decimalComma = o.decimalComma;
    }

    Builder include(Set<String> include) {
      this.include = include;
      return this;
    }

    Builder exclude(Set<String> exclude) {
      this.exclude = exclude;
      return this;
    }

    Builder kinds(Map<String, ValueKind> kinds) {
      this.kinds = kinds;
      return this;
    }

    Builder sampleRows(int sampleRows) {
      this.sampleRows = sampleRows;
      return this;
    }

    Builder progressBytes(LongConsumer progressBytes) {
      this.progressBytes = progressBytes;
      return this;
    }

    Builder rowSample(int rowSample) {
      this.rowSample = rowSample;
      return this;
    }

    Builder keepLabelOrder(boolean keepLabelOrder) {
      this.keepLabelOrder = keepLabelOrder;
      return this;
    }

    Builder segmentColumn(String segmentColumn) {
      this.segmentColumn = segmentColumn;
      return this;
    }

    Builder decimalComma(boolean decimalComma) {
      this.decimalComma = decimalComma;
      return this;
    }

    ReadOptions build() {
      return new ReadOptions(
          include,
          exclude,
          kinds,
          sampleRows,
          maxBadRowExamples,
          progressBytes,
          rowSample,
          keepLabelOrder,
          segmentColumn,
          decimalComma);
    }
  }
}
