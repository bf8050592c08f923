package dev.shadowpipeline.app.drift;

import dev.shadowpipeline.drift.data.BooleanSpellings;
import dev.shadowpipeline.drift.data.DataReadException;
import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.DatasetReader;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.data.SourceColumns;
import dev.shadowpipeline.drift.data.ValueKind;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.segment.SegmentEngine;
import dev.shadowpipeline.drift.segment.SegmentOptions;
import dev.shadowpipeline.drift.segment.SegmentedDrift;
import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.parquet.ParquetReader;
import dev.shadowpipeline.parquet.ParquetSource;
import dev.shadowpipeline.parquet.QuerySecrets;
import dev.shadowpipeline.report.drift.DriftJson;
import dev.shadowpipeline.report.drift.DriftReport;
import dev.shadowpipeline.report.drift.RunInputs;
import dev.shadowpipeline.report.html.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One drift check, from two files to a report folder: read the reference and the current data, compare them with
 * the drift engine, write {@code index.html}, {@code drift_report.json} and {@code drift_status.json}. The same steps
 * for {@code shadow drift}, for {@code shadow drift --db} and for every scheduled job; what happens next (printing,
 * saving to the history, alerting) is the caller's.
 *
 * <p>With {@link SegmentOptions} the data is still read once: the readers note each row's segment, and after the whole
 * is compared, each segment's rows are cut out and compared in turn ({@link SegmentEngine}).
 *
 * <pre>{@code
 * DriftCheck.Compared c = DriftCheck.compare(reference, current, ReadOptions.DEFAULTS, options);
 * DriftCheck.writeReport(outDir, c.result());
 * }</pre>
 */
public final class DriftCheck {

  /** The report's file in a run folder. */
  public static final String REPORT = "index.html";

  /** The files {@code writeReport} writes into a run folder. */
  public static final List<String> FILES =
      List.of(REPORT, "drift_report.json", "drift_status.json");

  private DriftCheck() {}

  /**
   * A comparison and what it took.
   *
   * @param data the datasets as read
   * @param result the verdict
   * @param readNanos time spent reading
   * @param compareNanos time spent comparing (the whole and the segments)
   * @param segments the verdicts per segment, or null when the check was not split by segment
   */
  public record Compared(
      DatasetPair data,
      DriftResult result,
      long readNanos,
      long compareNanos,
      SegmentedDrift segments) {
    public Compared {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(result, "result");
    }

    /** A comparison not split by segment. */
    public Compared(DatasetPair data, DriftResult result, long readNanos, long compareNanos) {
      this(data, result, readNanos, compareNanos, null);
    }
  }

  /**
   * Reads both files and compares them. CSV and JSONL files go through {@link DatasetReader}; Parquet files, globs
   * and folders through {@link ParquetReader}.
   *
   * @throws DataReadException naming the file, and the line, that could not be read
   */
  public static Compared compare(
      Path reference, Path current, ReadOptions read, DriftOptions options)
      throws DataReadException {
    return compare(Input.of(reference), Input.of(current), read, options);
  }

  /**
   * Reads both inputs and compares them.
   *
   * @throws DataReadException naming the input (file, partition, column or query) that could not be read
   */
  public static Compared compare(
      Input reference, Input current, ReadOptions read, DriftOptions options)
      throws DataReadException {
    return compare(reference, current, read, options, null);
  }

  /**
   * Reads both files and compares them, per segment too when {@code segments} is given (else null).
   *
   * @throws DataReadException naming the file that could not be read, or that has no segment column
   */
  public static Compared compare(
      Path reference, Path current, ReadOptions read, DriftOptions options, SegmentOptions segments)
      throws DataReadException {
    return compare(Input.of(reference), Input.of(current), read, options, segments);
  }

  /**
   * Reads both inputs and compares them, per segment too when {@code segments} is given (else null).
   *
   * @throws DataReadException naming the input that could not be read, or that has no segment column
   * @throws UnknownColumnException when a column to compare ({@link ReadOptions#include()}) or given its own test or
   *     type is in neither input or was not read (checked before comparing)
   */
  public static Compared compare(
      Input reference,
      Input current,
      ReadOptions read,
      DriftOptions options,
      SegmentOptions segments)
      throws DataReadException {
    long start = System.nanoTime();
    // tvd draws its permutations over the rows, in file order as Evidently does: labels keep it
    ReadOptions ordered = read.withLabelOrder(options.needsRowOrder());
    ReadOptions reading = segments == null ? ordered : ordered.withSegmentColumn(segments.column());
    checkNamedColumnsBeforeReading(reference, current, reading, options);
    DatasetPair data = read(reference, current, reading, options);
    checkNamedColumns(data, reading, options);
    long readDone = System.nanoTime();
    DriftEngine engine = DriftEngine.standard(options);
    DriftResult result = engine.compare(data);
    SegmentedDrift bySegment =
        segments == null
            ? null
            : new SegmentEngine(engine).compare(data.reference(), data.current(), result, segments);
    return new Compared(data, result, readDone - start, System.nanoTime() - readDone, bySegment);
  }

