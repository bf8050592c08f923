package dev.shadowpipeline.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.config.ConfigDefaults;
import dev.shadowpipeline.shadow.labels.LabelJoin;
import dev.shadowpipeline.shadow.labels.LiveQuality;
import dev.shadowpipeline.shadow.labels.PredictionStore;
import dev.shadowpipeline.shadow.quality.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code shadow proxy --labels-*} and the {@code labels-*} keys of {@code proxy:} become the live labels' join. */
class LiveLabelsOptionsTest {

  private static final String[] UPSTREAMS = {"--primary", "http://p:1", "--shadow", "http://s:1"};

  @TempDir Path dir;

  private LiveQuality parse(Path config, String... args) {
    ProxyCommand command = QuietProxyCommand.create();
    CommandLine cli = new CommandLine(command);
    if (config != null) {
      cli.setDefaultValueProvider(
          new ConfigDefaults(
              ConfigFile.load(
                  config,
                  Map.of(),
                  w -> {
                    throw new AssertionError(w);
                  }),
              "proxy"));
    }
    cli.parseArgs(args);
    command.toConfig();
    return command.liveLabels();
  }

  private static String[] with(String... more) {
    String[] all = new String[UPSTREAMS.length + more.length];
    System.arraycopy(UPSTREAMS, 0, all, 0, UPSTREAMS.length);
    System.arraycopy(more, 0, all, UPSTREAMS.length, more.length);
    return all;
  }

  @Test
  void withoutAJoinTheProxyTakesNoLabels() {
    assertThat(parse(null, UPSTREAMS)).isNull();
  }

  @Test
  void theFlagsMakeTheJoin() {
    LiveQuality live =
        parse(
            null,
            with(
                "--labels-join",
                "/applicant_id",
                "--labels-truth",
                "repaid",
                "--labels-positive",
                "approve",
                "--labels-truth-positive",
                "true",
                "--labels-task",
                "classification",
                "--labels-max-bytes",
                "2MiB"));
    LabelJoin join = live.join();
    assertThat(join.key().pointer()).isEqualTo("/applicant_id");
    assertThat(join.labelKey()).isEqualTo("applicant_id");
    assertThat(join.truth()).isEqualTo("repaid");
    assertThat(join.positive()).isEqualTo("approve");
    assertThat(join.effectiveTruthPositive()).isEqualTo("true");
    assertThat(join.task()).isEqualTo(Task.CLASSIFICATION);
    assertThat(live.store().maxBytes()).isEqualTo(2L << 20);
  }

  @Test
  void byRecordIdWithTheDefaults() {
    LiveQuality live = parse(null, with("--labels-join", "record-id"));
    assertThat(live.join().key().byRecordId()).isTrue();
    assertThat(live.join().labelKey()).isEqualTo("id");
    assertThat(live.join().truth()).isEqualTo(LabelJoin.DEFAULT_TRUTH);
    assertThat(live.join().task()).isNull();
    assertThat(live.store().maxBytes()).isEqualTo(PredictionStore.defaultMaxBytes());
  }

  @Test
  void theConfigKeysAreTheFlagsWithoutDashesAndFlagsWin() throws Exception {
    Path file = dir.resolve("shadow.yaml");
    Files.writeString(
        file,
        """
        proxy:
          labels-join: /applicant_id
          labels-truth: defaulted
          labels-positive: approve
          labels-truth-positive: "false"
          labels-task: classification
          labels-max-bytes: 3MiB
        """);
    LiveQuality live = parse(file, with("--labels-truth", "repaid"));
    assertThat(live.join().key().pointer()).isEqualTo("/applicant_id");
    assertThat(live.join().truth()).isEqualTo("repaid");
    assertThat(live.join().positive()).isEqualTo("approve");
    assertThat(live.join().effectiveTruthPositive()).isEqualTo("false");
    assertThat(live.join().task()).isEqualTo(Task.CLASSIFICATION);
    assertThat(live.store().maxBytes()).isEqualTo(3L << 20);
  }

  @Test
  void badValuesNameTheirFlagOrKey() throws Exception {
    String[] base = {"proxy", "--primary", "http://p:1", "--shadow", "http://s:1"};
    assertUsageError(
        CliRun.run(concat(base, "--labels-join", "applicant_id")),
        "--labels-join",
        "record-id or a JSON Pointer");
    assertUsageError(
        CliRun.run(concat(base, "--labels-join", "record-id", "--labels-task", "ranking")),
        "--labels-task",
        "classification or regression");
    assertUsageError(
        CliRun.run(concat(base, "--labels-truth", "repaid")), "--labels-truth needs --labels-join");
    assertUsageError(
        CliRun.run(concat(base, "--labels-join", "record-id", "--labels-max-bytes", "lots")),
        "--labels-max-bytes");
    Path file = dir.resolve("shadow.yaml");
    Files.writeString(
        file,
        """
        proxy:
          primary: http://p:1
          shadow: http://s:1
          labels-join: record-id
          labels-task: ranking
        """);
    assertUsageError(
        CliRun.run("proxy", "--config", file.toString()),
        "shadow.yaml: proxy.labels-task",
        "classification or regression");
    Files.writeString(file, "proxy:\n  labels-joins: record-id\n");
    assertUsageError(
        CliRun.run("proxy", "--config", file.toString()),
        "proxy.labels-joins: unknown key",
        "did you mean 'labels-join'");
  }

  @Test
  void helpExplainsLiveLabels() {
    CliRun help = CliRun.run("proxy", "--help");
    assertThat(help.out())
        .contains("--labels-join")
        .contains("POST /labels")
        .contains("--labels-max-bytes")
        .contains("evicted");
  }

  private static void assertUsageError(CliRun run, String... fragments) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).as("exactly one line on stderr").hasSize(1);
    assertThat(run.errLines()[0]).startsWith("error: ").contains(fragments);
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
