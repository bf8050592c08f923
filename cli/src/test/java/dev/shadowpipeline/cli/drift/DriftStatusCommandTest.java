package dev.shadowpipeline.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow drift} never says "no drift" about data it could not test: untestable input exits 2 with one line
 * and still writes its reports; a vanished column or one gone blank is drift; an incomplete check lists its problems.
 */
class DriftStatusCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROWS = 20;

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  /** A header and {@value #ROWS} rows, row i (from 1) made by {@code row}. */
  private Path csv(String name, String header, IntFunction<String> row) throws IOException {
    List<String> lines = new ArrayList<>(List.of(header));
    for (int i = 1; i <= ROWS; i++) {
      lines.add(row.apply(i));
    }
    return write(name, String.join("\n", lines) + "\n");
  }

  private CliRun drift(Path reference, Path current, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "drift",
                "--reference",
                reference.toString(),
                "--current",
                current.toString(),
                "--out",
                dir.resolve("out").toString()));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  private JsonNode json(String file) throws IOException {
    return JSON.readTree(dir.resolve("out").resolve(file).toFile());
  }

  @Test
  void aHeaderOnlyCurrentFileIsUntestableExitsTwoAndStillWritesItsReports() throws Exception {
    Path reference = csv("ref.csv", "age,salary", i -> (20 + i) + "," + (1000 * i));
    Path current = write("data/cur.csv", "age,salary\n");

    CliRun run = drift(reference, current, "--fail-on-drift");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .containsExactly(
            "error: --current " + current + ": no data rows (only a header); nothing to compare");
    assertThat(run.out())
        .contains("Drift Detected: unknown (the check could not run)")
        .contains("Status: untestable")
        .doesNotContain("Drift Detected: false")
        .doesNotContain("0 of 0");
    JsonNode status = json("drift_status.json");
    assertThat(status.get("status").asText()).isEqualTo("untestable");
    assertThat(status.get("drift").asBoolean()).isFalse();
    assertThat(status.get("share").isNull()).isTrue();
    assertThat(status.get("problems").get(0).asText())
        .isEqualTo("current cur.csv: no data rows (only a header); nothing to compare");
    assertThat(json("drift_report.json").get("status").asText()).isEqualTo("untestable");
    assertThat(Files.readString(dir.resolve("out/index.html")))
        .contains("data-status=\"untestable\"")
        .doesNotContain("banner ok");
  }

  @Test
  void everyColumnRenamedIsUntestableAndTheLineNamesBothColumnLists() throws Exception {
    Path reference = csv("ref.csv", "a,b,c", i -> i + "," + 2 * i + "," + 3 * i);
    Path current = csv("cur.csv", "x,y,z", i -> i + "," + 2 * i + "," + 3 * i);

    CliRun run = drift(reference, current);

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .containsExactly(
            "error: no column of --reference "
                + reference
                + " is in --current "
                + current
                + " (reference: a, b, c; current: x, y, z)");
    assertThat(json("drift_status.json").get("status").asText()).isEqualTo("untestable");
  }

  @Test
  void aColumnGoingFromNoneToAllMissingIsDriftAndSaysSo() throws Exception {
    Path reference = csv("ref.csv", "id,score", i -> i + "," + i / 2.0);
    Path current = csv("cur.csv", "id,score", i -> i + ",");

    CliRun run = drift(reference, current, "--fail-on-drift");

    // id: the same 20 values on both sides (no drift); score: 0% -> 100% missing. 1 of 2 >= 0.1:
    // drift
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(run.out())
        .containsPattern("score\\s+numeric\\s+-.*YES, all-missing")
        .contains(
            "score: drifted: missing share 0.0% -> 100.0% (moves of 10 points or more count as drift)")
        .contains("Drift detected in 1 of 2 columns")
        .contains("Status: ok")
        .contains("Drift Detected: true");
    JsonNode status = json("drift_status.json");
    assertThat(status.get("status").asText()).isEqualTo("ok");
    assertThat(status.get("drifted_columns").toString()).isEqualTo("[\"score\"]");
    assertThat(status.get("share").asDouble()).isEqualTo(1.0 / 2);
    JsonNode score = json("drift_report.json").get("columns").get(1);
    assertThat(score.get("column").asText()).isEqualTo("score");
    assertThat(score.get("missing_share_drift").asBoolean()).isTrue();
    assertThat(score.get("drifted").asBoolean()).isTrue();
    assertThat(score.get("current").get("missing_share").asDouble()).isEqualTo(1.0);
  }

  @Test
  void withTheRuleOffABlankColumnIsAProblemNotAPassAndTheConfigFileCanTurnItOff() throws Exception {
    Path reference = csv("ref.csv", "id,score", i -> i + "," + i / 2.0);
    Path current = csv("cur.csv", "id,score", i -> i + ",");

    CliRun off = drift(reference, current, "--fail-on-drift", "--missing-share-threshold", "off");

    // score cannot be judged and does not count; id alone: 0 of 1 drifted, so the verdict is no
    // drift
    assertThat(off.exitCode()).as(off.err()).isZero();
    assertThat(off.out())
        .contains("Drift detected in 0 of 1 column")
        .contains("Status: incomplete (1 problem)")
        .contains(
            "  - column 'score' was not tested (all-missing): every value is missing in the current")
        .contains("Drift Detected: false");
    assertThat(json("drift_status.json").get("status").asText()).isEqualTo("incomplete");

    // unquoted: YAML reads it as the boolean false, which means off as well
    Path config = write("shadow.yaml", "drift:\n  missing-share-threshold: off\n");
    CliRun fromFile = drift(reference, current, "--fail-on-drift", "--config", config.toString());
    assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
    assertThat(fromFile.out()).contains("Status: incomplete (1 problem)");
  }

  @Test
  void aReferenceColumnMissingFromCurrentFailsTheCheckAndMakesItIncomplete() throws Exception {
    Path reference = csv("ref.csv", "a,b,gone", i -> i + "," + (i * 3 % 7) + "," + i);
    Path current = csv("cur.csv", "a,b", i -> i + "," + (i * 3 % 7));

    CliRun run = drift(reference, current, "--fail-on-drift");

    // a and b: the same values on both sides; gone counts as drifted: 1 of 3 >= 0.1
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(run.out())
        .contains("Drift detected in 1 of 3 columns")
        .contains("Status: incomplete (1 problem)")
        .contains(
            "  - column 'gone' of --reference "
                + reference
                + " is missing from --current "
                + current
                + " (counted as drifted)")
        .contains("Drift Detected: true");
    JsonNode status = json("drift_status.json");
    assertThat(status.get("status").asText()).isEqualTo("incomplete");
    assertThat(status.get("drift").asBoolean()).isTrue();
    assertThat(status.get("drifted_columns").toString()).isEqualTo("[\"gone\"]");
    assertThat(status.get("problems").toString())
        .isEqualTo(
            "[\"column 'gone' of reference ref.csv is missing from current cur.csv (counted as drifted)\"]");
  }

  @Test
  void aBadThresholdIsOneLineNamingTheFlagOrTheConfigKey() throws Exception {
    Path reference = csv("ref.csv", "a", i -> Integer.toString(i));
    CliRun flag = drift(reference, reference, "--missing-share-threshold", "2");
    assertThat(flag.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(flag.errLines())
        .singleElement()
        .asString()
        .contains("--missing-share-threshold")
        .contains("must be a number in (0, 1] or 'off': 2");
    Path config = write("bad.yaml", "drift:\n  missing-share-threshold: ten\n");
    CliRun file = drift(reference, reference, "--config", config.toString());
    assertThat(file.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(file.errLines())
        .singleElement()
        .asString()
        .contains("bad.yaml: drift.missing-share-threshold")
        .contains("'ten' is neither a number in (0, 1] nor 'off'");
  }

  @Test
  void helpDocumentsTheStatusesTheMissingShareRuleAndTheExitCodes() {
    CliRun help = CliRun.run("drift", "--help");
    assertThat(help.exitCode()).isZero();
    String text = help.out().replaceAll("\\s+", " ");
    assertThat(text)
        .contains("--missing-share-threshold=X|off")
        .contains("(default: 0.1; off with --compat evidently")
        .contains("untestable (no verdict at all")
        .contains("incomplete (a verdict on part of the data")
        .contains("0% -> 100%")
        .contains("1 drift found with --fail-on-drift (a reference column missing")
        .contains("2 bad usage, unreadable input, or an untestable check");
  }
}