  /**
   * Refuses a column named by the read options ({@code --columns}) or given its own test or type that neither dataset
   * read: one in neither source, or one a source has but that was not read (a nested Parquet column). A column the
   * read options leave out ({@code --columns}, {@code --exclude}) is not checked for its test or type: a config file's
   * settings for it then simply do not apply.
   *
   * @throws UnknownColumnException naming the setting and all its columns in question, with the column meant when one
   *     is close, or why a column the source has was not read
   */
  static void checkNamedColumns(DatasetPair data, ReadOptions read, DriftOptions options) {
    NamedColumns.check(
        SourceColumns.of(data.reference()),
        SourceColumns.of(data.current()),
        read.include(),
        read.exclude(),
        namedByColumn(options));
  }

  /**
   * The same check before the data is read, from what each source says of its columns without reading its rows (a
   * CSV file's header, a Parquet schema), so that a wrong name is refused in a moment rather than after minutes of
   * reading. A JSON Lines file's columns are known once every line was read: with one, only {@link
   * #checkNamedColumns} checks.
   */
  static void checkNamedColumnsBeforeReading(
      Input reference, Input current, ReadOptions read, DriftOptions options)
      throws DataReadException {
    if (read.include().isEmpty()
        && read.exclude().isEmpty()
        && options.byColumn().isEmpty()
        && options.columnTypes().isEmpty()) {
      return;
    }
    Optional<SourceColumns> ref = peekColumns(reference, read, options);
    if (ref.isEmpty()) {
      return;
    }
    Optional<SourceColumns> cur = peekColumns(current, read, options);
    if (cur.isEmpty()) {
      return;
    }
    NamedColumns.check(
        ref.get(), cur.get(), read.include(), read.exclude(), namedByColumn(options));
  }

  private static Optional<SourceColumns> peekColumns(
      Input input, ReadOptions read, DriftOptions options) throws DataReadException {
    return input.parquet()
        ? Optional.of(ParquetReader.peekColumns(input.query(), parquetOptions(read, options)))
        : DatasetReader.peekColumns(input.file(), read);
  }

  // the per-column options' names, by config key, in the order messages name them
  private static Map<String, Set<String>> namedByColumn(DriftOptions options) {
    Map<String, Set<String>> byColumn = new LinkedHashMap<>();
    byColumn.put("column-test", new TreeSet<>(options.byColumn().keySet()));
    byColumn.put("column-type", new TreeSet<>(options.columnTypes().keySet()));
    return byColumn;
  }

  /**
   * One side of a drift check: a CSV/JSONL file, Parquet files (a file, a glob, a folder of partitions), or a SQL
   * query over them.
   *
   * @param file the file, glob or folder; null for a query
   * @param query the Parquet source (files or a query); null for a CSV or JSONL file
   */
  public record Input(Path file, ParquetSource query) {
    public Input {
      if (file == null && query == null) {
        throw new IllegalArgumentException("an input needs a file or a query");
      }
    }

    /** A file, glob or folder; Parquet when {@link ParquetSource#handles(Path)} says so. */
    public static Input of(Path file) {
      return new Input(file, ParquetSource.handles(file) ? ParquetSource.of(file) : null);
    }

    /** A SQL query run by DuckDB, named in messages by {@code option} (e.g. {@code --reference-sql}). */
    public static Input sql(String option, String sql) {
      return new Input(null, ParquetSource.sql(option, sql));
    }

    boolean parquet() {
      return query != null;
    }

    /**
     * How the report names this input: a file's or folder's absolute path with its modification time (a folder's
     * newest file's), a glob as given, or the query as given (credentials masked by {@link QuerySecrets}, which knows
     * DuckDB's settings, and by {@link RunInputs.Source}).
     */
    public RunInputs.Source describe() {
      if (file == null) {
        return new RunInputs.Source(
            query.name() + ": " + QuerySecrets.mask(query.sql().strip()), "query", null);
      }
      Path absolute = file.toAbsolutePath().normalize();
      if (Files.isRegularFile(file)) {
        return new RunInputs.Source(absolute.toString(), "file", modified(file));
      }
      if (Files.isDirectory(file)) {
        return new RunInputs.Source(absolute.toString(), "folder", newestIn(file));
      }
      return new RunInputs.Source(file.toString(), "glob", null);
    }
  }

  /** Most files a folder's newest modification time is looked for in; a larger lake shows none rather than wait. */
  private static final int MAX_FILES_FOR_TIME = 10_000;

