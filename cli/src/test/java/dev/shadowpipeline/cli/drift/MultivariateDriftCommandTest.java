package dev.shadowpipeline.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shadow drift --multivariate}, its config key, and embedding columns from CSV. */
class MultivariateDriftCommandTest {

  @TempDir Path dir;

  /** x, y with correlation rho, and a 4-number embedding whose first number moves by {@code shift}. */
  private Path csv(String name, double rho, double shift, long seed) throws Exception {
    Random random = new Random(seed);
    StringBuilder b = new StringBuilder("x,y,emb\n");
    for (int i = 0; i < 1500; i++) {
      double x = random.nextGaussian();
      double y = rho * x + Math.sqrt(1 - rho * rho) * random.nextGaussian();
      b.append(
          String.format(
              Locale.ROOT,
              "%.5f,%.5f,\"[%.4f, %.4f, %.4f, %.4f]\"%n",
              x,
              y,
              random.nextGaussian() + shift,
              random.nextGaussian(),
              random.nextGaussian(),
              random.nextGaussian()));
    }
    Path file = dir.resolve(name);
    Files.writeString(file, b.toString());
    return file;
  }

  @Test
  void theFlagAddsTheCheckToTheOutputs() throws Exception {
    Path ref = csv("ref.csv", 0.8, 0, 1);
    Path cur = csv("cur.csv", -0.8, 0.6, 2);
    Path out = dir.resolve("out");
    CliRun run =
        CliRun.run(
            "drift",
            "--reference",
            ref.toString(),
            "--current",
            cur.toString(),
            "--out",
            out.toString(),
            "--multivariate");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(out.resolve("drift_report.json").toFile());
    JsonNode emb = report.get("columns").get(2);
    assertThat(emb.get("type").asText()).isEqualTo("embedding");
    assertThat(emb.get("test").asText()).isEqualTo("embedding_classifier");
    assertThat(emb.get("drifted").asBoolean()).isTrue();
    assertThat(emb.get("classifier").get("current_features").get(0).get("name").asText())
        .isEqualTo("dim 0");
    JsonNode mv = report.get("multivariate");
    assertThat(mv.get("drift").asBoolean()).isTrue();
    assertThat(mv.get("reference_rows").asInt()).isEqualTo(1500);
    assertThat(
            new ObjectMapper()
                .readTree(out.resolve("drift_status.json").toFile())
                .get("multivariate_drift")
                .asBoolean())
        .isTrue();
    assertThat(Files.readString(out.resolve("index.html"))).contains("id=\"multivariate-status\"");
  }

  @Test
  void theConfigKeysTurnItOnAndSizeTheSample() throws Exception {
    Path ref = csv("ref.csv", 0.8, 0, 3);
    Path cur = csv("cur.csv", 0.8, 0, 4);
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(config, "drift:\n  multivariate: true\n  row-sample: 300\n");
    Path out = dir.resolve("out");
    CliRun run =
        CliRun.run(
            "drift",
            "--reference",
            ref.toString(),
            "--current",
            cur.toString(),
            "--out",
            out.toString(),
            "--config",
            config.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode mv =
        new ObjectMapper().readTree(out.resolve("drift_report.json").toFile()).get("multivariate");
    assertThat(mv.get("status").asText()).isEqualTo("ok");
    assertThat(mv.get("reference_rows").asInt()).isEqualTo(300);
  }

  @Test
  void aNegativeRowSampleAndSparkAreRefused() throws Exception {
    Path ref = csv("ref.csv", 0.8, 0, 5);
    CliRun negative =
        CliRun.run(
            "drift",
            "--reference",
            ref.toString(),
            "--current",
            ref.toString(),
            "--out",
            dir.resolve("o").toString(),
            "--row-sample",
            "-1");
    assertThat(negative.exitCode()).isEqualTo(2);
    assertThat(negative.err()).contains("--row-sample must be >= 0: -1");
    CliRun spark =
        CliRun.run(
            "drift",
            "--reference",
            ref.toString(),
            "--current",
            ref.toString(),
            "--out",
            dir.resolve("o").toString(),
            "--multivariate",
            "--engine",
            "spark");
    assertThat(spark.exitCode()).isEqualTo(2);
    assertThat(spark.err()).contains("--multivariate needs row samples");
  }
}
