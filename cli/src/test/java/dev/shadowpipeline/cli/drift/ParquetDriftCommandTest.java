package dev.shadowpipeline.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow drift} on Parquet end to end: the same data as CSV and as Parquet gives the same statistics, globs,
 * folders and queries are inputs, and every kind of bad Parquet input is one line and exit 2 with no report written.
 * The test files are written by DuckDB (the library that reads them) from SQL.
 */
class ParquetDriftCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /**
   * Mixed data: reals with nulls, integers with few and many distinct values, strings, booleans. {@code seed} makes
   * reference and current differ; values have two decimals so that CSV text and Parquet doubles are the same
   * numbers.
   */
  private static String data(double seed, int shift) {
    return "SELECT round(((hash(range * 7 + "
        + shift
        + ") % 100000) / 1000.0) + "
        + shift
        + " * 0.5, 2) AS income,"
        + " CASE WHEN range % 13 = 0 THEN NULL ELSE round((hash(range + "
        + shift
        + ") % 1000) / 7.0, 2) END AS score,"
        + " (range + "
        + shift
        + ") % 5 AS segment,"
        + " (hash(range * 3) % 500)::BIGINT AS visits,"
        + " ['red', 'green', 'blue', 'grey'][((range + "
        + shift
        + ") % 4) + 1] AS colour,"
        + " (range % 3 = 0) AS returning"
        + " FROM range(3000) WHERE "
        + seed
        + " >= 0";
  }

  private void write(String select, Path file, String format) throws Exception {
    Files.createDirectories(file.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (" + select + ") TO '" + file + "' (FORMAT " + format + ")"); // temp dir: no quotes
    }
  }

  private CliRun drift(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "drift";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--out";
    all[args.length + 2] = dir.resolve("out").toString();
    return CliRun.run(all);
  }

  private JsonNode report() throws Exception {
    return JSON.readTree(dir.resolve("out/drift_report.json").toFile());
  }

  /** The report without what names the input files: everything left must be equal. */
  private static JsonNode withoutSources(JsonNode report) {
    ObjectNode copy = report.deepCopy();
    for (String side : new String[] {"reference", "current"}) {
      if (copy.get(side) instanceof ObjectNode o) {
        o.remove(List.of("source", "location", "kind", "modified")); // which file, and when
      }
    }
    copy.remove(List.of("generated_at", "run_at"));
    return copy;
  }

  @Test
  void theSameDataAsCsvAndAsParquetGivesTheSameReport() throws Exception {
    for (String format : new String[] {"csv", "parquet"}) {
      write(data(1, 0), dir.resolve("in/reference." + format), format);
      write(data(2, 1), dir.resolve("in/current." + format), format);
    }

    CliRun csv =
        drift(
            "--reference",
            dir.resolve("in/reference.csv").toString(),
            "--current",
            dir.resolve("in/current.csv").toString());
    assertThat(csv.exitCode()).as(csv.err()).isZero();
    JsonNode fromCsv = report();
    CliRun parquet =
        drift(
            "--reference",
            dir.resolve("in/reference.parquet").toString(),
            "--current",
            dir.resolve("in/current.parquet").toString());
    assertThat(parquet.exitCode()).as(parquet.err()).isZero();
    JsonNode fromParquet = report();

    assertThat(fromParquet.get("columns")).hasSize(6);
    assertThat(withoutSources(fromParquet)).isEqualTo(withoutSources(fromCsv));
    // the typing that makes the tests chosen the same: few integers categorical, booleans
    // categorical
    assertThat(fromParquet.at("/columns/2/type").asText()).isEqualTo("categorical");
    assertThat(fromParquet.at("/columns/5/type").asText()).isEqualTo("categorical");
    assertThat(fromParquet.at("/columns/1/reference/missing").asLong())
        .isEqualTo(231); // ceil(3000/13)
  }

  @Test
  void simulateWritesParquetThatDriftReadsAsTheCsv() throws Exception {
    Path data = dir.resolve("data");
    for (String format : new String[] {"csv", "parquet"}) {
      CliRun sim =
          CliRun.run("simulate", "--out", data.toString(), "--rows", "2000", "--format", format);
      assertThat(sim.exitCode()).as(sim.err()).isZero();
    }
    assertThat(data.resolve("reference.parquet")).exists();

    drift(
        "--reference",
        data.resolve("reference.csv").toString(),
        "--current",
        data.resolve("current.csv").toString());
    JsonNode fromCsv = report();
    CliRun run =
        drift(
            "--reference",
            data.resolve("reference.parquet").toString(),
            "--current",
            data.resolve("current.parquet").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();

    assertThat(withoutSources(report())).isEqualTo(withoutSources(fromCsv));
    assertThat(run.out()).contains("Drift Detected: true");
    assertThat(CliRun.run("simulate", "--out", data.toString(), "--format", "xlsx").errLines())
        .containsExactly("error: --format must be csv or parquet: xlsx");
  }

  @Test
  void globsFoldersAndQueriesAreInputs() throws Exception {
    for (int day = 1; day <= 3; day++) {
      write(data(day, day), dir.resolve("lake/day=2026-11-0" + day + "/part-0.parquet"), "parquet");
    }

    CliRun folder =
        drift(
            "--reference",
            dir.resolve("lake/day=2026-11-01").toString(),
            "--current",
            dir.resolve("lake/day=2026-11-0[23]/*.parquet").toString());
    assertThat(folder.exitCode()).as(folder.err()).isZero();
    assertThat(report().at("/reference/rows").asLong()).isEqualTo(3000);
    assertThat(report().at("/current/rows").asLong()).isEqualTo(6000);
    assertThat(report().at("/reference/kind").asText()).isEqualTo("folder");
    assertThat(report().at("/reference/modified").isTextual()).isTrue();
    assertThat(report().at("/current/kind").asText()).isEqualTo("glob");
    assertThat(report().at("/current/modified").isNull()).isTrue();

    CliRun sql =
        drift(
            "--reference-sql",
            "SELECT * FROM read_parquet('"
                + dir.resolve("lake")
                + "/*/*.parquet') WHERE day = '2026-11-01'",
            "--current",
            dir.resolve("lake").toString(),
            "--columns",
            "income,colour");
    assertThat(sql.exitCode()).as(sql.err()).isZero();
    assertThat(report().at("/reference/rows").asLong()).isEqualTo(3000);
    assertThat(report().at("/current/rows").asLong()).isEqualTo(9000);
    assertThat(report().at("/reference/kind").asText()).isEqualTo("query");
    assertThat(report().at("/reference/location").asText())
        .startsWith("--reference-sql: SELECT * FROM read_parquet(");
    assertThat(report().get("columns")).hasSize(2);

    CliRun both =
        drift(
            "--reference",
            dir.resolve("lake").toString(),
            "--reference-sql",
            "SELECT 1",
            "--current",
            dir.resolve("lake").toString());
    assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(both.errLines())
        .containsExactly("error: give --reference or --reference-sql, not both");
  }

  @Test
  void nestedColumnsAreSkippedWithANoteInTheReport() throws Exception {
    String select =
        "SELECT range * 1.25 AS x, {'a': range} AS info, [range] AS tags FROM range(100)";
    write(select, dir.resolve("a.parquet"), "parquet");
    write(select, dir.resolve("b.parquet"), "parquet");

    CliRun run =
        drift(
            "--reference",
            dir.resolve("a.parquet").toString(),
            "--current",
            dir.resolve("b.parquet").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(report().at("/reference/skipped_columns/0/column").asText()).isEqualTo("info");
    assertThat(report().at("/reference/skipped_columns/0/type").asText())
        .isEqualTo("STRUCT(a BIGINT)");
    assertThat(report().at("/reference/skipped_columns/1/type").asText()).isEqualTo("BIGINT[]");
    assertThat(report().at("/status").asText()).isEqualTo("ok");
    assertThat(run.err())
        .contains("note: column 'info' (STRUCT(a BIGINT) in a.parquet) not compared: nested");
    assertThat(Files.readString(dir.resolve("out/index.html")))
        .contains("Columns not compared", "<code>info</code>", "STRUCT(a BIGINT)");

    CliRun chosen =
        drift(
            "--reference",
            dir.resolve("a.parquet").toString(),
            "--current",
            dir.resolve("b.parquet").toString(),
            "--columns",
            "tags");
    assertThat(chosen.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(chosen.errLines())
        .singleElement()
        .asString()
        .startsWith(
            "error: --columns: column 'tags' is in a.parquet and b.parquet but was not read:"
                + " BIGINT[], nested: not tested");
  }

  @Test
  void aColumnThatIsInTheFileButNotReadIsNotCalledUnknown() throws Exception {
    String select = "SELECT range * 1.25 AS x, {'a': range} AS info FROM range(100)";
    write(select, dir.resolve("a.parquet"), "parquet");
    write(select, dir.resolve("b.parquet"), "parquet");
    String[] inputs = {
      "--reference",
      dir.resolve("a.parquet").toString(),
      "--current",
      dir.resolve("b.parquet").toString()
    };

    // given a test: not 'no column', and not silently ignored either
    CliRun test = drift(concat(inputs, "--column-test", "info=psi"));
    assertThat(test.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(test.errLines())
        .containsExactly(
            "error: --column-test: column 'info' is in a.parquet and b.parquet but was not read:"
                + " STRUCT(a BIGINT), nested: not tested; select its fields as columns with a SQL source"
                + " to test them");
    assertThat(test.out()).isEmpty();
    assertThat(dir.resolve("out")).doesNotExist();

    // a typo and a column not read, in one line; a skipped column is not offered as the one meant
    CliRun both = drift(concat(inputs, "--columns", "x,inf,info"));
    assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(both.errLines())
        .containsExactly(
            "error: --columns: no column 'inf' in a.parquet or b.parquet (known: x); column 'info' is"
                + " in a.parquet and b.parquet but was not read: STRUCT(a BIGINT), nested: not tested;"
                + " select its fields as columns with a SQL source to test them");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aWrongColumnNameIsRefusedFromTheSchemaBeforeTheRowsAreRead() throws Exception {
    Path ref = dir.resolve("ref.parquet");
    Path cur = dir.resolve("cur.parquet");
    write(data(1, 0), ref, "parquet");
    write(data(2, 1), cur, "parquet");
    // the current's data pages overwritten, its footer (the schema) kept: its rows cannot be read,
    // so only a check made from the schema can name the column
    byte[] bytes = Files.readAllBytes(cur);
    java.util.Arrays.fill(bytes, 4, bytes.length / 2, (byte) 0x7f);
    Files.write(cur, bytes);
    String[] inputs = {"--reference", ref.toString(), "--current", cur.toString()};

    CliRun readThrough = drift(inputs);
    assertThat(readThrough.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(readThrough.err()).contains("cur.parquet").doesNotContain("no column");

    CliRun named = drift(concat(inputs, "--column-test", "incme=ks"));
    assertThat(named.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(named.errLines())
        .containsExactly(
            "error: --column-test: no column 'incme' in ref.parquet or cur.parquet (did you mean"
                + " 'income'?)");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void badParquetInputIsOneLineExitTwoAndNoReport() throws Exception {
    write(data(1, 0), dir.resolve("ok.parquet"), "parquet");
    Path ok = dir.resolve("ok.parquet");
    byte[] bytes = Files.readAllBytes(ok);
    Path truncated =
        Files.write(dir.resolve("cut.parquet"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
    write("SELECT 1.5 AS income", dir.resolve("lake/day=1/p.parquet"), "parquet");
    write("SELECT 'x' AS income", dir.resolve("lake/day=2/p.parquet"), "parquet");
    write("SELECT 1.5 AS income, INTERVAL 2 HOUR AS wait", dir.resolve("iv.parquet"), "parquet");

    assertBad(
        drift("--reference", ok.toString(), "--current", truncated.toString()),
        "--current " + truncated + ": not a readable Parquet file: ");
    assertBad(
        drift("--reference", ok.toString(), "--current", dir.resolve("2027-*.parquet").toString()),
        "--current " + dir.resolve("2027-*.parquet") + ": no file matches this pattern");
    assertBad(
        drift("--reference", dir.resolve("lake").toString(), "--current", ok.toString()),
        "--reference "
            + dir.resolve("lake")
            + ": partitions disagree on their schema: column 'income' is DECIMAL(2,1) in day=1/p.parquet but"
            + " VARCHAR in day=2/p.parquet");
    assertBad(
        drift("--reference", ok.toString(), "--current", dir.resolve("iv.parquet").toString()),
        "--current "
            + dir.resolve("iv.parquet")
            + ": column 'wait' has type INTERVAL, which drift cannot read; leave it out with --exclude wait");
    assertBad(
        drift("--reference-sql", "SELECT nope FROM nowhere", "--current", ok.toString()),
        "--reference-sql: query failed: Catalog Error: ");
  }

  private void assertBad(CliRun run, String errorStart) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).singleElement().asString().startsWith("error: " + errorStart);
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
