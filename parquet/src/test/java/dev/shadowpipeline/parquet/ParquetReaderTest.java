package dev.shadowpipeline.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.drift.data.DataReadException;
import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.data.SkippedColumn;
import dev.shadowpipeline.drift.data.ValueKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetReaderTest {

  @TempDir Path dir;

  private static final String TYPES =
      "SELECT * FROM (VALUES "
          + "(1::TINYINT, 10::BIGINT, 18446744073709551615::UBIGINT, 1.5::FLOAT, 2.25::DOUBLE,"
          + " 12.34::DECIMAL(10,2), 7::DECIMAL(18,0), true, 'red', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::UUID,"
          + " DATE '2026-11-28', TIMESTAMP '2026-11-28 10:00:00', TIMESTAMPTZ '2026-11-28 10:00:00+02',"
          + " 'ab'::BLOB, {'x': 1}, [1, 2], MAP {'k': 1}),"
          + "(NULL, 20, 1, 'NaN'::FLOAT, 'inf'::DOUBLE, NULL, 8, false, NULL, NULL, NULL, NULL, NULL, NULL,"
          + " NULL, NULL, NULL),"
          + "(3, 30, 2, -0.5, 4.0, -1.00, 9, NULL, 'blue', NULL, DATE '2026-11-29', NULL, NULL, NULL, NULL,"
          + " NULL, NULL)"
          + ") t(i8, i64, u64, f, d, dec, dec0, b, s, uid, day, ts, tstz, raw, st, lst, m)";

  @Test
  void mapsEveryParquetTypeToNumbersLabelsOrANote() throws Exception {
    Path file = ParquetFixtures.write(dir.resolve("types.parquet"), TYPES);

    Dataset d = ParquetReader.read(ParquetSource.of(file), ReadOptions.DEFAULTS);

    assertThat(d.source()).isEqualTo("types.parquet");
    assertThat(d.rows()).isEqualTo(3);
    assertThat(d.badRowCount()).isZero();
    assertThat(d.columnNames())
        .containsExactly("i8", "i64", "u64", "f", "d", "dec", "dec0", "b", "s", "uid");
    assertNumbers(d, "i8", true, 1, 1.0, 3.0);
    assertNumbers(d, "i64", true, 0, 10.0, 20.0, 30.0);
    assertNumbers(d, "u64", true, 0, 18446744073709551615.0, 1.0, 2.0);
    // NaN and inf are missing values, as in CSV and in Evidently
    assertNumbers(d, "f", false, 1, 1.5, -0.5);
    assertNumbers(d, "d", false, 1, 2.25, 4.0);
    assertNumbers(d, "dec", false, 1, 12.34, -1.0);
    assertNumbers(d, "dec0", true, 0, 7.0, 8.0, 9.0);
    assertLabels(d, "b", 1, Map.of("false", 1L, "true", 1L));
    assertThat(((LabelColumn) d.columns().get("b")).booleanLabels()).isTrue();
    assertLabels(d, "s", 1, Map.of("blue", 1L, "red", 1L));
    assertLabels(d, "uid", 2, Map.of("6ba7b810-9dad-11d1-80b4-00c04fd430c8", 1L));
    assertThat(d.skippedColumns())
        .extracting(SkippedColumn::name, SkippedColumn::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("day", "DATE"),
            org.assertj.core.groups.Tuple.tuple("ts", "TIMESTAMP"),
            org.assertj.core.groups.Tuple.tuple("tstz", "TIMESTAMP WITH TIME ZONE"),
            org.assertj.core.groups.Tuple.tuple("raw", "BLOB"),
            org.assertj.core.groups.Tuple.tuple("st", "STRUCT(x INTEGER)"),
            org.assertj.core.groups.Tuple.tuple("lst", "INTEGER[]"),
            org.assertj.core.groups.Tuple.tuple("m", "MAP(VARCHAR, INTEGER)"));
    assertThat(d.skippedColumns().get(0).reason()).startsWith("datetime");
    assertThat(d.skippedColumns().get(4).reason()).startsWith("nested");
  }

  @Test
  void datetimesAreReadWhenTheirTypeIsSet() throws Exception {
    Path file = ParquetFixtures.write(dir.resolve("types.parquet"), TYPES);
    ReadOptions options =
        ReadOptions.DEFAULTS
            .withColumns(Set.of("day", "tstz"), Set.of())
            .withKinds(Map.of("tstz", ValueKind.NUMBER, "day", ValueKind.LABEL));

    Dataset d = ParquetReader.read(ParquetSource.of(file), options);

    // 2026-11-28T08:00:00Z = 1795852800 s since the epoch (python3:
    // datetime(2026,11,28,8,tzinfo=timezone.utc)
    // .timestamp())
    assertNumbers(d, "tstz", false, 2, 1795852800.0);
    assertLabels(d, "day", 1, Map.of("2026-11-28", 1L, "2026-11-29", 1L));
    assertThat(d.skippedColumns()).isEmpty();
  }

  @Test
  void anUnsupportedTypeIsRefusedNamingTheColumnUnlessLeftOut() throws Exception {
    Path file =
        ParquetFixtures.write(
            dir.resolve("iv.parquet"), "SELECT 1.5 AS x, INTERVAL 3 DAY AS wait_time");

    assertThatThrownBy(() -> ParquetReader.read(ParquetSource.of(file), ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class)
        .hasMessage(
            file
                + ": column 'wait_time' has type INTERVAL, which drift cannot read; leave it out with"
                + " --exclude wait_time");
    Dataset d =
        ParquetReader.read(
            ParquetSource.of(file),
            ReadOptions.DEFAULTS.withColumns(Set.of(), Set.of("wait_time")));
    assertThat(d.columnNames()).containsExactly("x");
  }

  @Test
  void aGlobReadsEveryMatchingFileInOrder() throws Exception {
    for (int day = 1; day <= 3; day++) {
      ParquetFixtures.write(
          dir.resolve("data/2026-11-0" + day + ".parquet"),
          "SELECT " + day + " * 100 + range AS v FROM range(" + day + ")");
    }
    ParquetFixtures.write(dir.resolve("data/2026-10-31.parquet"), "SELECT 999 AS v");

    Dataset d =
        ParquetReader.read(
            ParquetSource.of(dir.resolve("data/2026-11-*.parquet")), ReadOptions.DEFAULTS);

    assertThat(d.rows()).isEqualTo(6);
    assertThat(sorted(((NumericColumn) d.columns().get("v")).values()))
        .containsExactly(100, 200, 201, 300, 301, 302);
    assertThat(d.source()).isEqualTo(dir.resolve("data/2026-11-*.parquet").toString());
  }

  @Test
  void aGlobMatchingNothingIsOneClearError() {
    Path glob = dir.resolve("data/2027-*.parquet");
    assertThatThrownBy(() -> ParquetReader.read(ParquetSource.of(glob), ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class)
        .hasMessage(glob + ": no file matches this pattern");
    Path empty = dir.resolve("empty");
    assertThatThrownBy(
            () -> {
              Files.createDirectories(empty);
              ParquetReader.read(ParquetSource.of(empty), ReadOptions.DEFAULTS);
            })
        .isInstanceOf(DataReadException.class)
        .hasMessage(
            empty
                + ": a directory with no .parquet file in it or below it (a directory is read as"
                + " Parquet files; to read a CSV or JSONL file, give its path)");
  }

  @Test
  void hivePartitionsBecomeColumns() throws Exception {
    Path lake = dir.resolve("lake");
    ParquetFixtures.write(
        lake.resolve("day=2026-11-28/region=eu/part-0.parquet"),
        "SELECT 1.5 AS x UNION ALL SELECT 2.5");
    ParquetFixtures.write(
        lake.resolve("day=2026-11-28/region=us/part-0.parquet"), "SELECT 3.5 AS x");
    ParquetFixtures.write(
        lake.resolve("day=2026-11-29/region=eu/part-0.parquet"), "SELECT 4.5 AS x");

    Dataset d = ParquetReader.read(ParquetSource.of(lake), ReadOptions.DEFAULTS);

    assertThat(d.source()).isEqualTo(lake.toString());
    assertThat(d.rows()).isEqualTo(4);
    assertThat(sorted(((NumericColumn) d.columns().get("x")).values()))
        .containsExactly(1.5, 2.5, 3.5, 4.5);
    assertLabels(d, "region", 0, Map.of("eu", 3L, "us", 1L));
    // DuckDB types day=2026-11-28 as a DATE: a datetime, left out with a note
    assertThat(d.skippedColumns()).extracting(SkippedColumn::name).containsExactly("day");

    Dataset typed =
        ParquetReader.read(
            ParquetSource.of(lake), ReadOptions.DEFAULTS.withKinds(Map.of("day", ValueKind.LABEL)));
    assertLabels(typed, "day", 0, Map.of("2026-11-28", 3L, "2026-11-29", 1L));
  }

  @Test
  void partitionsThatDisagreeAreOneErrorNamingBothFilesAndTheColumn() throws Exception {
    Path lake = dir.resolve("lake");
    ParquetFixtures.write(lake.resolve("day=1/part-0.parquet"), "SELECT 1.5 AS x, 'a' AS s");
    ParquetFixtures.write(lake.resolve("day=2/part-0.parquet"), "SELECT 2 AS x, 'b' AS s");

    assertThatThrownBy(() -> ParquetReader.read(ParquetSource.of(lake), ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class)
        .hasMessage(
            lake
                + ": partitions disagree on their schema: column 'x' is DECIMAL(2,1) in day=1/part-0.parquet"
                + " but INTEGER in day=2/part-0.parquet");

    ParquetFixtures.write(lake.resolve("day=2/part-0.parquet"), "SELECT 2.5 AS x");
    assertThatThrownBy(() -> ParquetReader.read(ParquetSource.of(lake), ReadOptions.DEFAULTS))
        .hasMessage(
            lake
                + ": partitions disagree on their schema: day=2/part-0.parquet has no column 's'"
                + " (day=1/part-0.parquet has)");
  }

  @Test
  void aCorruptOrTruncatedFileIsNamed() throws Exception {
    Path good =
        ParquetFixtures.write(dir.resolve("data/a.parquet"), "SELECT range AS v FROM range(1000)");
    byte[] bytes = Files.readAllBytes(good);
    Path truncated =
        Files.write(dir.resolve("data/b.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
    Path garbage =
        Files.writeString(dir.resolve("garbage.parquet"), "this is not parquet at all\n");

    assertThatThrownBy(() -> ParquetReader.read(ParquetSource.of(truncated), ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class)
        .hasMessageStartingWith(truncated + ": not a readable Parquet file: ")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> ParquetReader.read(ParquetSource.of(garbage), ReadOptions.DEFAULTS))
        .hasMessageStartingWith(garbage + ": not a readable Parquet file: ");
    Path glob = dir.resolve("data/*.parquet");
    assertThatThrownBy(() -> ParquetReader.read(ParquetSource.of(glob), ReadOptions.DEFAULTS))
        .hasMessageStartingWith(glob + ": file b.parquet: not a readable Parquet file: ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void onlyTheChosenColumnsAreScanned() throws Exception {
    String wide =
        IntStream.range(0, 40)
            .mapToObj(i -> "random() AS c" + i)
            .collect(Collectors.joining(", ", "SELECT ", " FROM range(100)"));
    Path file = ParquetFixtures.write(dir.resolve("wide.parquet"), wide);
    ReadOptions two = ReadOptions.DEFAULTS.withColumns(Set.of("c3", "c17"), Set.of());

    Dataset d = ParquetReader.read(ParquetSource.of(file), two);

    assertThat(d.columnNames()).containsExactly("c3", "c17");
    // the evidence: DuckDB's plan for the scan projects exactly the two columns out of the file
    try (Connection c = DuckDb.open()) {
      ParquetReader.Plan plan = ParquetReader.plan(c, ParquetSource.of(file), two);
      String explained = explain(c, plan.numbersSql());
      assertThat(explained).contains("READ_PARQUET");
      assertThat(projections(explained)).containsExactlyInAnyOrder("c3", "c17");
    }
  }

  @Test
  void progressCountsBothFilesTogetherUpToTheirSize() throws Exception {
    Path a =
        ParquetFixtures.write(dir.resolve("a.parquet"), "SELECT random() AS x FROM range(300000)");
    Path b =
        ParquetFixtures.write(dir.resolve("b.parquet"), "SELECT random() AS x FROM range(200000)");
    long total = Files.size(a) + Files.size(b);
    List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    ParquetReader.readPair(
        ParquetSource.of(a), ParquetSource.of(b), ReadOptions.DEFAULTS.withProgress(seen::add));
    // one report per 65,536 rows of either file: 4 + 3
    assertThat(seen).hasSize(7).allSatisfy(bytes -> assertThat(bytes).isBetween(1L, total));
    assertThat(seen.stream().mapToLong(Long::longValue).max().orElseThrow())
        .isGreaterThan(total / 2);
  }

  @Test
  void aQueryIsASource() throws Exception {
    Path lake = dir.resolve("lake");
    ParquetFixtures.write(
        lake.resolve("day=2026-11-01/p.parquet"), "SELECT range * 1.5 AS x FROM range(4)");
    ParquetFixtures.write(
        lake.resolve("day=2026-11-02/p.parquet"), "SELECT range * 1.5 AS x FROM range(9)");
    String sql =
        "SELECT x FROM read_parquet('"
            + lake
            + "/*/*.parquet', hive_partitioning = true) WHERE day = '2026-11-01'";

    Dataset d = ParquetReader.read(ParquetSource.sql("--reference-sql", sql), ReadOptions.DEFAULTS);

    assertThat(d.rows()).isEqualTo(4);
    assertNumbers(d, "x", false, 0, 0.0, 1.5, 3.0, 4.5);

    assertThatThrownBy(
            () ->
                ParquetReader.read(
                    ParquetSource.sql("--reference-sql", "SELEC x FROM nowhere"),
                    ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class)
        .hasMessageStartingWith("--reference-sql: query failed: Parser Error: ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void writesWhatItReadsBack() throws Exception {
    Dataset data =
        new Dataset(
            "sim",
            Map.of(
                "age", new NumericColumn("age", new double[] {30.25, 41.5, -2.0}, 0, false),
                "clicks", new NumericColumn("clicks", new double[] {3, 99, 0}, 0, true)),
            3,
            0,
            List.of());
    Path file = dir.resolve("out/reference.parquet");

    ParquetWriter.write(file, data);
    Dataset back = ParquetReader.read(ParquetSource.of(file), ReadOptions.DEFAULTS);

    assertNumbers(back, "age", false, 0, 30.25, 41.5, -2.0);
    assertNumbers(back, "clicks", true, 0, 3, 99, 0);
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("reference.parquet");
    }
  }

  // --- helpers

  private static void assertNumbers(
      Dataset d, String name, boolean integers, long missing, double... values) {
    NumericColumn c = (NumericColumn) d.columns().get(name);
    assertThat(c.values()).as(name).containsExactly(values);
    assertThat(c.integerLiterals()).as(name + " integers").isEqualTo(integers);
    assertThat(c.missing()).as(name + " missing").isEqualTo(missing);
  }

  private static void assertLabels(Dataset d, String name, long missing, Map<String, Long> counts) {
    LabelColumn c = (LabelColumn) d.columns().get(name);
    assertThat(c.labels())
        .as(name)
        .containsExactlyElementsOf(counts.keySet().stream().sorted().toList());
    for (int i = 0; i < c.labels().size(); i++) {
      assertThat(c.counts()[i])
          .as(name + " " + c.labels().get(i))
          .isEqualTo(counts.get(c.labels().get(i)));
    }
    assertThat(c.missing()).as(name + " missing").isEqualTo(missing);
  }

  private static double[] sorted(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s;
  }

  private static String explain(Connection c, String sql) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
      while (rs.next()) {
        out.append(rs.getString(2)).append('\n');
      }
    }
    return out.toString();
  }

  /** The column names under "Projections:" in the READ_PARQUET box of a DuckDB plan. */
  private static List<String> projections(String plan) {
    List<String> names = new ArrayList<>();
    boolean in = false;
    for (String line : plan.lines().toList()) {
      String cell = line.replaceAll("[│┌┐└┘─┬┴]", "").strip();
      if (cell.startsWith("Projections:")) {
        in = true;
        cell = cell.substring("Projections:".length()).strip();
      } else if (in && (cell.isEmpty() || cell.startsWith("~"))) {
        break;
      }
      if (in && !cell.isEmpty()) {
        names.add(cell);
      }
    }
    return names;
  }
}
