package dev.shadowpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command line's contract: help, version, and one clear line with exit 2 for bad usage. */
class ShadowCliTest {

  @Test
  void helpListsTheCommandsAndExitsZero() {
    CliRun run = CliRun.run("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("demo", "proxy", "demo-model", "Exit codes");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"demo", "proxy", "demo-model"}) {
      CliRun run = CliRun.run(command, "--help");
      assertThat(run.exitCode()).as(command).isZero();
      assertThat(run.out()).as(command).contains("Usage:").contains("--help");
    }
  }

  @Test
  void versionNamesTheProduct() {
    CliRun run = CliRun.run("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("shadow ").doesNotContain("${project.version}");
  }

  @Test
  void anUnknownCommandIsOneLineAndExitTwo() {
    CliRun run = CliRun.run("prxy");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).singleElement().asString().contains("prxy").contains("proxy");
  }

  @Test
  void noCommandIsUsageError() {
    CliRun run = CliRun.run();
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).singleElement().asString().contains("a command is required");
  }

  @Test
  void anUnknownOptionSuggestsTheRightOne() {
    CliRun run =
        CliRun.run(
            "proxy", "--primary", "http://a:1", "--shadow", "http://b:1", "--sampel-rate", "0.5");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("--sampel-rate")
        .contains("--sample-rate");
  }
}
