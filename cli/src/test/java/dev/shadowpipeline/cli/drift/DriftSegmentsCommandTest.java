package dev.shadowpipeline.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.store.SegmentResult;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow drift --segment-by} end to end: a drift planted in one small region, invisible in the pooled data, is
 * found there; exit codes; the JSON, HTML and terminal outputs; the config file, Parquet, the store and scheduled jobs.
 */
class DriftSegmentsCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path reference;
  private Path current;

  /**
   * Reference: north 1,400 rows, south 1,400, east 1,000, tiny 200; x ~ N(0, 1), y in {a, b, c}, n in 0..49. Current:
   * the same rows of north, south and east, shuffled (no drift there by construction), a fresh tiny with x shifted by
   * 1.5 standard deviations, and 40 rows of a region the reference does not have.
   */
  @BeforeEach
  void plantDriftInOneRegion() throws IOException {
    Random random = new Random(7);
    List<String> ref = new ArrayList<>();
    add(ref, random, "north", 1400, 0);
    add(ref, random, "south", 1400, 0);
    add(ref, random, "east", 1000, 0);
    add(ref, random, "tiny", 200, 0);
    List<String> cur = new ArrayList<>(ref.subList(0, 3800));
    Collections.shuffle(cur, random);
    add(cur, random, "tiny", 200, 1.5);
    add(cur, random, "new", 40, 0);
    reference = write("ref.csv", ref);
    current = write("cur.csv", cur);
  }

  private static void add(
      List<String> rows, Random random, String region, int count, double shift) {
    for (int i = 0; i < count; i++) {
      rows.add(
          region
              + ","
              + (random.nextGaussian() + shift)
              + ","
              + List.of("a", "b", "c").get(random.nextInt(3))
              + ","
              + random.nextInt(50));
    }
  }

  private Path write(String name, List<String> rows) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "region,x,y,n\n" + String.join("\n", rows) + "\n");
    return file;
  }

  private CliRun drift(Path ref, Path cur, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "drift",
                "--reference",
                ref.toString(),
                "--current",
                cur.toString(),
                "--out",
                dir.resolve("out").toString()));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  private JsonNode json(String name) throws IOException {
    return JSON.readTree(dir.resolve("out").resolve(name).toFile());
  }

  private static JsonNode segment(JsonNode segments, String label) {
    return StreamSupport.stream(segments.get("segments").spliterator(), false)
        .filter(s -> s.get("label").asText().equals(label))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theDriftOfOneRegionIsFoundThereAndFailsTheRunThoughTheWholeDidNotDrift() throws IOException {
    CliRun run = drift(reference, current, "--segment-by", "region", "--fail-on-drift");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(run.out()).contains("Drift Detected: false"); // the whole data
    assertThat(run.out())
        .contains("Segments by region: 5 values; each compared on its own rows")
        .containsPattern("tiny\\s+200 -> 200\\s+ok\\s+YES\\s+1 of 3: x")
        .containsPattern("north\\s+1,400 -> 1,400\\s+ok\\s+no\\s+0 of 3")
        .containsPattern(
            "new\\s+0 -> 40\\s+only_in_current\\s+-\\s+not tested: no rows in the reference")
        .contains("Drift in 1 of 4 tested segments (tiny); 1 not tested")
        .contains("Segment Drift Detected: true");

    JsonNode report = json("drift_report.json");
    assertThat(report.get("drift").asBoolean()).isFalse();
    JsonNode segments = report.get("segments");
    assertThat(segments.get("column").asText()).isEqualTo("region");
    assertThat(segments.get("distinct_values").asInt()).isEqualTo(5);
    assertThat(
            StreamSupport.stream(segments.get("segments").spliterator(), false)
                .map(s -> s.get("label").asText())
                .toList())
        .containsExactly("north", "south", "east", "tiny", "new");
    JsonNode tiny = segment(segments, "tiny");
    assertThat(tiny.get("drift").asBoolean()).isTrue();
    assertThat(tiny.get("reference_rows").asLong()).isEqualTo(200);
    assertThat(tiny.get("drifted_columns").toString()).isEqualTo("[\"x\"]");
    JsonNode x = tiny.get("columns").get(0);
    assertThat(x.get("column").asText()).isEqualTo("x");
    assertThat(x.get("test").asText()).isEqualTo("ks");
    assertThat(x.get("p_value").asDouble()).isLessThan(1e-10);
    assertThat(x.get("drifted").asBoolean()).isTrue();
    // the segment column is not tested within a segment
    assertThat(tiny.get("columns").findValuesAsText("column")).containsExactly("x", "y", "n");
    JsonNode fresh = segment(segments, "new");
    assertThat(fresh.get("status").asText()).isEqualTo("only_in_current");
    assertThat(fresh.get("drift").isNull()).isTrue(); // unknown, never "healthy"
    JsonNode status = json("drift_status.json");
    assertThat(status.get("drift").asBoolean()).isFalse();
    assertThat(status.get("segments").get("drift").asBoolean()).isTrue();
    assertThat(status.get("segments").get("drifted_segments").toString()).isEqualTo("[\"tiny\"]");
    assertThat(status.get("segments").get("untested_segments").toString()).isEqualTo("[\"new\"]");

    String html = Files.readString(dir.resolve("out/index.html"));
    assertThat(html).contains("Drift per segment: region").contains("id=\"segments-chart\"");
    // the verdict in words and symbols, not colour alone: the drifted cell reads "✗ <p-value>"
    assertThat(row(html, "tiny"))
        .contains("✗ Drift")
        .containsPattern("title=\"ks p-value [^\"]+\"><span class=\"tag drift\">✗ p=\\d")
        .doesNotContain("✓ No drift");
    assertThat(row(html, "north")).contains("✓ No drift").doesNotContain("✗");
    assertThat(row(html, "new")).contains("Not tested: only_in_current");
  }

  /** The table row of one segment in the report. */
  private static String row(String html, String segment) {
    Matcher m =
        Pattern.compile("<tr data-segment=\"" + segment + "\".*?</tr>", Pattern.DOTALL)
            .matcher(html);
    assertThat(m.find()).as(segment).isTrue();
    return m.group();
  }

  @Test
  void segmentDriftReportOnlyFailsOnTheWholeAndWithoutSegmentsNothingFails() {
    CliRun report =
        drift(
            reference,
            current,
            "--segment-by",
            "region",
            "--fail-on-drift",
            "--segment-drift",
            "report");
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.out()).contains("Segment Drift Detected: true");
    CliRun plain = drift(reference, current, "--fail-on-drift");
    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(plain.out()).doesNotContain("Segment");
  }

  @Test
  void theConfigFileSetsTheSegmentsAndItsBound() throws IOException {
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(
        config, "drift:\n  segment-by: region\n  max-segments: 2\n  min-segment-rows: 50\n");
    CliRun run = drift(reference, current, "--config", config.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode segments = json("drift_report.json").get("segments");
    assertThat(segments.get("max_segments").asInt()).isEqualTo(2);
    assertThat(segments.get("min_rows").asInt()).isEqualTo(50);
    assertThat(segments.get("segments")).hasSize(3);
    JsonNode other = segments.get("segments").get(2);
    assertThat(other.get("label").asText()).isEqualTo("other (3 values)");
    assertThat(other.get("value").isNull()).isTrue();
    assertThat(other.get("value_examples").toString()).isEqualTo("[\"east\",\"tiny\",\"new\"]");
    assertThat(other.get("reference_rows").asLong()).isEqualTo(1200);
    assertThat(other.get("current_rows").asLong()).isEqualTo(1240);
    assertThat(other.get("status").asText()).isEqualTo("ok");
    assertThat(run.out())
        .contains("the 2 largest by reference rows compared one by one, the rest as other");
  }

  @Test
  void mistakesAreOneLineAndExitTwo() {
    CliRun alone = drift(reference, current, "--max-segments", "3");
    assertThat(alone.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(alone.errLines()).containsExactly("error: --max-segments needs --segment-by COLUMN");
    CliRun missing = drift(reference, current, "--segment-by", "city");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.errLines())
        .containsExactly(
            "error: --reference "
                + reference
                + ": no column 'city' to split the rows by (segment-by)");
    CliRun bad = drift(reference, current, "--segment-by", "region", "--segment-drift", "maybe");
    assertThat(bad.errLines())
        .containsExactly("error: --segment-drift must be fail or report: maybe");
    CliRun zero = drift(reference, current, "--segment-by", "region", "--max-segments", "0");
    assertThat(zero.errLines()).containsExactly("error: --max-segments must be at least 1: 0");
    CliRun spark = drift(reference, current, "--segment-by", "region", "--engine", "spark");
    assertThat(spark.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(spark.errLines()[0]).contains("--segment-by").contains("--engine spark");
  }

  @Test
  void parquetGivesTheSameSegmentsAsCsv() throws Exception {
    CliRun csv = drift(reference, current, "--segment-by", "region");
    assertThat(csv.exitCode()).as(csv.err()).isZero();
    JsonNode fromCsv = json("drift_report.json").get("segments");
    Path refParquet = toParquet(reference);
    Path curParquet = toParquet(current);
    CliRun parquet = drift(refParquet, curParquet, "--segment-by", "region");
    assertThat(parquet.exitCode()).as(parquet.err()).isZero();
    assertThat(json("drift_report.json").get("segments")).isEqualTo(fromCsv);
  }

  private Path toParquet(Path csv) throws Exception {
    Path out = dir.resolve(csv.getFileName().toString().replace(".csv", ".parquet"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT * FROM read_csv('"
              + csv
              + "', header = true, columns = {'region': 'VARCHAR', 'x': 'DOUBLE', 'y': 'VARCHAR',"
              + " 'n': 'BIGINT'})) TO '"
              + out
              + "' (FORMAT parquet)");
    }
    return out;
  }

  @Test
  void theStoreKeepsEachSegmentsVerdict() {
    Path db = dir.resolve("state/shadow.db");
    CliRun run = drift(reference, current, "--segment-by", "region", "--db", db.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    try (Store store = Store.open(db.toString(), StoreOptions.defaults())) {
      String runId = store.latestRun().orElseThrow().runId();
      List<SegmentResult> segments = store.segmentResults(runId);
      assertThat(segments)
          .extracting(SegmentResult::value)
          .containsExactly("north", "south", "east", "tiny", "new");
      assertThat(segments.get(3).drift()).isTrue();
      assertThat(segments.get(3).driftedColumns()).containsExactly("x");
      assertThat(segments.get(4).tested()).isFalse();
      assertThat(segments.get(4).status()).isEqualTo("only_in_current");
    }
  }

  @Test
  void aScheduledJobComparesItsSegments() throws IOException {
    Path monitor = dir.resolve("monitor.yaml");
    Files.writeString(
        monitor,
        """
        db: %1$s/state/shadow.db
        jobs:
          - {name: regions, reference: %2$s, current: %3$s, out: %1$s/state, segment-by: region, max-segments: 3}
        """
            .formatted(dir, reference, current));
    CliRun run = CliRun.run("schedule", "--config", monitor.toString(), "--run-now", "--once");
    assertThat(run.exitCode()).as(run.err()).isZero();
    // north, south, east one by one; tiny (drifted) and new together as other, which drifts
    assertThat(run.out())
        .contains("regions: segments by region: drift in 1 of 4 tested (other (2 values))");
    try (Store store =
        Store.open(dir.resolve("state/shadow.db").toString(), StoreOptions.defaults())) {
      String runId = store.latestRun().orElseThrow().runId();
      assertThat(store.segmentResults(runId)).hasSize(4);
      Path report = Path.of(store.run(runId).orElseThrow().reportLocation());
      JsonNode json = JSON.readTree(report.resolveSibling("drift_report.json").toFile());
      assertThat(json.get("segments").get("max_segments").asInt()).isEqualTo(3);
    }
    Files.writeString(
        monitor, "jobs:\n  - {name: a, reference: r.csv, current: c.csv, min-segment-rows: 5}\n");
    CliRun bad = CliRun.run("schedule", "--config", monitor.toString(), "--run-now", "--once");
    assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.errLines())
        .containsExactly(
            "error: monitor.yaml: jobs[0].min-segment-rows: needs segment-by (the column whose values"
                + " are the segments)");
  }
}
