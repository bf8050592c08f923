package dev.shadowpipeline.report.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.engine.Compat;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.engine.TestCatalog;
import dev.shadowpipeline.drift.engine.TestSelection;
import dev.shadowpipeline.drift.simulate.Simulation;
import dev.shadowpipeline.drift.stattest.ColumnPair;
import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.NumericPair;
import dev.shadowpipeline.drift.stattest.StatTest;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import dev.shadowpipeline.drift.stattest.TestKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift report and JSON files, from a simulated run with a stand-in test (mean shift over the sd). */
class DriftReportTest {

  private static final Pattern EXTERNAL = Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//");

  @TempDir Path dir;

  /** |mean difference| / reference sd: crude, but enough for the report's plumbing. */
  private static final StatTest MEAN_SHIFT =
      new StatTest() {
        @Override
        public String name() {
          return "mean_shift";
        }

        @Override
        public TestKind kind() {
          return TestKind.DISTANCE;
        }

        @Override
        public double defaultThreshold() {
          return 0.5;
        }

        @Override
        public Set<ColumnType> supportedTypes() {
          return Set.of(ColumnType.NUMERIC, ColumnType.CATEGORICAL);
        }

        @Override
        public StatTestResult test(ColumnPair data, double threshold) {
          NumericPair p = (NumericPair) data;
          double m1 = Arrays.stream(p.reference()).average().orElse(0);
          double m2 = Arrays.stream(p.current()).average().orElse(0);
          double sd =
              Math.sqrt(
                  Arrays.stream(p.reference()).map(v -> (v - m1) * (v - m1)).average().orElse(0));
          double d = Math.abs(m2 - m1) / Math.max(sd, 1e-3);
          return new StatTestResult(name(), kind(), d, d, threshold, d >= threshold);
        }
      };

  private static final TestCatalog CATALOG =
      new TestCatalog() {
        @Override
        public Optional<StatTest> byName(String name) {
          return name.equals("mean_shift") ? Optional.of(MEAN_SHIFT) : Optional.empty();
        }

        @Override
        public List<String> names() {
          return List.of("mean_shift");
        }

        @Override
        public StatTest defaultTest(ColumnType type, long referenceValues, long distinctValues) {
          return MEAN_SHIFT;
        }
      };

  private static DriftResult run(int rows) {
    return new DriftEngine(CATALOG, DriftOptions.DEFAULTS)
        .compare(new Simulation(rows, 42, Map.of(), Map.of()).generate());
  }

  @Test
  void theReportIsOneSelfContainedFile() throws Exception {
    Path file = dir.resolve("index.html");
    DriftReport.write(file, run(2000));
    String html = Files.readString(file);
    assertThat(html)
        .contains("Drift detected in 1 of 3 columns")
        .contains("salary")
        .contains("mean_shift");
    assertThat(html).contains("id=\"dist-1\"").contains("id=\"spark-1\"");
    assertThat(EXTERNAL.matcher(html).find()).as("no external references").isFalse();
    assertThat(html).doesNotContain("<link");
    try (var listing = Files.list(dir)) {
      assertThat(listing.toList()).containsExactly(file);
    }
  }

  @Test
  void theReportDoesNotGrowWithTheRows() {
    int small = DriftReport.render(run(1_000)).length();
    int large = DriftReport.render(run(100_000)).length();
    assertThat((double) Math.abs(large - small) / small).isLessThan(0.01);
  }

  private static Dataset dataset(String name, long rows, RawColumn... columns) {
    Map<String, RawColumn> map = new LinkedHashMap<>();
    for (RawColumn c : columns) {
      map.put(c.name(), c);
    }
    return new Dataset(name, map, rows, 0, List.of());
  }

  @Test
  void anUntestableRunHasNoVerdictAndSaysWhy() throws Exception {
    DriftResult result =
        new DriftEngine(CATALOG, DriftOptions.DEFAULTS)
            .compare(
                dataset("ref.csv", 2, new NumericColumn("a", new double[] {1, 2}, 0, false)),
                dataset("cur.csv", 0, new NumericColumn("a", new double[0], 0, false)));
    ObjectMapper json = new ObjectMapper();
    JsonNode status = json.readTree(DriftJson.status(result));
    assertThat(status.get("status").asText()).isEqualTo("untestable");
    assertThat(status.get("drift").asBoolean()).isFalse();
    assertThat(status.get("share").isNull()).isTrue();
    assertThat(status.get("problems").toString())
        .isEqualTo("[\"current cur.csv: no data rows (only a header); nothing to compare\"]");
    JsonNode report = json.readTree(DriftJson.report(result));
    assertThat(report.get("status").asText()).isEqualTo("untestable");
    assertThat(report.get("problems")).hasSize(1);
    assertThat(report.get("columns").get(0).get("drifted").isNull()).isTrue();

    String html = DriftReport.render(result);
    assertThat(html)
        .contains("data-status=\"untestable\"")
        .contains("The check could not run")
        .contains("current cur.csv: no data rows (only a header); nothing to compare")
        .contains("Drift not checked")
        .doesNotContain("banner ok")
        .doesNotContain("No dataset drift");
  }

