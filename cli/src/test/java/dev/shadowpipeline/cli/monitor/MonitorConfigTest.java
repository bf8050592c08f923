package dev.shadowpipeline.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.alert.Channel;
import dev.shadowpipeline.alert.action.OnDriftAction;
import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.monitor.MonitorConfig;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.drift.engine.Compat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** monitor.yaml: the example parses; every mistake names the file and key. */
class MonitorConfigTest {

  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("monitor.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void theExampleParses() {
    MonitorConfig config =
        MonitorConfig.load(
            Path.of("../examples/monitor.yaml"),
            Map.of("DISCORD_WEBHOOK_URL", "https://discord.com/api/webhooks/1/secret-token"),
            warnings::add);
    assertThat(warnings).as("the example uses no deprecated key").isEmpty();
    assertThat(config.jobs()).isNotEmpty();
    assertThat(config.jobs().get(0).schedule().expression()).isEqualTo("0 9 * * *");
    assertThat(config.alerts()).extracting(Channel::name).containsExactly("discord");
    assertThat(config.describe()).doesNotContain("secret-token");
    assertThat(config.site()).isNotNull();
  }

  @Test
  void unsetSecretsTurnChannelsOffAndDefaultsApply() throws IOException {
    MonitorConfig config =
        MonitorConfig.load(
            write(
                """
        db: data/shadow.db
        alerts:
          discord: ${DISCORD_WEBHOOK_URL:-}
          webhook: {url: "${HOOK:-}", secret: "${KEY:-}"}
        on-drift: {command: [./retrain.sh, --fast], timeout: 30s}
        jobs:
          - {name: credit, reference: r.csv, current: c.csv}
        """),
            Map.of(),
            warnings::add);
    assertThat(config.alerts()).isEmpty();
    assertThat(config.cooldown()).isEqualTo(Duration.ofHours(24));
    assertThat(config.stateFile())
        .isEqualTo(dir.getFileSystem().getPath("data/alert-state.json").toAbsolutePath());
    assertThat(config.onDrift())
        .isEqualTo(
            new OnDriftAction.RunCommand(
                java.util.List.of("./retrain.sh", "--fast"), Duration.ofSeconds(30), null));
    MonitorConfig.Job job = config.jobs().get(0);
    assertThat(job.schedule().expression()).isEqualTo("0 9 * * *");
    assertThat(job.driftShare()).isEqualTo(0.1);
    assertThat(job.out()).isEqualTo(Path.of("monitor"));
    assertThat(job.missingShareThreshold()).hasValue(0.1);
  }

