package dev.shadowpipeline.drift.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Turns a stream of rows (fields as character slices) into columns. Shared by the CSV and JSONL readers so both
 * follow the same rules for missing values, column kinds and bad rows.
 *
 * <p>A row is all or nothing: when any of its cells is bad, none of its cells are kept, so every column of a dataset
 * covers the same rows. The first {@code sampleRows} rows are held back as strings until the kind of each column is
 * decided (numeric when every non-missing value in them is a number), then replayed. A column with no value in the
 * sample is decided by its first value later on. A column is a vector column when every value in the sample is a list
 * of numbers ({@code [0.1, 0.2]}) of one length; later lists of another length make their row bad.
 *
 * <p>As rows are kept, a seeded reservoir sample of at most {@link ReadOptions#rowSample()} of them is drawn
 * (Vitter's algorithm R): every kept row has the same chance to be in it, and the dataset's {@link RowSample} and its
 * vector columns' vectors come from it.
 *
 * <p>With a segment column ({@link ReadOptions#segmentColumn()}), every kept row's segment is recorded as a code, and
 * so are each column's missing rows and each label's id per row, so that {@link RowSegments} can cut the columns by
 * segment after this one read. The segment column is read even when the options leave it out of the columns.
 */
final class TableBuilder {

  private static final int PROGRESS_EVERY_ROWS = 1 << 16;

  /** The reservoir's seed: the same file gives the same sample. */
  static final long ROW_SAMPLE_SEED = 0x5EED_5A3EL;

  private final String source;
  private final ReadOptions options;
  private final LongSupplier bytesRead;
  private final boolean sampleOnly;
  private final NumberParser parser;
  private final VectorText vectorText = new VectorText();
  private final SplittableRandom reservoir = new SplittableRandom(ROW_SAMPLE_SEED);
  private final List<ColumnState> columns = new ArrayList<>();
  private final Map<String, Integer> indexByName = new HashMap<>();
  private final List<BadRow> badRows = new ArrayList<>();

  private List<SampleRow> sample = new ArrayList<>();
  private SampleRow sampling; // the row being collected while the sample fills, else null
  private boolean done;
  private int rowStamp;
  private long rowLine;
  private long rowLastLine; // where the row ends: past rowLine when a quoted field spans lines
  private String rowProblem;
  private long rows;
  private long badRowCount;

  // with a segment column: its value in the current row, and every kept row's code
  private final SegmentKeys segmentKeys;
  private final IntBuffer rowCodes;
  private boolean segmentSeen;
  private int segmentStamp;
  private String segmentValue;

  /**
   * @param sampleOnly stop once the kinds are decided (see {@link #done()}); for peeking at a file's kinds
   */
  TableBuilder(String source, ReadOptions options, LongSupplier bytesRead, boolean sampleOnly) {
    this.source = source;
    this.options = options;
    this.bytesRead = bytesRead;
    this.sampleOnly = sampleOnly;
    this.parser = new NumberParser(options.decimalComma());
    this.segmentKeys = options.segmented() ? new SegmentKeys() : null;
    this.rowCodes = options.segmented() ? new IntBuffer() : null;
  }

  /** Adds a column and returns its field index; duplicate names get pandas' {@code .1}, {@code .2} suffixes. */
  int addColumn(String rawName) {
    String name = rawName.isBlank() ? "Unnamed: " + columns.size() : rawName;
    String unique = name;
    for (int i = 1; indexByName.containsKey(unique); i++) {
      unique = name + "." + i;
    }
    boolean segment = unique.equals(options.segmentColumn());
    segmentSeen |= segment;
    ColumnState state =
        new ColumnState(
            unique,
            options.reads(unique),
            options.kinds().get(unique),
            options.keepLabelOrder(),
            segment);
    state.missing = rows; // rows kept before the column appeared (JSONL) had no value for it
    if (segmentKeys != null) {
      state.missingRows = new BitSet();
      state.missingRows.set(0, (int) rows);
    }
    indexByName.put(unique, columns.size());
    columns.add(state);
    return columns.size() - 1;
  }

  /**
   * Leaves the whole column out, in every row before and after this one, and lists it as skipped: a JSON Lines key
   * that holds a nested object somewhere cannot be tested as one column (a Parquet struct is skipped the same way).
   * The row stays good.
   */
  void skipColumn(int index, String type, String reason) {
    ColumnState c = columns.get(index);
    if (c.skippedAs != null || c.segment) {
      return;
    }
    boolean wasRead = c.read;
    c.read = false;
    if (wasRead) {
      c.skippedAs = new SkippedColumn(c.name, type, reason);
      c.values = new DoubleBuffer();
      c.labels = new HashMap<>();
    }
  }

  /** The index of a column by name, or -1 (JSONL looks keys up with it). */
  int indexOf(String name) {
    Integer i = indexByName.get(name);
    return i == null ? -1 : i;
  }

  int columnCount() {
    return columns.size();
  }

  /** Every column seen so far, read or not, in the source's order, named as the dataset will name them. */
  List<String> columnNames() {
    return columns.stream().map(c -> c.name).toList();
  }

  /** Whether reading can stop: in sample-only mode, once every kind is decided. */
  boolean done() {
    return done;
  }

  void beginRow(long line) {
    rowStamp++;
    rowLine = line;
    rowLastLine = line;
    rowProblem = null;
    // a begun row may never end (FastCSV begins one at the end of input): whatever was collecting
    // is dropped
    sampling = sample != null ? new SampleRow(line) : null;
  }

  void field(int index, char[] buf, int off, int len) {
    ColumnState c = columns.get(index);
    if (!c.read && !c.segment) {
      return;
    }
    if (sampling != null) {
      sampling.set(index, new String(buf, off, len));
      return;
    }
    if (c.segment) {
      segmentCell(c, buf, off, len);
      if (!c.read) {
        return;
      }
    }
    c.stamp = rowStamp;
    if (MissingValues.isMissing(buf, off, len)) {
      c.cellMissing = true;
      return;
    }
    c.cellMissing = false;
    if (c.kind == null) {
      // no value in the sample: the first value decides
      c.kind =
          parser.parse(buf, off, len)
              ? ValueKind.NUMBER
              : vectorText.parse(buf, off, len) ? ValueKind.VECTOR : ValueKind.LABEL;
    }
    if (c.kind == ValueKind.VECTOR) {
      String problem = vector(c, buf, off, len);
      if (problem != null && rowProblem == null) {
        rowProblem = "column '" + c.name + "': " + problem;
      }
    } else if (c.kind == ValueKind.NUMBER) {
      if (parser.parse(buf, off, len)) {
        c.cellValue = parser.value();
        c.cellIntegral = parser.integral();
        // the first integer a double cannot hold is kept as written, for the column's error
        c.cellInexact =
            parser.inexactInteger() && c.inexactInteger == null
                ? new String(buf, off, len).strip()
                : null;
      } else if (rowProblem == null) {
        rowProblem =
            "column '" + c.name + "': \"" + clip(new String(buf, off, len)) + "\" is not a number";
      }
    } else {
      c.cellText = new String(buf, off, len);
    }
  }

  /** Reads a vector cell into {@code c.cellVector}; returns what is wrong with it, or null. */
  private String vector(ColumnState c, char[] buf, int off, int len) {
    if (!vectorText.parse(buf, off, len)) {
      return vectorText.problem() + ": \"" + clip(new String(buf, off, len)) + "\"";
    }
    if (c.dimension < 0) {
      c.dimension = vectorText.length();
    } else if (vectorText.length() != c.dimension) {
      return "a list of " + vectorText.length() + " numbers, expected " + c.dimension;
    }
    c.cellVector = vectorText.vector();
    return null;
  }

  /**
   * The segment of the current row: missing cells are a segment of their own; in a numeric column the number, so
   * that {@code 3} and {@code 3.0} are one segment, and an integer no double holds by its digits.
   */
  private void segmentCell(ColumnState c, char[] buf, int off, int len) {
    segmentStamp = rowStamp;
    if (MissingValues.isMissing(buf, off, len)) {
      segmentValue = null;
      return;
    }
    if (c.kind == null) {
      c.kind = parser.parse(buf, off, len) ? ValueKind.NUMBER : ValueKind.LABEL;
    }
    if (c.kind == ValueKind.NUMBER && parser.parse(buf, off, len)) {
      // past 2^53 two integers may round to one double: the digits keep them apart, and past
      // 2^63 they are the name Parquet's integers (HUGEINT, DECIMAL(38,0)) get even where a double
      // holds the value (2^64)
      segmentValue =
          parser.integerLiteral() && Math.abs(parser.value()) >= 0x1p53
              ? SegmentKeys.integerKey(new String(buf, off, len))
              : SegmentKeys.numberKey(parser.value());
    } else {
      segmentValue = new String(buf, off, len);
    }
  }

  /**
   * Says that the current row, begun at {@link #beginRow}'s line, ends on {@code lastLine}: a quoted field holds line
   * breaks. Should the row be bad, its reason then says how many lines went with it.
   */
  void rowEndsAt(long lastLine) {
    rowLastLine = lastLine;
    if (sampling != null) {
      sampling.lastLine = lastLine;
    }
  }

  /**
   * What a bad row's reason adds when the row covers more than one line, so that a stray quote that turned many lines
   * into one row shows how much was lost; empty otherwise.
   */
  String spanNote() {
    if (rowLastLine <= rowLine) {
      return "";
    }
    return " (a quoted field spans lines "
        + rowLine
        + "-"
        + rowLastLine
        + ": "
        + (rowLastLine - rowLine + 1)
        + " lines skipped as this one row)";
  }

  /** Skips the current row as bad. */
  void rejectRow(long line, String reason) {
    sampling = null;
    badRowCount++;
    if (badRows.size() < options.maxBadRowExamples()) {
      badRows.add(new BadRow(line, reason));
    }
  }

  void endRow() {
    if (sampling != null) {
      sample.add(sampling);
      sampling = null;
      if (sample.size() >= options.sampleRows()) {
        decideKinds();
      }
      return;
    }
    if (rowProblem != null) {
      rejectRow(rowLine, rowProblem + spanNote());
      return;
    }
    if (rowCodes != null) {
      rowCodes.add(segmentKeys.code(segmentStamp == rowStamp ? segmentValue : null));
    }
    for (ColumnState c : columns) {
      if (!c.read) {
        continue;
      }
      if (c.stamp != rowStamp || c.cellMissing) {
        missingCell(c);
      } else if (c.kind == ValueKind.VECTOR) {
        c.present++;
      } else if (c.kind == ValueKind.NUMBER) {
        if (Double.isFinite(c.cellValue)) {
          c.values.add(c.cellValue);
          c.integral &= c.cellIntegral;
          if (c.cellInexact != null) {
            c.inexactInteger = c.cellInexact + " at line " + rowLine;
          }
        } else {
          missingCell(c);
        }
      } else {
        // [count, first-seen index]: the index numbers the row order until the labels are sorted
        Map<String, long[]> labels = c.labels;
        long[] label = labels.computeIfAbsent(c.cellText, k -> new long[] {0, labels.size()});
        label[0]++;
        if (c.rowLabels != null) {
          c.rowLabels.add((int) label[1]);
        }
        if (rowCodes != null) {
          c.labelIds().add((int) label[1]);
        }
      }
    }
    sample();
    rows++;
    if ((rows & (PROGRESS_EVERY_ROWS - 1)) == 0) {
      options.progressBytes().accept(bytesRead.getAsLong());
    }
  }

  /** Offers the row being kept (the {@code rows}-th, 0-based) to the reservoir. */
  private void sample() {
    int capacity = options.rowSample();
    int slot;
    if (rows < capacity) {
      slot = (int) rows;
    } else {
      long j = reservoir.nextLong(rows + 1);
      if (j >= capacity) {
        return;
      }
      slot = (int) j;
    }
    for (ColumnState c : columns) {
      if (c.read) {
        boolean missing = c.stamp != rowStamp || c.cellMissing;
        c.sampleCell(slot, capacity, missing);
      }
    }
  }

  private void missingCell(ColumnState c) {
    c.missing++;
    if (c.missingRows != null) {
      c.missingRows.set((int) rows);
    }
  }

  /**
   * Why the rows cannot be split by the segment column, or null: the file has no such column, or it has more distinct
   * values than {@link SegmentKeys#MAX_VALUES}.
   */
  String segmentProblem() {
    if (segmentKeys == null) {
      return null;
    }
    if (!segmentSeen) {
      return SegmentKeys.noColumn(options.segmentColumn());
    }
    if (segmentKeys.overflowed()) {
      return SegmentKeys.tooManyValues(options.segmentColumn());
    }
    return null;
  }

  /** Ends the input: decides kinds if the file was shorter than the sample, and builds the dataset. */
  Dataset finish() {
    if (sample != null) {
      decideKinds();
    }
    options.progressBytes().accept(bytesRead.getAsLong());
    int sampled = (int) Math.min(rows, options.rowSample());
    RowSegments segments = rowCodes == null ? null : segments();
    Map<String, RawColumn> out = new LinkedHashMap<>();
    List<RowSample.Cells> cells = new ArrayList<>();
    for (ColumnState c : columns) {
      if (c.read) {
        out.put(c.name, c.build(sampled));
        cells.add(c.sampledCells(sampled));
      }
    }
    badRows.sort(
        (a, b) ->
            Long.compare(a.line(), b.line())); // sample rows are checked after later ones were
    RowSample rowSample = sampled == 0 ? RowSample.NONE : new RowSample(sampled, cells);
    // every column of the file, read or not: a name the user gives can then be told apart as
    // absent or as left out
    List<String> inFile = columns.stream().map(c -> c.name).toList();
    List<SkippedColumn> skipped = new ArrayList<>();
    for (ColumnState c : columns) {
      if (c.skippedAs != null) {
        skipped.add(c.skippedAs);
      }
    }
    return new Dataset(
        source, out, rows, badRowCount, badRows, skipped, rowSample, segments, inFile);
  }

  private RowSegments segments() {
    int[] codes = rowCodes.toArray();
    List<String> values = segmentKeys.values();
    long[] rowsPerCode = new long[values.size()];
    for (int code : codes) {
      rowsPerCode[code]++;
    }
    Map<String, BitSet> missing = new HashMap<>();
    Map<String, LabelColumn[]> labels = new HashMap<>();
    for (ColumnState c : columns) {
      if (!c.read) {
        continue;
      }
      if (c.kind == ValueKind.LABEL) {
        labels.put(
            c.name,
            SegmentLabelCounts.byCode(
                c.name, c.labels, c.labelIds(), c.missingRows, codes, rowsPerCode));
      } else if (!c.missingRows.isEmpty()) {
        missing.put(c.name, c.missingRows);
      }
    }
    return new RowSegments(options.segmentColumn(), values, codes, missing, labels);
  }

  /** The kinds decided so far, by column name. */
  Map<String, ValueKind> kinds() {
    if (sample != null) {
      decideKinds();
    }
    Map<String, ValueKind> kinds = new LinkedHashMap<>();
    for (ColumnState c : columns) {
      if ((c.read || c.segment) && c.kind != null) {
        kinds.put(c.name, c.kind);
      }
    }
    return kinds;
  }

  private void decideKinds() {
    List<SampleRow> held = sample;
    sample = null;
    sampling = null;
    for (int i = 0; i < columns.size(); i++) {
      ColumnState c = columns.get(i);
      if ((!c.read && !c.segment) || c.kind != null) {
        continue;
      }
      boolean anyValue = false;
      boolean allNumbers = true;
      boolean allVectors = true;
      int dimension = -1;
      for (SampleRow row : held) {
        String v = row.get(i);
        if (v == null || MissingValues.isMissing(v)) {
          continue;
        }
        anyValue = true;
        char[] chars = v.toCharArray();
        if (allNumbers && !parser.parse(chars, 0, chars.length)) {
          allNumbers = false;
        }
        if (allVectors) {
          boolean vector = vectorText.parse(chars, 0, chars.length);
          allVectors = vector && (dimension < 0 || vectorText.length() == dimension);
          dimension = vector ? vectorText.length() : dimension;
        }
        if (!allNumbers && !allVectors) {
          break;
        }
      }
      if (anyValue) {
        c.kind = allNumbers ? ValueKind.NUMBER : allVectors ? ValueKind.VECTOR : ValueKind.LABEL;
      }
    }
    if (sampleOnly) {
      done = true;
      return;
    }
    for (SampleRow row : held) {
      beginRow(row.line);
      rowLastLine = row.lastLine;
      for (int i = 0; i < row.fields.length; i++) {
        String v = row.fields[i];
        if (v != null) {
          field(i, v.toCharArray(), 0, v.length());
        }
      }
      endRow();
    }
  }

  /** A value for a one-line message: its first 40 characters, up to its first line break. */
  private static String clip(String value) {
    int end = Math.min(value.length(), 40);
    for (int i = 0; i < end; i++) {
      if (value.charAt(i) == '\n' || value.charAt(i) == '\r') {
        end = i;
      }
    }
    return end == value.length() ? value : value.substring(0, end) + "...";
  }

  /** A row held back while the sample fills. */
  private static final class SampleRow {
    final long line;
    long lastLine;
    String[] fields = new String[8];

    SampleRow(long line) {
      this.line = line;
      this.lastLine = line;
    }

    void set(int index, String value) {
      if (index >= fields.length) {
        fields = Arrays.copyOf(fields, Math.max(index + 1, fields.length * 2));
      }
      fields[index] = value;
    }

    String get(int index) {
      return index < fields.length ? fields[index] : null;
    }
  }

  /** One column's buffers, and the cell of the current row until the row is known to be good. */
  private static final class ColumnState {
    final String name;
    boolean read; // false once skipped
    // why the whole column is left out, once a value of it cannot be tested
    SkippedColumn skippedAs;
    final boolean segment;
    ValueKind kind;
    long missing;
    boolean integral = true;
    DoubleBuffer values = new DoubleBuffer();
    Map<String, long[]> labels = new HashMap<>(); // label -> {count, id}
    BitSet missingRows; // with a segment column: the rows without a value
    private IntBuffer labelIds; // with a segment column: each present row's label id
    int stamp;
    boolean cellMissing;
    double cellValue;
    boolean cellIntegral;
    String cellInexact; // the cell, when it is the column's first integer a double cannot hold
    String inexactInteger; // that integer and its line, once a row with it was kept
    String cellText;
    float[] cellVector;
    int dimension = -1;
    long present; // vector cells (numbers and labels count theirs in their buffers)
    // the reservoir's cells of this column, made when a cell of that kind is first sampled
    double[] sampledNumbers;
    String[] sampledLabels;
    float[][] sampledVectors;

    final IntBuffer rowLabels; // each present cell's label, by first-seen index; null when not kept

    ColumnState(
        String name, boolean read, ValueKind kind, boolean keepLabelOrder, boolean segment) {
      this.name = name;
      this.read = read;
      this.kind = kind;
      this.rowLabels = keepLabelOrder ? new IntBuffer() : null;
      this.segment = segment;
    }

    IntBuffer labelIds() {
      if (labelIds == null) {
        labelIds = new IntBuffer();
      }
      return labelIds;
    }

    /** Puts this row's cell into reservoir slot {@code slot}, over whatever the slot held. */
    void sampleCell(int slot, int capacity, boolean missingCell) {
      if (!missingCell) {
        if (kind == ValueKind.NUMBER && sampledNumbers == null) {
          sampledNumbers = new double[Math.min(capacity, 1024)];
          Arrays.fill(sampledNumbers, Double.NaN);
        } else if (kind == ValueKind.LABEL && sampledLabels == null) {
          sampledLabels = new String[Math.min(capacity, 1024)];
        } else if (kind == ValueKind.VECTOR && sampledVectors == null) {
          sampledVectors = new float[Math.min(capacity, 1024)][];
        }
      }
      if (sampledNumbers != null) {
        sampledNumbers = ensure(sampledNumbers, slot, capacity);
        sampledNumbers[slot] =
            missingCell || kind != ValueKind.NUMBER || !Double.isFinite(cellValue)
                ? Double.NaN
                : cellValue;
      }
      if (sampledLabels != null) {
        if (slot >= sampledLabels.length) {
          sampledLabels = Arrays.copyOf(sampledLabels, grown(sampledLabels.length, slot, capacity));
        }
        sampledLabels[slot] = missingCell || kind != ValueKind.LABEL ? null : cellText;
      }
      if (sampledVectors != null) {
        if (slot >= sampledVectors.length) {
          sampledVectors =
              Arrays.copyOf(sampledVectors, grown(sampledVectors.length, slot, capacity));
        }
        sampledVectors[slot] = missingCell || kind != ValueKind.VECTOR ? null : cellVector;
      }
    }

    private static double[] ensure(double[] a, int slot, int capacity) {
      if (slot < a.length) {
        return a;
      }
      int old = a.length;
      double[] b = Arrays.copyOf(a, grown(old, slot, capacity));
      Arrays.fill(b, old, b.length, Double.NaN);
      return b;
    }

    private static int grown(int length, int slot, int capacity) {
      return (int) Math.min(capacity, Math.max((long) slot + 1, 2L * length));
    }

    /** This column's cells in the reservoir's first {@code sampled} slots. */
    RowSample.Cells sampledCells(int sampled) {
      if (kind == ValueKind.LABEL) {
        String[] v = new String[sampled];
        if (sampledLabels != null) {
          System.arraycopy(sampledLabels, 0, v, 0, Math.min(sampled, sampledLabels.length));
        }
        return new RowSample.Labels(name, v);
      }
      if (kind == ValueKind.VECTOR) {
        float[][] v = new float[sampled][];
        if (sampledVectors != null) {
          System.arraycopy(sampledVectors, 0, v, 0, Math.min(sampled, sampledVectors.length));
        }
        return new RowSample.Vectors(name, Math.max(dimension, 0), v);
      }
      double[] v = new double[sampled];
      Arrays.fill(v, Double.NaN);
      if (sampledNumbers != null) {
        System.arraycopy(sampledNumbers, 0, v, 0, Math.min(sampled, sampledNumbers.length));
      }
      return new RowSample.Numbers(name, v);
    }

    RawColumn build(int sampled) {
      if (kind == ValueKind.VECTOR) {
        List<float[]> kept = new ArrayList<>();
        if (sampledVectors != null) {
          for (int i = 0; i < Math.min(sampled, sampledVectors.length); i++) {
            if (sampledVectors[i] != null) {
              kept.add(sampledVectors[i]);
            }
          }
        }
        return new VectorColumn(
            name, Math.max(dimension, 0), kept.toArray(new float[0][]), present, missing);
      }
      if (kind == ValueKind.LABEL) {
        List<String> names = new ArrayList<>(labels.keySet());
        names.sort(null);
        long[] counts = new long[names.size()];
        int[] sortedIndex = new int[names.size()];
        for (int i = 0; i < counts.length; i++) {
          long[] label = labels.get(names.get(i));
          counts[i] = label[0];
          sortedIndex[(int) label[1]] = i;
        }
        if (rowLabels == null) {
          return new LabelColumn(name, names, counts, missing);
        }
        int[] order = rowLabels.toArray();
        for (int i = 0; i < order.length; i++) {
          order[i] = sortedIndex[order[i]];
        }
        return new LabelColumn(name, names, counts, missing, Optional.of(order));
      }
      // a column that never had a value is numeric and empty; typing reports it as all-missing
      double[] v = values.toArray();
      return new NumericColumn(
          name, v, missing, integral && v.length > 0, Optional.ofNullable(inexactInteger));
    }
  }
}
