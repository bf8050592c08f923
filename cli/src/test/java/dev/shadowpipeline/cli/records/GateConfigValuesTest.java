package dev.shadowpipeline.cli.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate setting out of range is refused before the records are read, naming where it was written: the flag, or the
 * config file and key when the value came from {@code --config}.
 */
class GateConfigValuesTest {

  @TempDir Path dir;

  private CliRun gateWith(String yaml, String... flags) throws Exception {
    Path config = dir.resolve("gate.yaml");
    Files.writeString(config, yaml);
    String[] args = new String[flags.length + 5];
    args[0] = "gate";
    args[1] = "--records";
    args[2] = dir.resolve("none").toString();
    args[3] = "--config";
    args[4] = config.toString();
    System.arraycopy(flags, 0, args, 5, flags.length);
    return CliRun.run(args);
  }

  @Test
  void aValueFromTheConfigFileIsNamedByFileAndKey() throws Exception {
    CliRun agreement = gateWith("gate:\n  min-agreement: 1.5\n");
    assertThat(agreement.exitCode()).as(agreement.err()).isEqualTo(ExitCode.USAGE);
    assertThat(agreement.errLines())
        .containsExactly("error: gate.yaml: gate.min-agreement: must be between 0 and 1: 1.5");

    CliRun errors = gateWith("gate:\n  max-shadow-error-rate: -0.5\n");
    assertThat(errors.errLines())
        .containsExactly(
            "error: gate.yaml: gate.max-shadow-error-rate: must be between 0 and 1: -0.5");

    CliRun judge = gateWith("gate:\n  min-judge-win-rate: 2\n");
    assertThat(judge.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(judge.errLines())
        .containsExactly("error: gate.yaml: gate.min-judge-win-rate: must be between 0 and 1: 2.0");

    CliRun metric = gateWith("gate:\n  non-inferior: [acuracy:0.1]\n");
    assertThat(metric.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(metric.errLines())
        .singleElement()
        .asString()
        .startsWith("error: gate.yaml: gate.non-inferior: metric must be one of");
  }

  @Test
  void aFlagIsNamedAsTheFlagEvenOverAFileValue() throws Exception {
    CliRun flag = gateWith("gate:\n  max-critical: 3\n", "--min-agreement", "1.5");
    assertThat(flag.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(flag.errLines())
        .containsExactly("error: --min-agreement must be between 0 and 1: 1.5");
    // the flag wins over the file, and so does its name in the error
    CliRun both = gateWith("gate:\n  min-agreement: 0.5\n", "--min-agreement", "-1");
    assertThat(both.errLines())
        .containsExactly("error: --min-agreement must be between 0 and 1: -1.0");
  }
}
