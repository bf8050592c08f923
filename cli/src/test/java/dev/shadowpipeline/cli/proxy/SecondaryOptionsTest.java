package dev.shadowpipeline.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.config.ConfigDefaults;
import dev.shadowpipeline.shadow.proxy.ProxyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --secondary} and {@code --secondary-sample-rate}: flags and config keys, and their usage errors. */
class SecondaryOptionsTest {

  @TempDir Path dir;

  private ProxyConfig parse(Path config, String... args) {
    ProxyCommand command = QuietProxyCommand.create();
    CommandLine cli = new CommandLine(command);
    if (config != null) {
      cli.setDefaultValueProvider(
          new ConfigDefaults(
              ConfigFile.load(
                  config,
                  Map.of(),
                  w -> {
                    throw new AssertionError("unexpected warning: " + w);
                  }),
              "proxy"));
    }
    cli.parseArgs(args);
    return command.toConfig();
  }

  @Test
  void withoutASecondaryThereIsNone() {
    ProxyConfig c = parse(null, "--primary", "http://p:1", "--shadow", "http://s:1");
    assertThat(c.hasSecondary()).isFalse();
    assertThat(c.secondarySampleRate()).isNaN();
  }

  @Test
  void theFlagsReachTheConfig() {
    ProxyConfig c =
        parse(
            null,
            "--primary",
            "http://p:1",
            "--shadow",
            "http://s:1",
            "--secondary",
            "http://u:pw@p2:1/v1",
            "--sample-rate",
            "0.5",
            "--secondary-sample-rate",
            "0.25");
    assertThat(c.secondary().url()).isEqualTo("http://u:****@p2:1/v1");
    assertThat(c.secondary().credentials().password()).isEqualTo("pw");
    assertThat(c.secondarySampleRate()).isEqualTo(0.25);
  }

  @Test
  void theConfigKeysAreTheFlagsWords() throws Exception {
    Path file = dir.resolve("shadow.yaml");
    Files.writeString(
        file,
        """
        proxy:
          primary: http://p:1
          shadow: http://s:1
          secondary: http://p2:1
          sample-rate: 0.5
          secondary-sample-rate: 0.1
        """);
    ProxyConfig c = parse(file);
    assertThat(c.secondary().url()).isEqualTo("http://p2:1");
    assertThat(c.secondarySampleRate()).isEqualTo(0.1);
  }

  @Test
  void aSecondaryRateAboveTheSampleRateNamesBothFlags() {
    CliRun run =
        CliRun.run(
            "proxy",
            "--primary",
            "http://p:1",
            "--shadow",
            "http://s:1",
            "--secondary",
            "http://p2:1",
            "--sample-rate",
            "0.2",
            "--secondary-sample-rate",
            "0.5");
    assertUsageError(
        run, "--secondary-sample-rate (0.5)", "--sample-rate (0.2)", "mirrored to the shadow");
  }

  @Test
  void aSecondaryRateAboveTheSampleRateInTheFileNamesBothKeys() throws Exception {
    Path file = dir.resolve("shadow.yaml");
    Files.writeString(
        file,
        """
        proxy:
          primary: http://p:1
          shadow: http://s:1
          secondary: http://p2:1
          sample-rate: 0.2
          secondary-sample-rate: 0.5
        """);
    assertUsageError(
        CliRun.run("proxy", "--config", file.toString()),
        "proxy.secondary-sample-rate (0.5)",
        "proxy.sample-rate (0.2)");
  }

  @Test
  void aSecondaryRateWithoutASecondaryIsAUsageError() {
    assertUsageError(
        CliRun.run(
            "proxy",
            "--primary",
            "http://p:1",
            "--shadow",
            "http://s:1",
            "--secondary-sample-rate",
            "0.5"),
        "--secondary-sample-rate needs a secondary");
  }

  @Test
  void aBadSecondaryUrlIsRefusedWithoutEchoingItsPassword() {
    CliRun run =
        CliRun.run(
            "proxy",
            "--primary",
            "http://p:1",
            "--shadow",
            "http://s:1",
            "--secondary",
            "ftp://u:hunter2@p2:1");
    assertUsageError(run, "--secondary", "http://");
    assertThat(run.err()).doesNotContain("hunter2");
  }

  @Test
  void helpDocumentsTheSecondary() {
    CliRun run = CliRun.run("proxy", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--secondary=URL", "--secondary-sample-rate=0..1", "noise");
    CliRun replay = CliRun.run("replay", "--help");
    assertThat(replay.out()).contains("--secondary=URL", "--secondary-sample-rate=0..1");
  }

  private static void assertUsageError(CliRun run, String... fragments) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).as("exactly one line on stderr").hasSize(1);
    assertThat(run.errLines()[0])
        .startsWith("error: ")
        .contains(fragments)
        .doesNotContain("Exception");
  }
}