  private static Instant modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      return null; // shown as n/a: the data was read, only its time is unknown
    }
  }

  private static Instant newestIn(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      Instant newest = null;
      int seen = 0;
      for (Path p : (Iterable<Path>) files::iterator) {
        if (++seen > MAX_FILES_FOR_TIME) {
          return null;
        }
        if (Files.isRegularFile(p)) {
          Instant t = modified(p);
          if (t != null && (newest == null || t.isAfter(newest))) {
            newest = t;
          }
        }
      }
      return newest;
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  /** What a run read and when it ran, for its report. */
  public static RunInputs inputs(Input reference, Input current, Instant ranAt) {
    return new RunInputs(reference.describe(), current.describe(), ranAt);
  }

  /** What a run read from these paths and when it ran, for its report. */
  public static RunInputs inputs(Path reference, Path current, Instant ranAt) {
    return inputs(Input.of(reference), Input.of(current), ranAt);
  }

  private static DatasetPair read(
      Input reference, Input current, ReadOptions read, DriftOptions options)
      throws DataReadException {
    DatasetPair data = readOnce(reference, current, read, options);
    Map<String, ValueKind> asText = inexactTypedAsText(data, options);
    if (asText.isEmpty()) {
      return data;
    }
    // a CSV or JSONL column typed categorical or text holds integers past 2^53, which merge as
    // doubles: read again with it as the text written, where they stay apart (only in this case,
    // so that 3 and 3.0 stay one category everywhere else)
    Map<String, ValueKind> kinds = new HashMap<>(read.kinds());
    kinds.putAll(asText);
    return readOnce(reference, current, read.withKinds(kinds), options);
  }

  /** The numeric columns read with integers no double holds whose configured type is categorical or text. */
  private static Map<String, ValueKind> inexactTypedAsText(DatasetPair data, DriftOptions options) {
    Map<String, ValueKind> out = new HashMap<>();
    for (Dataset side : List.of(data.reference(), data.current())) {
      for (RawColumn column : side.columns().values()) {
        ColumnType type = options.columnTypes().get(column.name());
        if (column instanceof NumericColumn n
            && n.inexactInteger().isPresent()
            && (type == ColumnType.CATEGORICAL || type == ColumnType.TEXT)) {
          out.put(column.name(), ValueKind.LABEL);
        }
      }
    }
    return out;
  }

  private static DatasetPair readOnce(
      Input reference, Input current, ReadOptions read, DriftOptions options)
      throws DataReadException {
    if (!reference.parquet() && !current.parquet()) {
      return DatasetReader.readPair(reference.file(), current.file(), read);
    }
    ReadOptions parquet = parquetOptions(read, options);
    if (reference.parquet() && current.parquet()) {
      return ParquetReader.readPair(reference.query(), current.query(), parquet);
    }
    // one side of each kind (e.g. a CSV reference and a Parquet day): each is read on its own
    Dataset ref =
        reference.parquet()
            ? ParquetReader.read(reference.query(), parquet)
            : DatasetReader.read(reference.file(), read);
    Dataset cur =
        current.parquet()
            ? ParquetReader.read(current.query(), parquet)
            : DatasetReader.read(current.file(), read);
    return BooleanSpellings.unify(new DatasetPair(ref, cur));
  }

  /** Parquet columns are typed; a datetime is read only when the user gave it a type. */
  private static ReadOptions parquetOptions(ReadOptions read, DriftOptions options) {
    Map<String, ValueKind> kinds = new HashMap<>();
    options
        .columnTypes()
        .forEach(
            (column, type) ->
                kinds.put(
                    column,
                    type == ColumnType.NUMERIC
                        ? ValueKind.NUMBER
                        : type == ColumnType.EMBEDDING ? ValueKind.VECTOR : ValueKind.LABEL));
    kinds.putAll(read.kinds());
    return read.withKinds(kinds);
  }

  /** Writes the run's report and JSON files into {@code dir} (created when missing), each atomically. */
  public static void writeReport(Path dir, DriftResult result) throws IOException {
    writeReport(dir, result, null);
  }

  /**
   * Writes the run's report and JSON files, with their segments when {@code segments} is not null, into {@code dir}
   * (created when missing), each atomically.
   */
  public static void writeReport(Path dir, DriftResult result, SegmentedDrift segments)
      throws IOException {
    writeReport(dir, result, segments, null);
  }

  /**
   * Writes the run's report and JSON files, naming what the run read and when ({@code inputs}, null when unknown),
   * with its segments when {@code segments} is not null, into {@code dir} (created when missing), each atomically.
   */
  public static void writeReport(
      Path dir, DriftResult result, SegmentedDrift segments, RunInputs inputs) throws IOException {
    Files.createDirectories(dir);
    DriftReport.write(dir.resolve(REPORT), result, segments, inputs);
    AtomicFiles.writeString(dir.resolve(FILES.get(1)), DriftJson.report(result, segments, inputs));
    AtomicFiles.writeString(dir.resolve(FILES.get(2)), DriftJson.status(result, segments));
  }
}