  @Test
  void aJobTakesItsMissingShareThresholdOrTurnsTheRuleOff() throws IOException {
    MonitorConfig config =
        MonitorConfig.load(
            write(
                """
        jobs:
          - {name: a, reference: r.csv, current: c.csv, missing-share-threshold: 0.25}
          - {name: b, reference: r.csv, current: c.csv, missing-share-threshold: off}
        """),
            Map.of(),
            warnings::add);
    assertThat(config.jobs().get(0).missingShareThreshold()).hasValue(0.25);
    assertThat(config.jobs().get(1).missingShareThreshold()).isEmpty();
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, missing-share-threshold: 0}\n",
        "monitor.yaml: jobs[0].missing-share-threshold: must be a number in (0, 1] or 'off': 0");
  }

  @Test
  void aJobReadsDecimalCommasWhenItsFilesWriteThem() throws IOException {
    MonitorConfig config =
        MonitorConfig.load(
            write(
                """
        jobs:
          - {name: a, reference: r.csv, current: c.csv, decimal: ","}
          - {name: b, reference: r.csv, current: c.csv}
        """),
            Map.of(),
            warnings::add);
    assertThat(config.jobs().get(0).readOptions().decimalComma()).isTrue();
    assertThat(config.jobs().get(1).readOptions().decimalComma()).isFalse();
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, decimal: ';'}\n",
        "monitor.yaml: jobs[0].decimal: must be '.' or ',' (quoted: decimal: \",\"): ';'");
  }

  @Test
  void aJobMayRunEvidentlysRulesWithItsDefaults() throws IOException {
    MonitorConfig config =
        MonitorConfig.load(
            write(
                """
        jobs:
          - {name: a, reference: r.csv, current: c.csv, compat: evidently, stattest: mannw}
          - {name: b, reference: r.csv, current: c.csv, compat: evidently, drift-share: 0.2,
             missing-share-threshold: 0.3}
          - {name: c, reference: r.csv, current: c.csv}
        """),
            Map.of(),
            warnings::add);
    MonitorConfig.Job a = config.jobs().get(0);
    assertThat(a.compat()).isEqualTo(Compat.EVIDENTLY);
    assertThat(a.driftShare()).isEqualTo(0.5); // Evidently's default
    assertThat(a.missingShareThreshold()).isEmpty(); // Evidently has no such rule
    assertThat(a.options().compat()).isEqualTo(Compat.EVIDENTLY);
    assertThat(a.stattest().test())
        .hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("mannw"));
    MonitorConfig.Job b = config.jobs().get(1);
    assertThat(b.driftShare()).isEqualTo(0.2);
    assertThat(b.missingShareThreshold()).hasValue(0.3);
    MonitorConfig.Job c = config.jobs().get(2);
    assertThat(c.compat()).isEqualTo(Compat.NATIVE);
    assertThat(c.driftShare()).isEqualTo(0.1);
    assertThat(c.missingShareThreshold()).hasValue(0.1);
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, compat: scipy}\n",
        "monitor.yaml: jobs[0].compat: unknown compat mode 'scipy' (known: native, evidently)");
  }

  @Test
  void mistakesNameTheFileAndKey() throws IOException {
    assertProblem("jobs: []\n", "monitor.yaml: jobs: required: list at least one job");
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, schedule: '0 9 * *'}\n",
        "monitor.yaml: jobs[0].schedule: not a UNIX cron expression");
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, drift-share: 1.5}\n",
        "monitor.yaml: jobs[0].drift-share: must be a number in (0, 1]: 1.5");
    // the test is resolved when the file is read, not when the job first runs
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, stattest: kss}\n",
        "monitor.yaml: jobs[0].stattest: unknown test 'kss' (known: ");
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, shedule: x}\n",
        "monitor.yaml: jobs[0].shedule: unknown key (did you mean 'schedule'?)");
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c}\njob: {}\n",
        "monitor.yaml: job: unknown key (did you mean 'jobs'?)");
    assertProblem(
        "jobs:\n  - {name: a, reference: r}\n", "monitor.yaml: jobs[0].current: required");
    assertProblem(
        "jobs:\n  - {name: a b, reference: r, current: c}\n",
        "monitor.yaml: jobs[0].name: must be");
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c}\n  - {name: a, reference: r, current: c}\n",
        "monitor.yaml: jobs[1].name: 'a' is used by another job");
    assertProblem(
        "alerts: {discord: not-a-url}\njobs:\n  - {name: a, reference: r, current: c}\n",
        "monitor.yaml: alerts.discord: must be an http(s) URL");
    assertProblem(
        "alerts: {discord: '${DISCORD_WEBHOOK_URL}'}\njobs:\n  - {name: a, reference: r, current: c}\n",
        "monitor.yaml: alerts.discord: environment variable DISCORD_WEBHOOK_URL is not set");
    assertProblem(
        "cooldown: 5\njobs:\n  - {name: a, reference: r, current: c}\n",
        "monitor.yaml: cooldown: '5' needs a unit");
    assertProblem(
        "on-drift: {command: ./retrain.sh}\njobs:\n  - {name: a, reference: r, current: c}\n",
        "monitor.yaml: on-drift.command: must be a list");
  }

  @Test
  void thresholdsThatDecideEveryRunAlikeAreRefusedWithTheirKey() throws IOException {
    // at 0 every run drifts, none of its columns drifting included (Evidently compares share >= 0)
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, drift-share: 0}\n",
        "monitor.yaml: jobs[0].drift-share: must be a number in (0, 1]: 0");
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, drift-share: 'NaN'}\n",
        "monitor.yaml: jobs[0].drift-share: must be a number in (0, 1]: NaN");
    // a p-value is never above 1: ks at p <= 1.5 flags every column
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, stattest: 'ks:1.5'}\n",
        "monitor.yaml: jobs[0].stattest: 'ks' is a p-value test: its threshold must be in (0, 1), not 1.5");
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, stattest: 'wasserstein:Infinity'}\n",
        "monitor.yaml: jobs[0].stattest: threshold must be a number above 0 and finite: Infinity");
    // without a test the threshold goes to Evidently's default rule, which picks ks for small
    // columns
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, stattest: ':1.5'}\n",
        "monitor.yaml: jobs[0].stattest: a threshold without a test goes to Evidently's default tests");
    MonitorConfig fine =
        MonitorConfig.load(
            write(
                "jobs:\n  - {name: a, reference: r, current: c, drift-share: 1, stattest:"
                    + " 'wasserstein:1.5'}\n"),
            Map.of(),
            warnings::add);
    assertThat(fine.jobs().get(0).driftShare()).isEqualTo(1.0);
    assertThat(fine.jobs().get(0).stattest().threshold()).hasValue(1.5);
  }

  @Test
  void aScheduleThatNeverFiresIsRefusedWithItsKey() throws IOException {
    // 31 February parses as cron and never comes: the monitor would wait forever
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, schedule: '0 9 31 2 *'}\n",
        "monitor.yaml: jobs[0].schedule: '0 9 31 2 *' never fires");
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c}\nsite: {out: s, schedule: '0 0 31 4 *'}\n",
        "monitor.yaml: site.schedule: '0 0 31 4 *' never fires");
  }

  @Test
  void scheduleRefusesANeverFiringScheduleBeforeOpeningTheDatabase() throws IOException {
    Path db = dir.resolve("history.db");
    Path file =
        write(
            "db: "
                + db
                + "\njobs:\n  - {name: a, reference: r.csv, current: c.csv, schedule: '0 9 31 2 *'}\n");
    CliRun run = CliRun.run("schedule", "--config", file.toString(), "--once");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("error: monitor.yaml: jobs[0].schedule: '0 9 31 2 *' never fires");
    assertThat(run.out())
        .isEmpty(); // it used to log "no schedule fires again; stopping" and exit 0
    assertThat(db).doesNotExist();
  }

  @Test
  void theOldSnakeCaseKeysStillWorkWithOneWarningEach() throws IOException {
    MonitorConfig config =
        MonitorConfig.load(
            write(
                """
        on_drift: {command: [./retrain.sh], timeout: 30s}
        jobs:
          - {name: a, reference: r.csv, current: c.csv, drift_share: 0.3}
          - {name: b, reference: r.csv, current: c.csv, drift_share: 0.4}
        """),
            Map.of(),
            warnings::add);
    assertThat(config.onDrift())
        .isEqualTo(
            new OnDriftAction.RunCommand(List.of("./retrain.sh"), Duration.ofSeconds(30), null));
    assertThat(config.jobs()).extracting(MonitorConfig.Job::driftShare).containsExactly(0.3, 0.4);
    assertThat(warnings)
        .containsExactly(
            "monitor.yaml: on_drift is deprecated, write on-drift",
            "monitor.yaml: jobs[0].drift_share is deprecated, write drift-share");

    warnings.clear();
    MonitorConfig now =
        MonitorConfig.load(
            write(
                """
        on-drift: {command: [./retrain.sh], timeout: 30s}
        jobs:
          - {name: a, reference: r.csv, current: c.csv, drift-share: 0.3}
          - {name: b, reference: r.csv, current: c.csv, drift-share: 0.4}
        """),
            Map.of(),
            warnings::add);
    assertThat(now.onDrift()).isEqualTo(config.onDrift());
    assertThat(now.jobs()).extracting(MonitorConfig.Job::driftShare).containsExactly(0.3, 0.4);
    assertThat(warnings).isEmpty();
  }

  @Test
  void anOldKeysMistakesAreNamedAsWrittenAndBothSpellingsAreAnError() throws IOException {
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, drift_share: 2}\n",
        "monitor.yaml: jobs[0].drift_share: must be a number in (0, 1]: 2");
    assertProblem(
        "on_drift: {command: ./retrain.sh}\njobs:\n  - {name: a, reference: r, current: c}\n",
        "monitor.yaml: on_drift.command: must be a list");
    assertProblem(
        "jobs:\n  - {name: a, reference: r, current: c, drift_share: 0.2, drift-share: 0.3}\n",
        "monitor.yaml: jobs[0].drift_share: the deprecated spelling of jobs[0].drift-share, which is given too; "
            + "keep only drift-share");
  }

  @Test
  void theAlertPartOfAFileWarnsToo() throws IOException {
    MonitorConfig alerts =
        MonitorConfig.loadAlerts(
            write("on_drift: {post: 'https://h/x'}\n"), Map.of(), warnings::add);
    assertThat(alerts.onDrift()).isInstanceOf(OnDriftAction.PostSummary.class);
    assertThat(warnings).containsExactly("monitor.yaml: on_drift is deprecated, write on-drift");
  }

  private void assertProblem(String yaml, String message) throws IOException {
    Path file = write(yaml);
    assertThatThrownBy(() -> MonitorConfig.load(file, Map.of(), warnings::add))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void scheduleWithABadConfigExitsTwoWithOneLine() throws IOException {
    Path file = write("jobs:\n  - {name: a, reference: r, current: c, schedule: 'every day'}\n");
    CliRun run = CliRun.run("schedule", "--config", file.toString(), "--run-now", "--once");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("error: monitor.yaml: jobs[0].schedule: not a UNIX cron expression");
  }

  @Test
  void aSiteUrlWithCredentialsIsRefusedWithThePasswordMasked() throws IOException {
    Path file =
        write(
            """
        site: {url: 'https://siteuser:SITEPASS789@example.invalid/dash'}
        jobs:
          - {name: a, reference: r.csv, current: c.csv}
        """);
    CliRun run =
        CliRun.run("schedule", "--config", file.toString(), "--run-now", "--once", "--dry-run");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.out() + run.err()).doesNotContain("SITEPASS789");
    assertThat(run.errLines())
        .containsExactly(
            "error: monitor.yaml: site.url: must not hold credentials (user:password@), it is the"
                + " link sent with every alert: https://siteuser:****@example.invalid/dash");
  }

  @Test
  void aSiteUrlWithAQueryOrFragmentIsRefusedWithoutShowingIt() throws IOException {
    // alert links append runs/RUN/index.html: after '?k=abc' they became ?k=abc/runs/...
    for (String url :
        List.of("https://example.invalid/site/?k=SECRETKEY1", "https://example.invalid/site#top")) {
      char cut = url.contains("?") ? '?' : '#';
      Path file =
          write(
              "site: {url: '"
                  + url
                  + "'}\njobs:\n  - {name: a, reference: r.csv, current: c.csv}\n");
      CliRun run =
          CliRun.run("schedule", "--config", file.toString(), "--run-now", "--once", "--dry-run");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
      assertThat(run.out() + run.err()).doesNotContain("SECRETKEY1");
      assertThat(run.errLines())
          .containsExactly(
              "error: monitor.yaml: site.url: must not hold a query (?...) or fragment (#...), as"
                  + " alert links add runs/RUN/index.html to its path: https://example.invalid/site"
                  + (cut == '?' ? "/?" : "#")
                  + "...");
    }
  }

  @Test
  void scheduleWarnsOnceAboutEachOldKey() throws IOException {
    Path data = dir.resolve("data");
    assertThat(CliRun.run("simulate", "--out", data.toString(), "--rows", "300").exitCode())
        .isZero();
    Path file =
        write(
            """
        db: %1$s/state/shadow.db
        jobs:
          - {name: a, reference: %1$s/data/reference.csv, current: %1$s/data/current.csv, out: %1$s/state,
             drift_share: 0.5}
          - {name: b, reference: %1$s/data/reference.csv, current: %1$s/data/current.csv, out: %1$s/state,
             drift_share: 0.5}
        """
                .formatted(dir));
    CliRun run = CliRun.run("schedule", "--config", file.toString(), "--run-now", "--once");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.errLines())
        .filteredOn(l -> l.contains("deprecated"))
        .containsExactly(
            "warning: monitor.yaml: jobs[0].drift_share is deprecated, write drift-share");
  }

  @Test
  void scheduleRunNowOnceRunsEveryJobAndBuildsTheSite() throws IOException {
    Path data = dir.resolve("data");
    assertThat(CliRun.run("simulate", "--out", data.toString(), "--rows", "300").exitCode())
        .isZero();
    Path file =
        write(
            """
        db: %1$s/state/shadow.db
        jobs:
          - {name: credit, reference: %1$s/data/reference.csv, current: %1$s/data/current.csv, out: %1$s/state}
        site: {out: %1$s/site}
        """
                .formatted(dir));
    CliRun run = CliRun.run("schedule", "--config", file.toString(), "--run-now", "--once");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("credit: ").contains("drift DETECTED").contains("site: ");
    assertThat(dir.resolve("site/index.html")).isRegularFile();
    assertThat(dir.resolve("state/shadow.db")).isRegularFile();
  }
}
