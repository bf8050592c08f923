package dev.shadowpipeline.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Option values no run can use are the user's mistake, refused before anything is sent (exit 2, one line naming the
 * option), not a crash reported as a bug (exit 70) nor every request failing as if the model were down.
 */
class ImpossibleOptionValuesTest {

  @TempDir Path dir;

  private Path input() throws Exception {
    return Files.writeString(dir.resolve("in.csv"), "age,income\n40,100000\n");
  }

  private CliRun replay(String... extra) throws Exception {
    String[] base = {
      "replay",
      "--input",
      input().toString(),
      "--primary",
      "http://127.0.0.1:1",
      "--shadow",
      "http://127.0.0.1:1",
      "--out",
      dir.resolve("out").toString()
    };
    return CliRun.run(base, extra);
  }

  @Test
  void aToleranceThatIsNegativeOrNotANumberNamesTheFlag() throws Exception {
    CliRun negative = replay("--tolerance", "-1");
    assertThat(negative.exitCode()).as(negative.err()).isEqualTo(ExitCode.USAGE);
    assertThat(negative.errLines())
        .containsExactly(
            "error: --tolerance: relative tolerance must be a finite number >= 0: -1.0");
    CliRun nan = replay("--tolerance", "NaN");
    assertThat(nan.exitCode()).as(nan.err()).isEqualTo(ExitCode.USAGE);
    assertThat(nan.errLines())
        .containsExactly(
            "error: --tolerance: relative tolerance must be a finite number >= 0: NaN");
  }

  @Test
  void aZeroTimeoutIsRefusedByReplayAndRegress() throws Exception {
    CliRun run = replay("--timeout", "0s");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .containsExactly(
            "error: --timeout must be longer than 0s: each model gets that long to answer");
    assertThat(dir.resolve("out")).as("nothing was replayed").doesNotExist();

    CliRun regress =
        CliRun.run(
            "regress",
            "--suite",
            dir.resolve("any.json").toString(),
            "--model",
            "http://127.0.0.1:1",
            "--timeout",
            "0s");
    assertThat(regress.exitCode()).as(regress.err()).isEqualTo(ExitCode.USAGE);
    assertThat(regress.errLines())
        .containsExactly(
            "error: --timeout must be longer than 0s: each model gets that long to answer");
  }

  @Test
  void aPortBeyond65535IsABadUrlNotAModelThatFailed() throws Exception {
    CliRun run =
        CliRun.run(
            "replay",
            "--input",
            input().toString(),
            "--primary",
            "http://127.0.0.1:1",
            "--shadow",
            "http://user:hunter2@127.0.0.1:99999",
            "--out",
            dir.resolve("out").toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .containsExactly(
            "error: --shadow: not a model URL: URL port must be 1-65535: http://user:****@127.0.0.1:99999");
    assertThat(run.err()).doesNotContain("hunter2");
  }
}
