package dev.shadowpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file option given a directory is one line saying so and what was expected, not "no such file" or the reader's
 * "Is a directory".
 */
class FileOptionsTest {

  @TempDir Path dir;

  @Test
  void aSuiteThatIsADirectorySaysSoAndPointsAtTheSuiteInIt() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    CliRun run =
        CliRun.run("regress", "--suite", empty.toString(), "--model", "http://127.0.0.1:1");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .containsExactly(
            "error: --suite: "
                + empty
                + " is a directory, not a regression suite file (give the regression_suite.json that"
                + " proxy or replay wrote, or a records folder with --records DIR)");

    Path out = Files.createDirectory(dir.resolve("shadow-out"));
    Files.writeString(out.resolve("regression_suite.json"), "{\"entries\":[]}");
    CliRun inFolder =
        CliRun.run("regress", "--suite", out.toString(), "--model", "http://127.0.0.1:1");
    assertThat(inFolder.errLines())
        .containsExactly(
            "error: --suite: "
                + out
                + " is a directory, not a regression suite file (did you mean "
                + out.resolve("regression_suite.json")
                + "?)");

    CliRun missing =
        CliRun.run(
            "regress", "--suite", dir.resolve("nope.json").toString(), "--model", "http://a:1");
    assertThat(missing.errLines())
        .containsExactly("error: --suite: no such file: " + dir.resolve("nope.json"));
  }

  @Test
  void replayInputsConfigsAndDatabasesThatAreDirectoriesSaySo() {
    CliRun replay =
        CliRun.run(
            "replay",
            "--input",
            dir.toString(),
            "--format",
            "csv",
            "--primary",
            "http://127.0.0.1:1",
            "--shadow",
            "http://127.0.0.1:1",
            "--out",
            dir.resolve("out").toString());
    assertThat(replay.exitCode()).as(replay.err()).isEqualTo(ExitCode.USAGE);
    assertThat(replay.errLines())
        .containsExactly(
            "error: --input: "
                + dir
                + " is a directory, not an input file (.csv, .json or .jsonl; a directory is read as"
                + " Parquet only without --format)");

    CliRun config = CliRun.run("simulate", "--out", dir.toString(), "--config", dir.toString());
    assertThat(config.exitCode()).as(config.err()).isEqualTo(ExitCode.USAGE);
    assertThat(config.errLines())
        .containsExactly("error: config file " + dir + " is a directory, not a YAML file");

    CliRun site = CliRun.run("site", "--db", dir.toString(), "--out", dir.resolve("s").toString());
    assertThat(site.exitCode()).as(site.err()).isEqualTo(ExitCode.USAGE);
    assertThat(site.errLines())
        .containsExactly(
            "error: --db: "
                + dir
                + " is a directory, not a database file (the SQLite file drift runs write, e.g."
                + " shadow.db)");
  }
}
