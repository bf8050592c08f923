package dev.shadowpipeline.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's command line: its outputs, exit codes and one-line errors. One SparkSession in local[2] for the class. */
class SparkDriftCommandTest {

  private static SparkSession spark;

  @TempDir static Path dir;

  private static Path ref;
  private static Path cur;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("shadow-spark-command-test")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    StructType schema =
        new StructType().add("x", DataTypes.DoubleType).add("kind", DataTypes.StringType);
    ref = write(schema, 0, dir.resolve("day=2026-11-01"));
    cur = write(schema, 3, dir.resolve("day=2026-11-02"));
  }

  private static Path write(StructType schema, double shift, Path path) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      rows.add(RowFactory.create(i % 100 + shift * 10, i % 3 == 0 ? "a" : "b"));
    }
    spark.createDataFrame(rows, schema).write().parquet(path.toString());
    return path;
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private int run(String... args) {
    return SparkDriftCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void writesTheSameOutputsAsShadowDriftAndExitsOneOnDrift() throws Exception {
    Path outDir = dir.resolve("out");
    int code =
        run(
            "--reference",
            ref.toString(),
            "--current",
            cur.toString(),
            "--out",
            outDir.toString(),
            "--fail-on-drift");
    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(outDir.resolve("index.html")).isRegularFile();
    assertThat(Files.readString(outDir.resolve("drift_status.json"))).contains("\"drift\" : true");
    assertThat(Files.readString(outDir.resolve("drift_report.json")))
        .contains("\"wasserstein\"", "\"jensenshannon\"");
    assertThat(out.toString()).contains("Drift Detected: true");
  }

  @Test
  void readsLakeTablesByNameFromTheCatalog() throws Exception {
    // external tables in the session's catalog (in-memory here; Hive, Glue or Unity on a cluster)
    spark.sql("CREATE TABLE lake_ref USING parquet LOCATION '" + ref.toUri() + "'");
    spark.sql("CREATE TABLE lake_cur USING parquet LOCATION '" + cur.toUri() + "'");
    Path outDir = dir.resolve("tables");
    int code =
        run(
            "--reference-table",
            "lake_ref",
            "--current-table",
            "lake_cur",
            "--out",
            outDir.toString());
    assertThat(code).as(err.toString()).isZero();
    String report = Files.readString(outDir.resolve("drift_report.json"));
    assertThat(report).contains("lake_ref", "lake_cur", "\"wasserstein\"");
    assertThat(Files.readString(outDir.resolve("drift_status.json"))).contains("\"drift\" : true");

    Path missing = dir.resolve("notable");
    assertThat(
            run(
                "--reference-table",
                "lake_nope",
                "--current-table",
                "lake_cur",
                "--out",
                missing.toString()))
        .isEqualTo(2);
    assertThat(err.toString().strip().lines().reduce((a, b) -> b).orElseThrow())
        .startsWith("error: --reference-table lake_nope: cannot open (catalog: in-memory)");
    assertThat(missing).doesNotExist();
  }

  @Test
  void takesTheDriftSectionOfAConfigFileWithFlagsWinning() throws Exception {
    Path yaml = dir.resolve("shadow.yaml");
    Files.writeString(
        yaml,
        "drift:\n  column-test:\n    x: ks\n  drift-share: 0.9\n  out: "
            + dir.resolve("from-config")
            + "\n");
    Path outDir = dir.resolve("flag-out");
    int code =
        run(
            "--config",
            yaml.toString(),
            "--reference",
            ref.toString(),
            "--current",
            cur.toString(),
            "--out",
            outDir.toString());
    assertThat(code).as(err.toString()).isZero();
    String report = Files.readString(outDir.resolve("drift_report.json"));
    assertThat(report).contains("\"ks\"").doesNotContain("\"wasserstein\"");
    // x drifts, kind does not: a share of 0.5, under the file's 0.9
    assertThat(Files.readString(outDir.resolve("drift_status.json"))).contains("\"drift\" : false");
    assertThat(dir.resolve("from-config")).doesNotExist();

    assertThat(run("--config", dir.resolve("missing.yaml").toString(), "--reference", "r"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("error: ").contains("missing.yaml");
  }

  @Test
  void evidentlyModeIsRefusedNotIgnored() throws Exception {
    // a config file written for shadow drift --compat evidently must not silently run our tests
    Path yaml = dir.resolve("evidently.yaml");
    Files.writeString(yaml, "drift:\n  compat: evidently\n");
    Path outDir = dir.resolve("compat-out");
    int code =
        run(
            "--config",
            yaml.toString(),
            "--reference",
            ref.toString(),
            "--current",
            cur.toString(),
            "--out",
            outDir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip().lines().reduce((a, b) -> b).orElseThrow())
        .startsWith("error: --compat evidently runs on the local engine only");
    assertThat(outDir).doesNotExist();
  }

  @Test
  void aPathMatchingNothingIsOneLineAndExitTwoWithNoOutputs() {
    Path outDir = dir.resolve("none");
    int code =
        run(
            "--reference",
            dir.resolve("day=2030-*").toString(),
            "--current",
            cur.toString(),
            "--out",
            outDir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "error: --reference " + dir.resolve("day=2030-*") + ": no file or directory matches");
    assertThat(outDir).doesNotExist();
  }

  @Test
  void aColumnInNeitherTableIsOneLineAndExitTwo() {
    Path outDir = dir.resolve("nocol");
    int code =
        run(
            "--reference",
            ref.toString(),
            "--current",
            cur.toString(),
            "--columns",
            "x,salary",
            "--out",
            outDir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "error: --columns: no column 'salary' in " + ref + " or " + cur + " (known: kind, x)");
    assertThat(outDir).doesNotExist();
  }

  @Test
  void columnsGivenATestOrTypeAreCheckedBeforeSparkComputesWithShadowDriftsWords() {
    Path outDir = dir.resolve("typos");
    String[] inputs = {"--reference", ref.toString(), "--current", cur.toString()};
    // a typo given a test was silently ignored: the column ran on its default test
    int code =
        run(
            concat(
                inputs,
                "--column-test",
                "xx=psi,kindd=chisquare,x=ks",
                "--out",
                outDir.toString()));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "error: --column-test: no columns 'kindd' (did you mean 'kind'?) or 'xx' (did you mean"
                + " 'x'?) in "
                + ref
                + " or "
                + cur);
    assertThat(outDir).doesNotExist();

    err.getBuffer().setLength(0);
    assertThat(
            run(concat(inputs, "--column-type", "kinds=categorical", "--out", outDir.toString())))
        .isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "error: --column-type: no column 'kinds' in "
                + ref
                + " or "
                + cur
                + " (did you mean 'kind'?)");
    assertThat(outDir).doesNotExist();
  }

  @Test
  void excludedNamesAreCheckedAsShadowDriftChecksThem() {
    Path outDir = dir.resolve("excluded");
    String[] inputs = {"--reference", ref.toString(), "--current", cur.toString()};
    // a typo in --exclude left the column meant compared
    assertThat(run(concat(inputs, "--exclude", "kindd", "--out", outDir.toString()))).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "error: --exclude: no column 'kindd' in "
                + ref
                + " or "
                + cur
                + " (did you mean 'kind'?)");
    assertThat(outDir).doesNotExist();

    err.getBuffer().setLength(0);
    assertThat(run(concat(inputs, "--exclude", "kind,x", "--out", outDir.toString()))).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith(
            "error: --exclude: left no column to compare: it excludes all 2 columns in both")
        .doesNotContain("no column of");
    assertThat(outDir).doesNotExist();
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void aMasterThatCannotBeReachedIsOneLineAndExitTwo() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }
    Path outDir = dir.resolve("nomaster");
    int code =
        run(
            "--master",
            "spark://127.0.0.1:" + port,
            "--reference",
            ref.toString(),
            "--current",
            cur.toString(),
            "--out",
            outDir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith(
            "error: --master spark://127.0.0.1:" + port + ": cannot connect to 127.0.0.1:" + port)
        .doesNotContain("\n");
    assertThat(outDir).doesNotExist();
  }
}
