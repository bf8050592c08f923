package dev.shadowpipeline.cli.monitor;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.monitor.MonitorConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.alert.Channel;
import dev.shadowpipeline.alert.action.OnDriftAction;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** monitor.yaml: the example parses; every mistake names the file and key. */
class MonitorConfigTest {

  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("monitor.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void theExampleParses() {
    MonitorConfig config = MonitorConfig.load(Path.of("../examples/monitor.yaml"),
        Map.of("DISCORD_WEBHOOK_URL", "https://discord.com/api/webhooks/1/secret-token"));
    assertThat(config.jobs()).isNotEmpty();
    assertThat(config.jobs().get(0).schedule().expression()).isEqualTo("0 9 * * *");
    assertThat(config.alerts()).extracting(Channel::name).containsExactly("discord");
    assertThat(config.describe()).doesNotContain("secret-token");
    assertThat(config.site()).isNotNull();
  }

  @Test
  void unsetSecretsTurnChannelsOffAndDefaultsApply() throws IOException {
    MonitorConfig config = MonitorConfig.load(write("""
        db: data/shadow.db
        alerts:
          discord: ${DISCORD_WEBHOOK_URL:-}
          webhook: {url: "${HOOK:-}", secret: "${KEY:-}"}
        on_drift: {command: [./retrain.sh, --fast], timeout: 30s}
        jobs:
          - {name: credit, reference: r.csv, current: c.csv}
        """), Map.of());
    assertThat(config.alerts()).isEmpty();
    assertThat(config.cooldown()).isEqualTo(Duration.ofHours(24));
    assertThat(config.stateFile()).isEqualTo(dir.getFileSystem().getPath("data/alert-state.json").toAbsolutePath());
    assertThat(config.onDrift()).isEqualTo(new OnDriftAction.RunCommand(java.util.List.of("./retrain.sh", "--fast"),
        Duration.ofSeconds(30), null));
    MonitorConfig.Job job = config.jobs().get(0);
    assertThat(job.schedule().expression()).isEqualTo("0 9 * * *");
    assertThat(job.driftShare()).isEqualTo(0.1);
    assertThat(job.out()).isEqualTo(Path.of("monitor"));
    assertThat(job.missingShareThreshold()).hasValue(0.1);
  }

  @Test
  void aJobTakesItsMissingShareThresholdOrTurnsTheRuleOff() throws IOException {
    MonitorConfig config = MonitorConfig.load(write("""
        jobs:
          - {name: a, reference: r.csv, current: c.csv, missing-share-threshold: 0.25}
          - {name: b, reference: r.csv, current: c.csv, missing-share-threshold: off}
        """), Map.of());
    assertThat(config.jobs().get(0).missingShareThreshold()).hasValue(0.25);
    assertThat(config.jobs().get(1).missingShareThreshold()).isEmpty();
    assertProblem("jobs:\n  - {name: a, reference: r, current: c, missing-share-threshold: 0}\n",
        "monitor.yaml: jobs[0] (a).missing-share-threshold must be a number in (0, 1] or 'off': 0");
  }

  @Test
  void mistakesNameTheFileAndKey() throws IOException {
    assertProblem("jobs: []\n", "monitor.yaml: jobs is missing");
    assertProblem("jobs:\n  - {name: a, reference: r, current: c, schedule: '0 9 * *'}\n",
        "monitor.yaml: jobs[0] (a).schedule is not a UNIX cron expression");
    assertProblem("jobs:\n  - {name: a, reference: r, current: c, drift_share: 2}\n",
        "monitor.yaml: jobs[0] (a).drift_share must be between 0 and 1: 2.0");
    assertProblem("jobs:\n  - {name: a, reference: r, current: c, shedule: x}\n",
        "monitor.yaml: jobs[0] has an unknown key 'shedule'");
    assertProblem("jobs:\n  - {name: a, reference: r}\n", "monitor.yaml: jobs[0] (a).current is missing");
    assertProblem("jobs:\n  - {name: a b, reference: r, current: c}\n", "monitor.yaml: jobs[0].name must be");
    assertProblem("jobs:\n  - {name: a, reference: r, current: c}\n  - {name: a, reference: r, current: c}\n",
        "jobs[1].name 'a' is used by another job");
    assertProblem("alerts: {discord: not-a-url}\njobs:\n  - {name: a, reference: r, current: c}\n",
        "monitor.yaml: alerts.discord must be an http(s) URL");
    assertProblem("alerts: {discord: '${DISCORD_WEBHOOK_URL}'}\njobs:\n  - {name: a, reference: r, current: c}\n",
        "DISCORD_WEBHOOK_URL is not set");
    assertProblem("cooldown: 5\njobs:\n  - {name: a, reference: r, current: c}\n",
        "monitor.yaml: cooldown '5' needs a unit");
    assertProblem("on_drift: {command: ./retrain.sh}\njobs:\n  - {name: a, reference: r, current: c}\n",
        "on_drift.command must be a list");
  }

  private void assertProblem(String yaml, String message) throws IOException {
    Path file = write(yaml);
    assertThatThrownBy(() -> MonitorConfig.load(file, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void scheduleWithABadConfigExitsTwoWithOneLine() throws IOException {
    Path file = write("jobs:\n  - {name: a, reference: r, current: c, schedule: 'every day'}\n");
    CliRun run = CliRun.run("schedule", "--config", file.toString(), "--run-now", "--once");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).singleElement().asString().contains("jobs[0] (a).schedule");
  }

  @Test
  void scheduleRunNowOnceRunsEveryJobAndBuildsTheSite() throws IOException {
    Path data = dir.resolve("data");
    assertThat(CliRun.run("simulate", "--out", data.toString(), "--rows", "300").exitCode()).isZero();
    Path file = write("""
        db: %1$s/state/shadow.db
        jobs:
          - {name: credit, reference: %1$s/data/reference.csv, current: %1$s/data/current.csv, out: %1$s/state}
        site: {out: %1$s/site}
        """.formatted(dir));
    CliRun run = CliRun.run("schedule", "--config", file.toString(), "--run-now", "--once");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("credit: ").contains("drift DETECTED").contains("site: ");
    assertThat(dir.resolve("site/index.html")).isRegularFile();
    assertThat(dir.resolve("state/shadow.db")).isRegularFile();
  }
}
