package dev.shadowpipeline.spark.job;

import dev.shadowpipeline.app.drift.NamedColumns;
import dev.shadowpipeline.app.drift.UnknownColumnException;
import dev.shadowpipeline.drift.column.ColumnTyping;
import dev.shadowpipeline.drift.column.TypeDecision;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.data.SkippedColumn;
import dev.shadowpipeline.drift.data.SourceColumns;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.ColumnStatus;
import dev.shadowpipeline.drift.engine.DatasetSummary;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.engine.Histogram;
import dev.shadowpipeline.drift.engine.SideStats;
import dev.shadowpipeline.drift.stattest.ColumnType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StructField;

/**
 * Drift between two Spark tables, decided by the drift engine. Spark counts; the engine judges.
 *
 * <p>Every column is typed by Evidently's rule over all its rows, as the local engine types it. Categorical and text
 * columns are reduced to exact counts per value by Spark ({@code groupBy}) and handed to the engine as label counts,
 * so their tests run unchanged on the same numbers. A numeric column with at most {@link JobSettings#collectLimit()}
 * values is collected and compared by the engine itself. A larger one is scanned where it lies
 * ({@link LargeNumericColumn}): exact Kolmogorov-Smirnov and Wasserstein from a distributed sort, exact bin counts for
 * the histogram distances. The columns' results then go to the engine's own dataset decision
 * ({@link DriftResult#of}), so the verdict, its status and the reports are the engine's.
 */
public final class SparkDrift {

  private final DriftOptions options;
  private final JobSettings settings;