  @Test
  void anIncompleteRunIsNeverGreenAndListsItsProblems() throws Exception {
    // a: the same values on both sides (mean shift 0); b: gone from the current data; c: blank in
    // the current data
    NumericColumn same = new NumericColumn("a", new double[] {1, 2, 3, 4}, 0, false);
    DriftResult result =
        new DriftEngine(CATALOG, DriftOptions.DEFAULTS.withDriftShare(0.9))
            .compare(
                dataset(
                    "ref.csv",
                    4,
                    same,
                    new NumericColumn("b", new double[] {1, 2, 3, 4}, 0, false),
                    new NumericColumn("c", new double[] {1, 2, 3, 4}, 0, false)),
                dataset("cur.csv", 4, same, new NumericColumn("c", new double[0], 4, false)));
    assertThat(result.driftedColumns()).containsExactly("b", "c");
    assertThat(result.drift()).isFalse(); // 2 of 3 is short of 0.9

    ObjectMapper json = new ObjectMapper();
    JsonNode report = json.readTree(DriftJson.report(result));
    assertThat(report.get("status").asText()).isEqualTo("incomplete");
    assertThat(report.get("tested_columns").asInt()).isEqualTo(3);
    assertThat(report.get("share").asDouble()).isEqualTo(2.0 / 3);
    assertThat(report.get("missing_share_threshold").asDouble()).isEqualTo(0.1);
    assertThat(report.get("problems").toString())
        .isEqualTo(
            "[\"column 'b' of reference ref.csv is missing from current cur.csv (counted as drifted)\"]");
    JsonNode c = report.get("columns").get(2);
    assertThat(c.get("status").asText()).isEqualTo("all-missing");
    assertThat(c.get("drifted").asBoolean()).isTrue();
    assertThat(c.get("missing_share_drift").asBoolean()).isTrue();
    assertThat(report.get("columns").get(0).get("missing_share_drift").asBoolean()).isFalse();
    assertThat(json.readTree(DriftJson.status(result)).get("status").asText())
        .isEqualTo("incomplete");

    String html = DriftReport.render(result);
    assertThat(html)
        .contains("data-status=\"incomplete\"")
        .contains("Incomplete check")
        .contains("column &#39;b&#39; of reference ref.csv is missing from current cur.csv")
        .contains("missing share 0.0% -&gt; 100.0%")
        .doesNotContain("banner ok");
  }

  @Test
  void statusAndReportJson() throws Exception {
    DriftResult result = run(2000);
    ObjectMapper json = new ObjectMapper();
    JsonNode status = json.readTree(DriftJson.status(result));
    assertThat(status.get("status").asText()).isEqualTo("ok");
    assertThat(status.get("problems")).isEmpty();
    assertThat(status.get("drift").asBoolean()).isTrue();
    assertThat(status.get("share").asDouble()).isEqualTo(1.0 / 3);
    assertThat(status.get("drifted_columns").toString()).isEqualTo("[\"salary\"]");
    JsonNode report = json.readTree(DriftJson.report(result));
    JsonNode salary = report.get("columns").get(1);
    assertThat(salary.get("column").asText()).isEqualTo("salary");
    assertThat(salary.get("test").asText()).isEqualTo("mean_shift");
    assertThat(salary.get("distance").asDouble()).isGreaterThan(2);
    assertThat(salary.get("threshold").asDouble()).isEqualTo(0.5);
    assertThat(salary.get("drifted").asBoolean()).isTrue();
    assertThat(salary.get("reference").get("rows").asLong()).isEqualTo(2000);
    assertThat(salary.get("reference").get("missing_share").asDouble()).isZero();
    assertThat(report.get("reference").get("bad_rows").asLong()).isZero();
    assertThat(report.get("compat").asText()).isEqualTo("native");
  }

  @Test
  void theModeIsStatedInTheJsonAndOnThePage() throws Exception {
    // Evidently's rules: its tvd is a p-value test, and the mode is named in both outputs
    Dataset ref =
        new Dataset(
            "ref.csv",
            Map.of("city", new LabelColumn("city", List.of("a", "b"), new long[] {60, 40}, 0)),
            100,
            0,
            List.of());
    Dataset cur =
        new Dataset(
            "cur.csv",
            Map.of("city", new LabelColumn("city", List.of("a", "b"), new long[] {45, 55}, 0)),
            100,
            0,
            List.of());
    DriftOptions evidently =
        Compat.EVIDENTLY
            .defaults()
            .withTypeTests(
                Map.of(
                    ColumnType.CATEGORICAL,
                    TestSelection.resolve("TVD", Compat.EVIDENTLY.catalog())
                        .orElseThrow(IllegalStateException::new)));
    DriftResult result = DriftEngine.standard(evidently).compare(ref, cur);
    JsonNode report = new ObjectMapper().readTree(DriftJson.report(result));
    assertThat(report.get("compat").asText()).isEqualTo("evidently");
    assertThat(report.get("drift_share").asDouble()).isEqualTo(0.5);
    assertThat(report.get("missing_share_threshold").isNull()).isTrue();
    JsonNode tvd = null;
    for (JsonNode c : report.get("columns")) {
      if (c.path("test").asText().equals("tvd")) {
        tvd = c;
      }
    }
    assertThat(tvd).as("a categorical column tested with tvd").isNotNull();
    assertThat(tvd.get("kind").asText()).isEqualTo("p_value");
    assertThat(tvd.get("p_value").asDouble()).isBetween(0.0, 1.0);
    assertThat(tvd.get("threshold").asDouble()).isEqualTo(0.1);
    assertThat(DriftReport.render(result))
        .contains("data-compat=\"evidently\"")
        .contains("Evidently 0.7's");
    assertThat(DriftReport.render(run(200))).contains("data-compat=\"native\"");
  }
}
