package dev.shadowpipeline.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow drift --compat evidently} and the per-test defaults in {@code --help}. Reference p-values: scipy 1.17.1
 * on the files of {@code shadow simulate --rows 200} (seed 42), read with {@code csv.DictReader}, e.g. {@code
 * mannwhitneyu(ref["age"], cur["age"], alternative="less").pvalue}.
 */
class CompatDriftCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path simulate() {
    Path data = dir.resolve("data");
    CliRun run = CliRun.run("simulate", "--out", data.toString(), "--rows", "200");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return data;
  }

  private CliRun drift(Path data, String... extra) {
    String[] base = {
      "drift",
      "--reference",
      data.resolve("reference.csv").toString(),
      "--current",
      data.resolve("current.csv").toString(),
      "--out",
      dir.resolve("out").toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.run(args);
  }

  private JsonNode report() throws Exception {
    return JSON.readTree(dir.resolve("out").resolve("drift_report.json").toFile());
  }

  private static JsonNode column(JsonNode report, String name) {
    for (JsonNode c : report.get("columns")) {
      if (c.get("column").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no column " + name);
  }

  private static void assertRelative(double actual, double expected, double relative) {
    assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * relative));
  }

  @Test
  void helpListsEveryTestsDefaultThreshold() {
    CliRun help = CliRun.run("drift", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .doesNotContain("0.05 for p-values")
        .containsPattern("\\n  ks +p-value +drift when p <= 0.05\\n")
        .containsPattern("\\n  chisquare +p-value +drift when p < 0.05\\n")
        .containsPattern("\\n  anderson +p-value +drift when p < 0.1\\n")
        .containsPattern("\\n  cramer_von_mises +p-value +drift when p <= 0.1\\n")
        .containsPattern("\\n  fisher_exact +p-value +drift when p < 0.1\\n")
        .containsPattern("\\n  g_test +p-value +drift when p < 0.1\\n")
        .containsPattern("\\n  empirical_mmd +p-value +drift when p < 0.1\\n")
        .containsPattern("\\n  tvd +p-value +drift when p < 0.1\\n")
        .containsPattern("\\n  wasserstein +distance +drift when d >= 0.1\\n")
        .containsPattern("\\n  energy_distance +distance +drift when d > 0.1\\n")
        .contains("--compat=native|evidently");
  }

  @Test
  void evidentlyModeRunsEvidentlysMannwAndTTest() throws Exception {
    Path data = simulate();
    CliRun mannw = drift(data, "--compat", "evidently", "--stattest", "mannw");
    assertThat(mannw.exitCode()).as(mannw.err()).isZero();
    JsonNode report = report();
    assertThat(report.get("compat").asText()).isEqualTo("evidently");
    assertThat(report.get("drift_share").asDouble()).isEqualTo(0.5);
    assertThat(report.get("missing_share_threshold").isNull()).isTrue();
    // mannwhitneyu(ref.age, cur.age, alternative="less") -> 0.7758123115788284
    assertRelative(column(report, "age").get("p_value").asDouble(), 0.7758123115788284, 1e-9);
    // natively two-sided: 0.44889330018055584
    assertThat(drift(data, "--stattest", "mannw").exitCode()).isZero();
    assertThat(report().get("compat").asText()).isEqualTo("native");
    assertRelative(column(report(), "age").get("p_value").asDouble(), 0.44889330018055584, 1e-9);
    // ttest_ind(ref.salary, cur.salary) -> 2.7373146819292507e-81; equal_var=False ->
    // 2.7373566012809243e-81
    assertThat(drift(data, "--compat", "evidently", "--stattest", "t_test").exitCode()).isZero();
    assertRelative(
        column(report(), "salary").get("p_value").asDouble(), 2.7373146819292507e-81, 1e-8);
    assertThat(drift(data, "--stattest", "t_test").exitCode()).isZero();
    assertRelative(
        column(report(), "salary").get("p_value").asDouble(), 2.7373566012809243e-81, 1e-8);
    assertThat(Files.readString(dir.resolve("out").resolve("index.html")))
        .contains("data-compat=\"native\"");
  }

  @Test
  void zOrChisquareOnANumericColumnStopsTheRunAsEvidentlyDoes() {
    Path data = simulate();
    for (String test : new String[] {"z", "chisquare"}) {
      CliRun run = drift(data, "--compat", "evidently", "--column-test", "age=" + test);
      assertThat(run.exitCode()).as(test).isEqualTo(ExitCode.USAGE);
      assertThat(run.errLines())
          .singleElement()
          .asString()
          .startsWith(
              "error: --compat evidently: test '" + test + "' does not apply to the numeric")
          .contains("column 'age'")
          .contains("categorical columns only");
      assertThat(dir.resolve("out").resolve("drift_report.json")).doesNotExist();
      // natively each distinct number is a category: the run goes on
      assertThat(drift(data, "--column-test", "age=" + test).exitCode()).as(test).isZero();
      assertThat(dir.resolve("out").resolve("drift_report.json")).exists();
      deleteOut();
    }
  }

  private void deleteOut() {
    try (var files = Files.walk(dir.resolve("out"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theModeComesFromTheConfigFileToo() throws Exception {
    Path data = simulate();
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(config, "drift:\n  compat: evidently\n  stattest: mannw\n");
    CliRun run = drift(data, "--config", config.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(report().get("compat").asText()).isEqualTo("evidently");
    assertRelative(column(report(), "age").get("p_value").asDouble(), 0.7758123115788284, 1e-9);
    // a flag wins over the file
    assertThat(drift(data, "--config", config.toString(), "--compat", "native").exitCode())
        .isZero();
    assertThat(report().get("compat").asText()).isEqualTo("native");
  }

  @Test
  void badModesAreOneLineAndExitTwo() {
    Path data = simulate();
    CliRun unknown = drift(data, "--compat", "scipy");
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(unknown.errLines())
        .singleElement()
        .asString()
        .isEqualTo("error: --compat: unknown compat mode 'scipy' (known: native, evidently)");
    CliRun spark = drift(data, "--compat", "evidently", "--engine", "spark");
    assertThat(spark.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(spark.errLines()).singleElement().asString().contains("local engine only");
  }
}