  public SparkDrift(DriftOptions options, JobSettings settings) {
    this.options = Objects.requireNonNull(options, "options");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * A table and the name it was given by ({@code --reference data/ref/}, a table name), for messages and reports.
   *
   * @param name how the user named it
   * @param data the rows
   */
  public record Input(String name, Dataset<Row> data) {
    public Input {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(data, "data");
    }
  }

  /**
   * The verdict, and what was left out on the way.
   *
   * @param result the engine's verdict over the columns compared
   * @param notes one line per column not compared because its type cannot be (nested, binary)
   */
  public record Outcome(DriftResult result, List<String> notes) {
    public Outcome {
      Objects.requireNonNull(result, "result");
      notes = List.copyOf(notes);
    }
  }

  /**
   * Compares the two tables.
   *
   * @throws SparkInputException before anything is computed, when a column named by {@code --columns}, {@code
   *     --column-test} or {@code --column-type} is in neither table or cannot be compared (nested, binary), in the
   *     words of the local engine ({@link NamedColumns})
   */
  public Outcome compare(Input reference, Input current) {
    Map<String, SourceKind> refKinds = kinds(reference.data());
    Map<String, SourceKind> curKinds = kinds(current.data());
    Set<String> names = new LinkedHashSet<>(refKinds.keySet());
    names.addAll(curKinds.keySet());
    names.removeIf(
        n ->
            settings.excluded().contains(n)
                || (!settings.columns().isEmpty() && !settings.columns().contains(n)));
    List<String> notes = new ArrayList<>();
    List<String> compared = new ArrayList<>();
    List<SkippedColumn> skipped = new ArrayList<>();
    for (String name : names) {
      SourceKind kind = refKinds.getOrDefault(name, curKinds.get(name));
      SourceKind other = curKinds.getOrDefault(name, kind);
      if (kind == SourceKind.UNSUPPORTED || other == SourceKind.UNSUPPORTED) {
        String type = typeName(reference, current, name);
        notes.add("column '" + name + "' skipped: its type (" + type + ") is " + UNSUPPORTED);
        skipped.add(new SkippedColumn(name, type, UNSUPPORTED));
      } else {
        compared.add(name);
      }
    }
    // from the schemas alone, before the first Spark job: a typo must not cost a cluster's time
    checkNamedColumns(reference, refKinds, current, curKinds, compared, skipped);
    SideCounts refCounts = SideCounts.of(reference.data(), compared, refKinds);
    SideCounts curCounts = SideCounts.of(current.data(), compared, curKinds);

    Map<String, RawColumn> refColumns = new LinkedHashMap<>();
    Map<String, RawColumn> curColumns = new LinkedHashMap<>();
    Map<String, TypeDecision> types = new LinkedHashMap<>();
    Map<String, ColumnDrift> large = new LinkedHashMap<>();
    for (String name : compared) {
      SourceKind refKind = refKinds.get(name);
      SourceKind curKind = curKinds.get(name);
      SourceKind kind = common(refKind, curKind);
      ColumnSide ref = refKind == null ? null : new ColumnSide(reference, name, kind, refCounts);
      ColumnSide cur = curKind == null ? null : new ColumnSide(current, name, kind, curCounts);
      TypeDecision decision = decide(name, ref != null ? ref : cur);
      types.put(name, decision);
      String inexact = inexactIntegers(name, ref, cur);
      if (inexact != null) {
        // doubles merge its integers, so neither the scan nor the engine could tell them apart
        large.put(name, error(name, decision, inexact, ref, cur));
        continue;
      }
      if (decision.type() == ColumnType.NUMERIC && kind.numeric()) {
        long n1 = ref == null ? 0 : ref.present();
        long n2 = cur == null ? 0 : cur.present();
        if (ref != null && cur != null && n1 > 0 && n2 > 0 && n1 + n2 > settings.collectLimit()) {
          large.put(
              name,
              new LargeNumericColumn(options, settings)
                  .compare(name, decision, ref, cur, reference.name(), current.name()));
          continue;
        }
        if (ref != null) {
          refColumns.put(name, ref.numbers());
        }
        if (cur != null) {
          curColumns.put(name, cur.numbers());
        }
      } else {
        // categorical and text: exact counts per value; text configured as numeric goes the same
        // way, and the
        // engine parses its labels and names the first that is not a number
        if (ref != null) {
          refColumns.put(name, ref.labels());
        }
        if (cur != null) {
          curColumns.put(name, cur.labels());
        }
      }
    }
    dev.shadowpipeline.drift.data.Dataset refData =
        new dev.shadowpipeline.drift.data.Dataset(
            reference.name(), refColumns, refCounts.rows(), 0, List.of());
    dev.shadowpipeline.drift.data.Dataset curData =
        new dev.shadowpipeline.drift.data.Dataset(
            current.name(), curColumns, curCounts.rows(), 0, List.of());
    DriftResult engine = DriftEngine.standard(options).compare(refData, curData, types);
    Map<String, ColumnDrift> byName = new LinkedHashMap<>();
    for (ColumnDrift c : engine.columns()) {
      byName.put(c.name(), c);
    }
    byName.putAll(large);
    List<ColumnDrift> columns = new ArrayList<>();
    for (String name : compared) {
      columns.add(byName.get(name));
    }
    DatasetSummary refSummary =
        new DatasetSummary(
            reference.name(), refCounts.rows(), countIn(compared, refKinds), 0, List.of());
    DatasetSummary curSummary =
        new DatasetSummary(
            current.name(), curCounts.rows(), countIn(compared, curKinds), 0, List.of());
    DriftResult result =
        DriftResult.of(
            refSummary, curSummary, columns, options.driftShare(), options.missingShareThreshold());
    return new Outcome(result, notes);
  }

  /**
   * Why a column cannot be compared, as the local engine words it, when a side holds an integer that a double changes;
   * null when none does, when the column is typed categorical or text (its labels are then the integers themselves,
   * {@link ColumnSide#labels()}), or when a side has no column or no value (the engine's status says so first).
   */
  private String inexactIntegers(String name, ColumnSide ref, ColumnSide cur) {
    if (ref == null || cur == null || ref.present() == 0 || cur.present() == 0) {
      return null;
    }
    ColumnType configured = options.columnTypes().get(name);
    if (configured == ColumnType.CATEGORICAL || configured == ColumnType.TEXT) {
      return null;
    }
    if (ref.inexactInteger() != null) {
      return DriftEngine.inexactIntegers(name, ref.inexactInteger(), true);
    }
    if (cur.inexactInteger() != null) {
      return DriftEngine.inexactIntegers(name, cur.inexactInteger(), false);
    }
    return null;
  }

  /** An error column as the local engine gives it: no result, no histogram. */
  private ColumnDrift error(
      String name, TypeDecision decision, String problem, ColumnSide ref, ColumnSide cur) {
    SideStats refSide = SideStats.of(ref.rows(), ref.missing());
    SideStats curSide = SideStats.of(cur.rows(), cur.missing());
    return new ColumnDrift(
        name,
        decision.type(),
        decision.reason(),
        ColumnStatus.ERROR,
        problem,
        null,
        refSide,
        curSide,
        0,
        List.of(),
        Histogram.empty(),
        options.missingShareMoved(ColumnStatus.ERROR, refSide, curSide));
  }

  private static int countIn(List<String> names, Map<String, SourceKind> kinds) {
    int n = 0;
    for (String name : names) {
      if (kinds.containsKey(name)) {
        n++;
      }
    }
    return n;
  }

  /** Why a nested or binary column is not compared. */
  private static final String UNSUPPORTED =
      "nested or binary; drift compares numbers, booleans, text, dates and times";

  /**
   * Refuses names given to {@code --columns}, {@code --column-test} or {@code --column-type} that no table has or
   * whose column is not compared, as {@code shadow drift} does on the local engine.
   */
  private void checkNamedColumns(
      Input reference,
      Map<String, SourceKind> refKinds,
      Input current,
      Map<String, SourceKind> curKinds,
      List<String> compared,
      List<SkippedColumn> skipped) {
    Map<String, Set<String>> byColumn = new LinkedHashMap<>();
    byColumn.put("column-test", new TreeSet<>(options.byColumn().keySet()));
    byColumn.put("column-type", new TreeSet<>(options.columnTypes().keySet()));
    try {
      NamedColumns.check(
          side(reference, refKinds, compared, skipped),
          side(current, curKinds, compared, skipped),
          settings.columns(),
          settings.excluded(),
          byColumn);
    } catch (UnknownColumnException e) {
      throw new SparkInputException("--" + e.setting() + ": " + e.getMessage());
    }
  }

  private static SourceColumns side(
      Input input,
      Map<String, SourceKind> kinds,
      List<String> compared,
      List<SkippedColumn> skipped) {
    return new SourceColumns(
        input.name(),
        new ArrayList<>(kinds.keySet()),
        compared.stream().filter(kinds::containsKey).collect(Collectors.toSet()),
        skipped.stream().filter(c -> kinds.containsKey(c.name())).toList());
  }

  private static String typeName(Input reference, Input current, String name) {
    Dataset<Row> data =
        List.of(reference.data().columns()).contains(name) ? reference.data() : current.data();
    return data.schema().apply(name).dataType().simpleString();
  }

  private static Map<String, SourceKind> kinds(Dataset<Row> data) {
    Map<String, SourceKind> kinds = new LinkedHashMap<>();
    for (StructField field : data.schema().fields()) {
      kinds.put(field.name(), SourceKind.of(field.dataType()));
    }
    return kinds;
  }

  /** Both sides read alike: numbers when both hold numbers (an int on one side, a double on the other: numbers). */
  private static SourceKind common(SourceKind ref, SourceKind cur) {
    if (ref == null || cur == null || ref == cur) {
      return ref != null ? ref : cur;
    }
    if (ref.numeric() && cur.numeric()) {
      return SourceKind.FLOAT;
    }
    return SourceKind.TEXT;
  }

  /** The configured type, or Evidently's rule over the typing side's full data ({@link ColumnTyping}). */
  private TypeDecision decide(String name, ColumnSide side) {
    ColumnType configured = options.columnTypes().get(name);
    if (configured != null) {
      return new TypeDecision(configured, "configured");
    }
    return switch (side.kind()) {
      case FLOAT -> new TypeDecision(ColumnType.NUMERIC, "float");
      case BOOLEAN -> new TypeDecision(ColumnType.CATEGORICAL, "boolean");
      case INTEGER -> {
        if (side.missing() > 0) {
          yield new TypeDecision(ColumnType.NUMERIC, "integers with missing values (float)");
        }
        long distinct = side.distinctUpTo(ColumnTyping.MAX_CATEGORICAL_INTEGERS + 1);
        yield distinct <= ColumnTyping.MAX_CATEGORICAL_INTEGERS
            ? new TypeDecision(
                ColumnType.CATEGORICAL, "integer with " + distinct + " distinct values")
            : new TypeDecision(
                ColumnType.NUMERIC,
                "integer with more than "
                    + ColumnTyping.MAX_CATEGORICAL_INTEGERS
                    + " distinct values");
      }
      default -> ColumnTyping.infer(side.labels());
    };
  }

  /**
   * Rows and missing cells of every column of one side, in one aggregation, and for each column that can hold integers
   * past 2^53 ({@link SourceKind#mayPassDoubles}) its least value that a double changes, if any.
   */
  record SideCounts(long rows, Map<String, Long> missing, Map<String, String> inexactIntegers) {
    static SideCounts of(Dataset<Row> data, List<String> names, Map<String, SourceKind> kinds) {
      List<Column> aggs = new ArrayList<>();
      aggs.add(functions.count(functions.lit(1)).as("__rows"));
      List<String> present = new ArrayList<>();
      List<String> probed = new ArrayList<>();
      for (String name : names) {
        SourceKind kind = kinds.get(name);
        if (kind == null) {
          continue;
        }
        present.add(name);
        aggs.add(
            functions
                .sum(functions.when(kind.missing(data.col(quote(name))), 1L).otherwise(0L))
                .as("m" + present.size()));
      }
      for (String name : present) {
        DataType type = data.schema().apply(name).dataType();
        if (SourceKind.mayPassDoubles(type)) {
          probed.add(name);
          Column c = data.col(quote(name));
          // the least, not any, so that a rerun names the same example
          aggs.add(functions.min(functions.when(inexact(c, type), c)).as("x" + probed.size()));
        }
      }
      Row row = data.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
      Map<String, Long> missing = new LinkedHashMap<>();
      for (int i = 0; i < present.size(); i++) {
        missing.put(present.get(i), row.isNullAt(i + 1) ? 0L : row.getLong(i + 1));
      }
      Map<String, String> inexact = new LinkedHashMap<>();
      for (int i = 0; i < probed.size(); i++) {
        int at = 1 + present.size() + i;
        if (!row.isNullAt(at)) {
          inexact.put(probed.get(i), integerText(row.get(at)));
        }
      }
      return new SideCounts(row.getLong(0), missing, inexact);
    }

    /**
     * Whether an integer cell is one a double changes: past ±2^53 (below, every integer is a double) and not equal to
     * its double. A long is compared with its double cast back (null when that is 2^63, past the longs); a wide
     * decimal by {@link #changedByDouble}, since Spark turns a double into a decimal through its shortest decimal
     * string (2^62 would come back as 4611686018427388000).
     */
    private static Column inexact(Column c, DataType type) {
      Column pastDoubles = c.gt(functions.lit(EXACT_LIMIT)).or(c.lt(functions.lit(-EXACT_LIMIT)));
      if (type instanceof LongType) {
        Column back = c.cast("double").try_cast("bigint");
        return pastDoubles.and(back.isNull().or(back.notEqual(c)));
      }
      // when, not and: the function runs only on the rare cells past 2^53
      return functions
          .when(pastDoubles, functions.udf(CHANGED_BY_DOUBLE, DataTypes.BooleanType).apply(c))
          .otherwise(false);
    }

    private static final UDF1<BigDecimal, Boolean> CHANGED_BY_DOUBLE = SideCounts::changedByDouble;

    private static Boolean changedByDouble(BigDecimal v) {
      // BigDecimal.doubleValue rounds as Spark's cast to double does; new BigDecimal(double) is
      // exact
      return v != null && new BigDecimal(v.doubleValue()).compareTo(v) != 0;
    }
  }

  /** 2^53: every integer up to it in magnitude is a double. */
  private static final long EXACT_LIMIT = 1L << 53;

  /** An integer cell (a long, or a decimal of scale 0) written in full. */
  static String integerText(Object value) {
    return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
  }

  /** A column name as Spark resolves it literally (dots and spaces included). */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** One side of one column, with what Spark counted for it. */
  static final class ColumnSide {
    private final Input input;
    private final String name;
    private final SourceKind kind;
    private final long rows;
    private final long missing;
    private final String inexactInteger;
    private LabelColumn labels;

    ColumnSide(Input input, String name, SourceKind kind, SideCounts counts) {
      this.input = input;
      this.name = name;
      this.kind = kind;
      this.rows = counts.rows();
      this.missing = counts.missing().get(name);
      this.inexactInteger = counts.inexactIntegers().get(name);
    }

    /** This side's least integer that a double changes, or null when it has none. */
    String inexactInteger() {
      return inexactInteger;
    }

    SourceKind kind() {
      return kind;
    }

    long rows() {
      return rows;
    }

    long missing() {
      return missing;
    }

    long present() {
      return rows - missing;
    }

    Input input() {
      return input;
    }

    Column column() {
      return input.data().col(quote(name));
    }

    /** The present values, one double column named {@code v} (numeric kinds only). */
    Dataset<Row> values() {
      return input
          .data()
          .where(functions.not(kind.missing(column())))
          .select(column().cast("double").as("v"));
    }

    long distinctUpTo(int limit) {
      return values().distinct().limit(limit).count();
    }

    /** The values collected to the driver, as the local reader holds them. */
    NumericColumn numbers() {
      List<Row> rows = values().collectAsList();
      double[] v = new double[rows.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = rows.get(i).getDouble(0);
      }
      return new NumericColumn(name, v, missing, kind == SourceKind.INTEGER && missing == 0);
    }

    /**
     * Exact counts per value, labelled as the local engine labels them: numbers by
     * {@link DriftEngine#categoryName(double)} in numeric order, text in natural string order.
     */
    LabelColumn labels() {
      if (labels != null) {
        return labels;
      }
      Dataset<Row> present = input.data().where(functions.not(kind.missing(column())));
      List<String> names = new ArrayList<>();
      List<Long> counts = new ArrayList<>();
      if (inexactInteger != null) {
        // integers a double changes: counted by their exact value and named in full, as the local
        // engine names the text it reads them as (and as categoryName names every smaller integer)
        for (Row r : present.groupBy(column().as("v")).count().orderBy("v").collectAsList()) {
          names.add(integerText(r.get(0)));
          counts.add(r.getLong(1));
        }
      } else if (kind.numeric()) {
        for (Row r :
            present.groupBy(column().cast("double").as("v")).count().orderBy("v").collectAsList()) {
          names.add(DriftEngine.categoryName(r.getDouble(0)));
          counts.add(r.getLong(1));
        }
      } else {
        List<Row> rows = present.groupBy(column().cast("string").as("v")).count().collectAsList();
        Map<String, Long> sorted = new TreeMap<>();
        for (Row r : rows) {
          sorted.put(r.getString(0), r.getLong(1));
        }
        sorted.forEach(
            (k, c) -> {
              names.add(k);
              counts.add(c);
            });
      }
      long[] c = new long[counts.size()];
      for (int i = 0; i < c.length; i++) {
        c[i] = counts.get(i);
      }
      labels = new LabelColumn(name, names, c, missing);
      return labels;
    }
  }
}
