package dev.shadowpipeline.parquet;

import dev.shadowpipeline.drift.data.DataReadException;
import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.data.RowSample;
import dev.shadowpipeline.drift.data.RowSegments;
import dev.shadowpipeline.drift.data.SegmentKeys;
import dev.shadowpipeline.drift.data.SkippedColumn;
import dev.shadowpipeline.drift.data.SourceColumns;
import dev.shadowpipeline.drift.data.ValueKind;
import dev.shadowpipeline.drift.data.VectorColumn;
import dev.shadowpipeline.parquet.ParquetFiles.Column;
import dev.shadowpipeline.parquet.ParquetTypes.Mapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.duckdb.DuckDBConnection;

/**
 * Reads a {@link ParquetSource} into a drift {@link Dataset}, through DuckDB in-process.
 *
 * <p>Only the columns that {@link ReadOptions#reads(String)} selects are scanned. Numeric columns stream, chunk by
 * chunk, into {@code double[]}s (the only memory that grows with the rows); label columns are counted by DuckDB
 * ({@code GROUP BY GROUPING SETS}, one scan for all of them). Parquet is typed, so there are no bad rows: a null is a
 * missing value, and so are NaN and ±inf, as in CSV. Column types map as {@link ParquetTypes} says; nested and binary
 * columns, and datetimes whose type is not set in {@link ReadOptions#kinds()}, are left out and listed in
 * {@link Dataset#skippedColumns()}. Lists of real numbers of one length are an embedding column ({@link
 * VectorColumn}): counted over every row, their vectors kept from the row sample. The row sample ({@link
 * ReadOptions#rowSample()} rows, {@code USING SAMPLE reservoir(n ROWS) REPEATABLE (42)}) is one more scan. An integer
 * column of 64 bits or more is first asked for a value that a double would change (past 2^53), by a query whose range
 * test lets DuckDB skip every row group its statistics keep within ±2^53 (3 such columns of 5M rows: 17-36 ms beside
 * a 1.1 s read): a column with one is read as text when its kind is set to labels, else flagged ({@link
 * NumericColumn#inexactInteger()}) for the engine to report.
 *
 * <p>With a segment column ({@link ReadOptions#segmentColumn()}) the numeric scan also yields each row's segment (and
 * notes the rows where a number is missing), and the label counts are grouped by segment as well; the dataset then
 * carries its {@link RowSegments}, still from one scan of each kind.
 *
 * <pre>{@code
 * Dataset d = ParquetReader.read(ParquetSource.of(Path.of("lake/day=2026-11-28")), ReadOptions.DEFAULTS);
 * }</pre>
 */
public final class ParquetReader {

  /** Progress is reported every 2^16 rows (a mask on the row count). */
  private static final long PROGRESS_ROWS = (1 << 16) - 1;

  private ParquetReader() {}

  /**
   * Reads one source.
   *
   * @throws DataReadException naming the source (and the file, partition or column) when it cannot be read: no file
   *     matches, a file is not Parquet or is truncated, partitions disagree, a column's type is unsupported, the
   *     query fails
   */
  public static Dataset read(ParquetSource source, ReadOptions options) throws DataReadException {
    try (Connection c = open(source)) {
      return read(c, source, options);
    } catch (SQLException e) {
      throw DuckDb.failure(source, "cannot read", e);
    }
  }

  /**
   * The columns a {@link #read} of this source will give, from its schema alone (the files' footers, or the query's
   * description): no row is read.
   *
   * @throws DataReadException as {@link #read} would for the source itself: no file matches, a file is not Parquet,
   *     partitions disagree, a column's type is unsupported, the query fails
   */
  public static SourceColumns peekColumns(ParquetSource source, ReadOptions options)
      throws DataReadException {
    try (Connection c = open(source)) {
      Plan plan = plan(c, source, options, false);
      Set<String> read = new LinkedHashSet<>();
      for (Planned p : plan.columns()) {
        read.add(p.name());
      }
      return new SourceColumns(source.displayName(), plan.sourceColumns(), read, plan.skipped());
    } catch (SQLException e) {
      throw DuckDb.failure(source, "cannot read", e);
    }
  }

  /**
   * Reads a reference and a current source in parallel (two connections to one in-process DuckDB).
   *
   * @throws DataReadException for the first of the two that cannot be read
   */
  public static DatasetPair readPair(
      ParquetSource reference, ParquetSource current, ReadOptions options)
      throws DataReadException {
    try (Connection c = open(reference);
        Connection other = ((DuckDBConnection) c).duplicate()) {
      ExecutorService pool =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "shadow-parquet-read");
                t.setDaemon(true);
                return t;
              });
      try {
        // the progress callback is told both sides together, as the CSV reader does
        List<ReadOptions> sides = options.forPair();
        ReadOptions refOptions = sides.get(0);
        ReadOptions curOptions = sides.get(1);
        Future<Dataset> ref = pool.submit(() -> read(c, reference, refOptions));
        Future<Dataset> cur = pool.submit(() -> read(other, current, curOptions));
        return new DatasetPair(await(ref), await(cur));
      } finally {
        pool.shutdownNow();
      }
    } catch (SQLException e) {
      throw DuckDb.failure(reference, "cannot read", e);
    }
  }

  private static Connection open(ParquetSource source) throws DataReadException {
    try {
      return DuckDb.open();
    } catch (SQLException e) {
      throw DuckDb.failure(source, "cannot start DuckDB", e);
    }
  }

  private static Dataset await(Future<Dataset> future) throws DataReadException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DataReadException d) {
        throw d;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Rows read so far as bytes of the file: the share of its rows times its size; nothing for globs and queries. */
  private static LongConsumer progress(ParquetSource source, Long knownRows, ReadOptions options) {
    Path file = source.path();
    if (knownRows == null || knownRows == 0 || file == null || !Files.isRegularFile(file)) {
      return rows -> {};
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      return rows -> {};
    }
    return rows -> options.progressBytes().accept((long) ((double) rows / knownRows * size));
  }

  /** Reads one source on an open connection. */
  static Dataset read(Connection c, ParquetSource source, ReadOptions options)
      throws DataReadException {
    Plan plan = plan(c, source, options);
    try {
      Long knownRows = source.isSql() ? null : count(c, plan.relation());
      Map<String, RawColumn> read = new HashMap<>();
      Segmenting segmenting = plan.segment() == null ? null : segmenting(c, source, plan);
      long rows =
          readNumbers(c, plan, knownRows, progress(source, knownRows, options), read, segmenting);
      if (segmenting != null && segmenting.keys.overflowed()) {
        throw new DataReadException(
            DuckDb.where(source), SegmentKeys.tooManyValues(plan.segment().name()));
      }
      long labelRows = readLabels(c, source, plan, read, segmenting);
      if (plan.numbers().isEmpty() && segmenting == null) {
        rows =
            knownRows != null ? knownRows : labelRows >= 0 ? labelRows : count(c, plan.relation());
      }
      List<SkippedColumn> skipped = new ArrayList<>(plan.skipped());
      Map<String, VectorStats> vectors = vectorStats(c, plan, skipped);
      List<Planned> kept =
          plan.columns().stream()
              .filter(p -> p.mapping() != Mapping.VECTOR || vectors.containsKey(p.name()))
              .toList();
      RowSample sample = rowSample(c, plan.relation(), kept, vectors, options.rowSample());
      for (Map.Entry<String, VectorStats> e : vectors.entrySet()) {
        read.put(e.getKey(), e.getValue().column(e.getKey(), rows, sample));
      }
      Map<String, RawColumn> ordered = new LinkedHashMap<>();
      for (Planned p : kept) {
        ordered.put(p.name(), read.get(p.name()));
      }
      RowSegments segments =
          segmenting == null
              ? null
              : new RowSegments(
                  plan.segment().name(),
                  segmenting.keys.values(),
                  segmenting.codes(),
                  segmenting.missingRows,
                  segmenting.labels);
      return new Dataset(
          source.displayName(),
          ordered,
          rows,
          0,
          List.of(),
          skipped,
          sample,
          segments,
          plan.sourceColumns());
    } catch (SQLException e) {
      throw DuckDb.failure(source, source.isSql() ? "query failed" : "cannot read Parquet", e);
    }
  }

  // --- planning
  // -----------------------------------------------------------------------------------------------

  /**
   * A column to read and the SQL expression that yields it.
   *
   * @param inexactInteger for an integer column read as doubles, its first value that no double holds, or null
   */
  record Planned(String name, Mapping mapping, String expression, String inexactInteger) {
    Planned(String name, Mapping mapping, String expression) {
      this(name, mapping, expression, null);
    }

    boolean numeric() {
      return mapping == Mapping.INTEGER || mapping == Mapping.REAL;
    }
  }

  /**
   * What a read will do: the relation, the columns to read in file order, the columns skipped.
   *
   * @param relation the SQL relation scanned
   * @param columns the columns read, in file order
   * @param skipped the columns left out with their reason
   * @param segment the segment column's expression (a number or a text), or null
   * @param sourceColumns every column of the source, in its order, planned or not
   */
  record Plan(
      String relation,
      List<Planned> columns,
      List<SkippedColumn> skipped,
      Planned segment,
      List<String> sourceColumns) {
    List<Planned> numbers() {
      return columns.stream().filter(Planned::numeric).toList();
    }

    List<Planned> labels() {
      return columns.stream().filter(p -> p.mapping() == Mapping.LABEL).toList();
    }

    List<Planned> vectors() {
      return columns.stream().filter(p -> p.mapping() == Mapping.VECTOR).toList();
    }

    /** The scan of the numeric columns: only they are projected. */
    String numbersSql() {
      return numbersSql(null);
    }

    /** The scan of the numeric columns: only they are projected (and the segment, last, when there is one). */
    String numbersSql(Segmenting segmenting) {
      List<String> exprs = new ArrayList<>(numbers().stream().map(Planned::expression).toList());
      if (segmenting != null) {
        exprs.add(segmenting.scanExpression);
      }
      return "SELECT " + String.join(", ", exprs) + " FROM " + relation;
    }

    /**
     * One scan counting every label column's values: the label columns, then the segment (when there is one), then
     * each label column's {@code GROUPING()} flag, then the count; grouped by each label column, or by each label
     * column and the segment.
     */
    String labelsSql() {
      List<Planned> labels = labels();
      StringBuilder select = new StringBuilder("SELECT ");
      StringBuilder sets = new StringBuilder();
      String segmentId = DuckDb.identifier("__shadow_segment"); // not a name a dataset would use
      for (int i = 0; i < labels.size(); i++) {
        String id = DuckDb.identifier("l" + i);
        select.append(labels.get(i).expression()).append(" AS ").append(id).append(", ");
        sets.append(i == 0 ? "" : ", ")
            .append('(')
            .append(segment == null ? "" : segmentId + ", ")
            .append(id)
            .append(')');
      }
      if (segment != null) {
        select.append(segment.expression()).append(" AS ").append(segmentId).append(", ");
      }
      for (int i = 0; i < labels.size(); i++) {
        select.append("GROUPING(").append(DuckDb.identifier("l" + i)).append("), ");
      }
      select.append("count(*) FROM ").append(relation);
      return select + " GROUP BY GROUPING SETS (" + sets + ")";
    }
  }

  static Plan plan(Connection c, ParquetSource source, ReadOptions options)
      throws DataReadException {
    return plan(c, source, options, true);
  }

  /**
   * @param scanIntegers whether 64-bit integer columns are scanned for values no double holds (a pass over their
   *     data); without it the plan says only which columns will be read
   */
  private static Plan plan(
      Connection c, ParquetSource source, ReadOptions options, boolean scanIntegers)
      throws DataReadException {
    String relation;
    List<Column> schema;
    if (source.isSql()) {
      relation = "(" + source.sql() + ")";
      schema = describeQuery(c, source, relation);
    } else {
      ParquetFiles.Listing listing = ParquetFiles.list(c, source);
      relation = listing.relation();
      schema = listing.columns();
    }
    List<Planned> columns = new ArrayList<>();
    List<SkippedColumn> skipped = new ArrayList<>();
    Planned segment = options.segmented() ? segment(source, schema, options.segmentColumn()) : null;
    for (Column col : schema) {
      if (!options.reads(col.name())) {
        continue;
      }
      String id = DuckDb.identifier(col.name());
      Mapping mapping = ParquetTypes.of(col.type());
      switch (mapping) {
        case INTEGER, REAL -> {
          String inexact =
              scanIntegers && mapping == Mapping.INTEGER && ParquetTypes.mayPassDoubles(col.type())
                  ? inexactInteger(c, source, relation, id)
                  : null;
          if (inexact != null && options.kinds().get(col.name()) == ValueKind.LABEL) {
            // typed categorical or text: as text, integers past 2^53 stay apart
            columns.add(new Planned(col.name(), Mapping.LABEL, "CAST(" + id + " AS VARCHAR)"));
          } else {
            columns.add(new Planned(col.name(), mapping, "CAST(" + id + " AS DOUBLE)", inexact));
          }
        }
        case LABEL -> columns.add(new Planned(col.name(), mapping, "CAST(" + id + " AS VARCHAR)"));
        case VECTOR ->
            columns.add(new Planned(col.name(), mapping, "CAST(" + id + " AS DOUBLE[])"));
        case DATETIME -> {
          ValueKind kind = options.kinds().get(col.name());
          if (kind == ValueKind.NUMBER) {
            columns.add(new Planned(col.name(), Mapping.REAL, "CAST(epoch(" + id + ") AS DOUBLE)"));
          } else if (kind == ValueKind.LABEL) {
            columns.add(new Planned(col.name(), Mapping.LABEL, "CAST(" + id + " AS VARCHAR)"));
          } else {
            skipped.add(
                new SkippedColumn(
                    col.name(),
                    col.type(),
                    "datetime: not tested (as in Evidently); set its type to numeric (seconds since "
                        + "1970 UTC) or categorical to test it"));
          }
        }
        case NESTED ->
            skipped.add(
                new SkippedColumn(
                    col.name(),
                    col.type(),
                    "nested: not tested; select its fields as columns with a SQL source to test them"));
        case BINARY ->
            skipped.add(
                new SkippedColumn(col.name(), col.type(), "binary: raw bytes are not tested"));
        case UNSUPPORTED ->
            throw new DataReadException(
                DuckDb.where(source),
                "column '"
                    + col.name()
                    + "' has type "
                    + col.type()
                    + ", which drift cannot read; leave it out with --exclude "
                    + col.name());
      }
    }
    return new Plan(
        relation, columns, skipped, segment, schema.stream().map(Column::name).toList());
  }

  /**
   * The segment column as an expression: floating-point numbers as DOUBLE (keyed as {@link SegmentKeys#numberKey}
   * names them, as in CSV), integers, labels and datetimes as their text (an integer's digits, as {@link
   * SegmentKeys#integerKey} and {@link SegmentKeys#numberKey} name integers read from CSV).
   */
  private static Planned segment(ParquetSource source, List<Column> schema, String name)
      throws DataReadException {
    for (Column col : schema) {
      if (!col.name().equals(name)) {
        continue;
      }
      String id = DuckDb.identifier(col.name());
      Mapping mapping = ParquetTypes.of(col.type());
      return switch (mapping) {
        case REAL -> new Planned(name, Mapping.REAL, "CAST(" + id + " AS DOUBLE)");
        // an integer's digits: past 2^53 a double would make neighbours one segment, and the
        // digits are the names SegmentKeys gives integers read from CSV
        case INTEGER, LABEL, DATETIME ->
            new Planned(name, Mapping.LABEL, "CAST(" + id + " AS VARCHAR)");
        case VECTOR, NESTED, BINARY, UNSUPPORTED ->
            throw new DataReadException(
                DuckDb.where(source),
                "the segment column '"
                    + name
                    + "' has type "
                    + col.type()
                    + ", which cannot split rows");
      };
    }
    throw new DataReadException(DuckDb.where(source), SegmentKeys.noColumn(name));
  }

  /**
   * How the numeric scan yields the segment. A text segment comes as its index in the list of its distinct values
   * (an ENUM's code): a {@code String} per row through JDBC would cost more than the rest of the scan (measured:
   * 2.4-2.9 s against 0.7-0.9 s for 1M rows).
   */
  private static Segmenting segmenting(Connection c, ParquetSource source, Plan plan)
      throws SQLException, DataReadException {
    Planned segment = plan.segment();
    if (segment.numeric()) {
      return new Segmenting(segment, segment.expression(), null);
    }
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT v FROM (SELECT "
                    + segment.expression()
                    + " AS v FROM "
                    + plan.relation()
                    + ") WHERE v IS NOT NULL LIMIT "
                    + (SegmentKeys.MAX_VALUES + 1))) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    if (values.size() > SegmentKeys.MAX_VALUES) {
      throw new DataReadException(DuckDb.where(source), SegmentKeys.tooManyValues(segment.name()));
    }
    if (values.isEmpty()) {
      return new Segmenting(segment, "CAST(NULL AS INTEGER)", new String[0]);
    }
    StringBuilder type = new StringBuilder("ENUM(");
    for (int i = 0; i < values.size(); i++) {
      type.append(i == 0 ? "" : ", ").append(DuckDb.literal(values.get(i)));
    }
    type.append(')');
    String code = "enum_code(CAST(" + segment.expression() + " AS " + type + "))";
    return new Segmenting(segment, code, values.toArray(String[]::new));
  }

  /** What a read with a segment column collects besides the columns. */
  private static final class Segmenting {
    final Planned segment;
    final String scanExpression;
    final String[] enumValues; // a text segment: its values by ENUM code; null for a numeric one
    final int[] keyOfEnum; // the SegmentKeys code of each ENUM code, -1 until seen
    final SegmentKeys keys = new SegmentKeys();
    final Map<String, BitSet> missingRows = new HashMap<>();
    final Map<String, LabelColumn[]> labels = new HashMap<>();
    int[] rowCodes = new int[1 << 16];
    int rows;
    int missingKey = -1;

    Segmenting(Planned segment, String scanExpression, String[] enumValues) {
      this.segment = segment;
      this.scanExpression = scanExpression;
      this.enumValues = enumValues;
      this.keyOfEnum = enumValues == null ? null : new int[enumValues.length];
      if (keyOfEnum != null) {
        Arrays.fill(keyOfEnum, -1);
      }
    }

    /** The segment code of the scan's current row. */
    int rowCode(ResultSet rs, int index) throws SQLException {
      if (enumValues == null) {
        return keys.code(segmentValue(rs, index, segment));
      }
      int e = rs.getInt(index);
      if (rs.wasNull()) {
        if (missingKey < 0) {
          missingKey = keys.code(null);
        }
        return missingKey;
      }
      if (keyOfEnum[e] < 0) {
        keyOfEnum[e] = keys.code(enumValues[e]);
      }
      return keyOfEnum[e];
    }

    void add(int code) {
      if (rows == rowCodes.length) {
        rowCodes = Arrays.copyOf(rowCodes, grow(rowCodes.length));
      }
      rowCodes[rows++] = code;
    }

    int[] codes() {
      return rows == rowCodes.length ? rowCodes : Arrays.copyOf(rowCodes, rows);
    }

    long[] rowsPerCode() {
      long[] n = new long[keys.values().size()];
      for (int i = 0; i < rows; i++) {
        n[rowCodes[i]]++;
      }
      return n;
    }
  }

  /** The segment of the current row of a scan whose segment column is at {@code index}. */
  private static String segmentValue(ResultSet rs, int index, Planned segment) throws SQLException {
    if (segment.numeric()) {
      double v = rs.getDouble(index);
      return rs.wasNull() ? null : SegmentKeys.numberKey(v);
    }
    return rs.getString(index);
  }

  /**
   * The first value of an integer column that a double does not hold (past 2^53 and changed by rounding), or null.
   * The range test comes first so that DuckDB can skip every row group whose statistics lie within ±2^53, which is
   * most data: then only the footers are read.
   */
  private static String inexactInteger(
      Connection c, ParquetSource source, String relation, String id) throws DataReadException {
    String exact = "TRY_CAST(" + id + " AS HUGEINT)";
    String sql =
        "SELECT CAST("
            + id
            + " AS VARCHAR) FROM "
            + relation
            + " WHERE ("
            + id
            + " > 9007199254740992 OR "
            + id
            + " < -9007199254740992) AND ("
            + exact
            + " IS NULL OR TRY_CAST(TRY_CAST("
            + id
            + " AS DOUBLE) AS HUGEINT) IS DISTINCT FROM "
            + exact
            + ") LIMIT 1";
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw DuckDb.failure(source, source.isSql() ? "query failed" : "cannot read Parquet", e);
    }
  }

  private static List<Column> describeQuery(Connection c, ParquetSource source, String relation)
      throws DataReadException {
    List<Column> columns = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + relation)) {
      while (rs.next()) {
        columns.add(new Column(rs.getString("column_name"), rs.getString("column_type")));
      }
    } catch (SQLException e) {
      throw DuckDb.failure(source, "query failed", e);
    }
    return columns;
  }

  // --- reading
  // ------------------------------------------------------------------------------------------------

  private static long count(Connection c, String relation) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + relation)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Streams the numeric columns into arrays; returns the rows scanned (-1 when there is no numeric column). */
  private static long readNumbers(
      Connection c,
      Plan plan,
      Long knownRows,
      LongConsumer progress,
      Map<String, RawColumn> out,
      Segmenting segmenting)
      throws SQLException {
    List<Planned> numbers = plan.numbers();
    if (numbers.isEmpty() && segmenting == null) {
      return -1;
    }
    int width = numbers.size();
    int capacity = knownRows == null ? 1 << 16 : (int) Math.min(knownRows, Integer.MAX_VALUE - 8);
    double[][] values = new double[width][capacity];
    int[] present = new int[width];
    long[] missing = new long[width];
    BitSet[] missingRows = new BitSet[width];
    if (segmenting != null) {
      for (int i = 0; i < width; i++) {
        missingRows[i] = new BitSet();
      }
    }
    long rows = 0;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(plan.numbersSql(segmenting))) {
      while (rs.next()) {
        rows++;
        if ((rows & PROGRESS_ROWS) == 0) {
          progress.accept(rows);
        }
        if (segmenting != null) {
          segmenting.add(segmenting.rowCode(rs, width + 1));
        }
        for (int i = 0; i < width; i++) {
          double v = rs.getDouble(i + 1);
          if (rs.wasNull() || !Double.isFinite(v)) {
            missing[i]++;
            if (segmenting != null) {
              missingRows[i].set((int) (rows - 1));
            }
            continue;
          }
          double[] column = values[i];
          int n = present[i];
          if (n == column.length) {
            column = Arrays.copyOf(column, grow(column.length));
            values[i] = column;
          }
          column[n] = v;
          present[i] = n + 1;
        }
      }
    }
    for (int i = 0; i < width; i++) {
      Planned p = numbers.get(i);
      double[] v =
          present[i] == values[i].length ? values[i] : Arrays.copyOf(values[i], present[i]);
      values[i] = null; // let the oversized buffer go before the next copy
      if (segmenting != null && !missingRows[i].isEmpty()) {
        segmenting.missingRows.put(p.name(), missingRows[i]);
      }
      out.put(
          p.name(),
          new NumericColumn(
              p.name(),
              v,
              missing[i],
              p.mapping() == Mapping.INTEGER && v.length > 0,
              Optional.ofNullable(p.inexactInteger())));
    }
    return rows;
  }

  // --- vectors and the row sample
  // ----------------------------------------------------------------------------

  /** The reservoir's seed: the same data gives the same sample. */
  static final int ROW_SAMPLE_SEED = 42;

  /**
   * A vector column's counts: rows with a usable vector (no null or non-finite element), and their one length.
   *
   * @param present rows with a usable vector
   * @param dimension the vectors' length
   */
  record VectorStats(long present, int dimension) {
    VectorColumn column(String name, long rows, RowSample sample) {
      List<float[]> kept = new ArrayList<>();
      sample
          .column(name)
          .ifPresent(
              cells -> {
                for (float[] v : ((RowSample.Vectors) cells).values()) {
                  if (v != null) {
                    kept.add(v);
                  }
                }
              });
      return new VectorColumn(
          name, dimension, kept.toArray(new float[0][]), present, rows - present);
    }
  }

  /**
   * Counts each list column's usable vectors and checks that they have one length; a column whose lists differ in
   * length is not an embedding and joins {@code skipped}.
   */
  private static Map<String, VectorStats> vectorStats(
      Connection c, Plan plan, List<SkippedColumn> skipped) throws SQLException {
    Map<String, VectorStats> out = new LinkedHashMap<>();
    for (Planned p : plan.vectors()) {
      String v = p.expression();
      String usable =
          v
              + " IS NOT NULL AND len("
              + v
              + ") > 0 AND list_bool_and(list_transform("
              + v
              + ", x -> x IS NOT NULL AND isfinite(x)))";
      String sql =
          "SELECT count(*) FILTER (WHERE "
              + usable
              + "), min(len("
              + v
              + ")) FILTER (WHERE "
              + usable
              + "), max(len("
              + v
              + ")) FILTER (WHERE "
              + usable
              + ") FROM "
              + plan.relation();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        long present = rs.getLong(1);
        int min = rs.getInt(2);
        int max = rs.getInt(3);
        if (present > 0 && min != max) {
          skipped.add(
              new SkippedColumn(
                  p.name(),
                  "list",
                  "lists of different lengths ("
                      + min
                      + " to "
                      + max
                      + " numbers): not an embedding, so not tested"));
          continue;
        }
        out.put(p.name(), new VectorStats(present, present > 0 ? min : 0));
      }
    }
    return out;
  }

  /**
   * A seeded sample of at most {@code size} whole rows ({@code USING SAMPLE reservoir(n ROWS) REPEATABLE (seed)}),
   * every column's cell kept: what the multivariate check reads, and where the vectors of embedding columns come from.
   */
  private static RowSample rowSample(
      Connection c,
      String relation,
      List<Planned> columns,
      Map<String, VectorStats> vectors,
      int size)
      throws SQLException {
    if (size == 0 || columns.isEmpty()) {
      return RowSample.NONE;
    }
    List<String> exprs = columns.stream().map(Planned::expression).toList();
    String sql =
        "SELECT "
            + String.join(", ", exprs)
            + " FROM "
            + relation
            + " USING SAMPLE reservoir("
            + size
            + " ROWS) REPEATABLE ("
            + ROW_SAMPLE_SEED
            + ")";
    int width = columns.size();
    List<List<Object>> cells = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      cells.add(new ArrayList<>());
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        for (int i = 0; i < width; i++) {
          Planned p = columns.get(i);
          Object cell;
          if (p.numeric()) {
            double v = rs.getDouble(i + 1);
            cell = rs.wasNull() || !Double.isFinite(v) ? Double.NaN : v;
          } else if (p.mapping() == Mapping.VECTOR) {
            cell = vector(rs.getArray(i + 1), vectors.get(p.name()).dimension());
          } else {
            cell = rs.getString(i + 1);
          }
          cells.get(i).add(cell);
        }
      }
    }
    int n = cells.get(0).size();
    List<RowSample.Cells> out = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      Planned p = columns.get(i);
      List<Object> col = cells.get(i);
      if (p.numeric()) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
          v[k] = (Double) col.get(k);
        }
        out.add(new RowSample.Numbers(p.name(), v));
      } else if (p.mapping() == Mapping.VECTOR) {
        out.add(
            new RowSample.Vectors(
                p.name(), vectors.get(p.name()).dimension(), col.toArray(new float[0][])));
      } else {
        out.add(new RowSample.Labels(p.name(), col.toArray(new String[0])));
      }
    }
    return new RowSample(n, out);
  }

  /** A list cell as a vector; null when missing or unusable (a null or non-finite element, another length). */
  private static float[] vector(java.sql.Array array, int dimension) throws SQLException {
    if (array == null) {
      return null;
    }
    Object[] values = (Object[]) array.getArray();
    if (values.length != dimension || dimension == 0) {
      return null;
    }
    float[] v = new float[dimension];
    for (int j = 0; j < dimension; j++) {
      if (!(values[j] instanceof Number x) || !Double.isFinite(x.doubleValue())) {
        return null;
      }
      v[j] = x.floatValue();
    }
    return v;
  }

  private static int grow(int length) {
    long next = Math.max(16L, (long) length * 2);
    if (next > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "a column holds more values than a Java array can: " + length);
    }
    return (int) next;
  }

  /**
   * Counts every label column's values (per segment too, with a segment column); returns the rows of the first (-1
   * when there is no label column).
   */
  private static long readLabels(
      Connection c,
      ParquetSource source,
      Plan plan,
      Map<String, RawColumn> out,
      Segmenting segmenting)
      throws SQLException, DataReadException {
    List<Planned> labels = plan.labels();
    if (labels.isEmpty()) {
      return -1;
    }
    int width = labels.size();
    int shift = segmenting == null ? 0 : 1; // the segment's column sits between labels and flags
    List<Map<String, Long>> counts = new ArrayList<>();
    long[] missing = new long[width];
    for (int i = 0; i < width; i++) {
      counts.add(new HashMap<>());
    }
    long[] rowsPerCode = segmenting == null ? null : segmenting.rowsPerCode();
    // per label column, per segment code: its counts
    List<List<Map<String, Long>>> bySegment = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(plan.labelsSql())) {
      while (rs.next()) {
        int column = -1;
        for (int i = 0; i < width && column < 0; i++) {
          if (rs.getInt(width + shift + i + 1) == 0) {
            column = i;
          }
        }
        long n = rs.getLong(2 * width + shift + 1);
        String value = rs.getString(column + 1);
        if (value == null) {
          missing[column] += n;
        } else {
          counts.get(column).merge(value, n, Long::sum);
        }
        if (segmenting != null && value != null) {
          int code = segmenting.keys.code(segmentValue(rs, width + 1, plan.segment()));
          if (code >= rowsPerCode.length) {
            throw new DataReadException(
                DuckDb.where(source),
                "the segment column '"
                    + plan.segment().name()
                    + "' gave other values in a second scan of the same data (is the query deterministic?)");
          }
          while (bySegment.size() <= column) {
            bySegment.add(new ArrayList<>());
          }
          List<Map<String, Long>> perCode = bySegment.get(column);
          while (perCode.size() <= code) {
            perCode.add(new HashMap<>());
          }
          perCode.get(code).merge(value, n, Long::sum);
        }
      }
    }
    if (segmenting != null) {
      for (int i = 0; i < width; i++) {
        List<Map<String, Long>> perCode = i < bySegment.size() ? bySegment.get(i) : List.of();
        LabelColumn[] byCode = new LabelColumn[rowsPerCode.length];
        for (int code = 0; code < byCode.length; code++) {
          Map<String, Long> m = code < perCode.size() ? perCode.get(code) : Map.of();
          byCode[code] = labelColumn(labels.get(i).name(), m, rowsPerCode[code]);
        }
        segmenting.labels.put(labels.get(i).name(), byCode);
      }
    }
    long firstRows = -1;
    for (int i = 0; i < width; i++) {
      Planned p = labels.get(i);
      List<String> names = new ArrayList<>(counts.get(i).keySet());
      names.sort(null);
      long[] n = new long[names.size()];
      long total = missing[i];
      for (int k = 0; k < n.length; k++) {
        n[k] = counts.get(i).get(names.get(k));
        total += n[k];
      }
      out.put(p.name(), new LabelColumn(p.name(), names, n, missing[i]));
      if (i == 0) {
        firstRows = total;
      }
    }
    return firstRows;
  }

  /** A label column of one segment: its counts, and its other rows missing. */
  private static LabelColumn labelColumn(String name, Map<String, Long> counts, long rows) {
    List<String> names = new ArrayList<>(counts.keySet());
    names.sort(null);
    long[] n = new long[names.size()];
    long present = 0;
    for (int k = 0; k < n.length; k++) {
      n[k] = counts.get(names.get(k));
      present += n[k];
    }
    return new LabelColumn(name, names, n, rows - present);
  }
}
