package dev.shadowpipeline.app.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.alert.DeliveryResult;
import dev.shadowpipeline.alert.DiscordChannel;
import dev.shadowpipeline.alert.Secret;
import dev.shadowpipeline.alert.action.ActionResult;
import dev.shadowpipeline.alert.action.OnDriftAction;
import dev.shadowpipeline.app.simulate.SimulatedCsv;
import dev.shadowpipeline.drift.engine.Compat;
import dev.shadowpipeline.drift.engine.TestSelection;
import dev.shadowpipeline.drift.simulate.Simulation;
import dev.shadowpipeline.report.site.RunIds;
import dev.shadowpipeline.store.ColumnResult;
import dev.shadowpipeline.store.DriftRun;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift job on a real SQLite file, alerting a real loopback receiver. */
class DriftJobTest {

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
  private final StringWriter log = new StringWriter();
  private Receiver discord;
  private Store store;

  @BeforeEach
  void open() {
    discord = new Receiver();
    store = Store.open(dir.resolve("state/shadow.db").toString(), StoreOptions.defaults());
  }

  @AfterEach
  void close() {
    store.close();
    discord.close();
  }

  // one seed for every file: the reference is the same whatever the shift, the healthy current a
  // fresh sample
  private Path data(String name, double salaryShift) throws Exception {
    Path current = dir.resolve(name + ".csv");
    Simulation sim = new Simulation(500, 1, Map.of("salary", salaryShift), Map.of());
    SimulatedCsv.writeCsv(current, sim.generate().current());
    SimulatedCsv.writeCsv(dir.resolve("reference.csv"), sim.generate().reference());
    return current;
  }

  private MonitorConfig.Job job(Path current) {
    return new MonitorConfig.Job(
        "credit",
        CronSchedule.parse("0 9 * * *"),
        dir.resolve("reference.csv"),
        current,
        0.1,
        null,
        dir.resolve("state"));
  }

  private DriftJob driftJob(OnDriftAction action) {
    MonitorConfig config =
        new MonitorConfig(
            dir.resolve("monitor.yaml"),
            "x",
            dir.resolve("state/alert-state.json"),
            List.of(DiscordChannel.of(new Secret(discord.url()))),
            Duration.ofHours(24),
            action,
            List.of(),
            new MonitorConfig.Site(dir.resolve("site"), null, "https://example.test/drift", "t"));
    return new DriftJob(
        store, Alerting.from(config, false, clock), clock, new PrintWriter(log, true));
  }

  @Test
  void driftIsSavedWithItsColumnsWrittenToARunFolderAlertedAndActedOn() throws Exception {
    Path current = data("drifted", 25_000);
    Path marker = dir.resolve("on-drift.json");
    DriftJob job =
        driftJob(
            new OnDriftAction.RunCommand(
                List.of("sh", "-c", "cat > '" + marker + "'; echo ticket DRIFT-7 opened"),
                Duration.ofSeconds(20),
                null));

    DriftJob.Outcome outcome = job.run(job(current));

    assertThat(outcome.succeeded()).as(log.toString()).isTrue();
    assertThat(outcome.drift()).isTrue();
    assertThat(outcome.runId()).isEqualTo("20260105T090000Z_credit");
    assertThat(outcome.runDir().resolve("index.html")).isRegularFile();
    assertThat(outcome.runDir().resolve("drift_report.json")).isRegularFile();
    assertThat(Files.readString(outcome.runDir().resolve("drift_status.json")))
        .contains("\"drift\" : true");
    DriftRun run = store.run(outcome.runId()).orElseThrow();
    assertThat(run.datasetDrift()).isTrue();
    assertThat(run.reportLocation()).endsWith("runs/20260105T090000Z_credit/index.html");
    assertThat(store.columnResults(outcome.runId()))
        .extracting(ColumnResult::column)
        .containsExactly("age", "salary", "clicks");
    assertThat(store.columnResults(outcome.runId()))
        .filteredOn(ColumnResult::drifted)
        .extracting(ColumnResult::column)
        .containsExactly("salary");

    assertThat(discord.bodies).hasSize(1);
    assertThat(discord.contents().get(0)).containsIgnoringCase("drift").contains("credit");
    assertThat(discord.bodies.get(0).toString())
        .contains("salary")
        .contains("https://example.test/drift/runs/20260105T090000Z_credit/index.html");
    assertThat(outcome.action().outcome()).isEqualTo(ActionResult.Outcome.SUCCEEDED);
    assertThat(Files.readString(marker)).contains("drift_detected");
    // the action's own output, which only an INFO log line showed (hidden by one-off commands)
    assertThat(log.toString())
        .contains("credit: on-drift succeeded (exit 0)\n  | ticket DRIFT-7 opened\n");
  }

  @Test
  void recoveryIsSentOnlyAfterADriftAlertAndTheSameDriftIsHeldBackWithinTheCooldown()
      throws Exception {
    Path healthy = data("healthy", 0);
    Path drifted = data("drifted", 25_000);
    DriftJob job = driftJob(null);

    job.run(job(healthy)); // healthy with no earlier alert: nothing to recover from
    assertThat(discord.bodies).isEmpty();

    clock.advance(Duration.ofDays(1));
    job.run(job(drifted));
    clock.advance(Duration.ofHours(1));
    DriftJob.Outcome again = job.run(job(drifted));
    assertThat(again.alerts().get(0).suppressed()).isTrue();
    assertThat(discord.bodies).hasSize(1);

    clock.advance(Duration.ofDays(1));
    DriftJob.Outcome recovered = job.run(job(healthy));
    assertThat(recovered.alerts().get(0).results())
        .extracting(DeliveryResult::outcome)
        .containsExactly(DeliveryResult.Outcome.DELIVERED);
    assertThat(discord.bodies).hasSize(2);
    assertThat(discord.contents().get(1)).containsIgnoringCase("recover");
    // the cooldown state is kept next to the database, so separate processes share it
    assertThat(dir.resolve("state/alert-state.json")).isRegularFile();
  }

  @Test
  void aFailedRunIsSavedWithItsErrorPointsAtTheLastGoodReportAndIsAlerted() throws Exception {
    Path healthy = data("healthy", 0);
    DriftJob job = driftJob(null);
    DriftJob.Outcome good = job.run(job(healthy));

    clock.advance(Duration.ofDays(1));
    DriftJob.Outcome bad = job.run(job(dir.resolve("missing.csv")));

    assertThat(bad.succeeded()).isFalse();
    assertThat(bad.error()).contains("missing.csv").contains("no such file");
    DriftRun run = store.run(bad.runId()).orElseThrow();
    assertThat(run.succeeded()).isFalse();
    assertThat(run.errorMessage()).contains("missing.csv");
    assertThat(run.reportLocation())
        .isEqualTo(store.run(good.runId()).orElseThrow().reportLocation());
    assertThat(discord.contents()).singleElement().asString().containsIgnoringCase("fail");
  }

  @Test
  void anUntestableRunIsAFailedRunAlertedAsAFailureAndNeverAsARecovery() throws Exception {
    Path drifted = data("drifted", 25_000);
    Path headerOnly = dir.resolve("header-only.csv");
    Files.writeString(headerOnly, "age,salary,clicks\n");
    DriftJob job = driftJob(null);
    job.run(job(drifted));
    assertThat(discord.contents()).singleElement().asString().contains("Data drift detected");

    clock.advance(Duration.ofDays(1));
    DriftJob.Outcome untestable = job.run(job(headerOnly));

    String reason = "current " + headerOnly + ": no data rows (only a header); nothing to compare";
    assertThat(untestable.succeeded()).isFalse();
    assertThat(untestable.error()).isEqualTo(reason);
    DriftRun run = store.run(untestable.runId()).orElseThrow();
    assertThat(run.succeeded()).isFalse();
    assertThat(run.errorMessage()).isEqualTo(reason);
    assertThat(store.columnResults(untestable.runId())).isEmpty();
    // a healthy run here would have sent "recovered" (the drift alert above went out); this one
    // must not
    assertThat(discord.contents()).hasSize(2);
    assertThat(discord.contents().get(1)).contains("Pipeline run failed: credit").contains(reason);
    assertThat(discord.contents())
        .noneMatch(c -> c.toLowerCase(java.util.Locale.ROOT).contains("recover"));
    // the run's own folder still says what happened
    assertThat(
            Files.readString(
                dir.resolve("state/runs")
                    .resolve(RunIds.folder(untestable.runId()))
                    .resolve("drift_status.json")))
        .contains("\"status\" : \"untestable\"");
  }

  @Test
  void anIncompleteRunKeepsItsProblemsAndDoesNotAnnounceARecovery() throws Exception {
    Path drifted = data("drifted", 25_000);
    Path healthy = data("healthy", 0);
    // the healthy data without its clicks column
    Path noClicks = dir.resolve("no-clicks.csv");
    Files.write(
        noClicks,
        Files.readAllLines(healthy).stream()
            .map(line -> line.substring(0, line.lastIndexOf(',')))
            .toList());
    DriftJob job = driftJob(null);
    job.run(job(drifted));

    clock.advance(Duration.ofDays(1));
    // clicks counts as drifted: 1 of 3 columns, short of a 0.5 drift share, so no drift, yet not a
    // recovery
    DriftJob.Outcome incomplete =
        job.run(
            new MonitorConfig.Job(
                "credit",
                CronSchedule.parse("0 9 * * *"),
                dir.resolve("reference.csv"),
                noClicks,
                0.5,
                null,
                dir.resolve("state")));

    assertThat(incomplete.succeeded()).as(log.toString()).isTrue();
    assertThat(incomplete.drift()).isFalse();
    assertThat(incomplete.share()).isEqualTo(1.0 / 3);
    DriftRun run = store.run(incomplete.runId()).orElseThrow();
    assertThat(run.incomplete()).isTrue();
    assertThat(run.problems())
        .containsExactly(
            "column 'clicks' of reference "
                + dir.resolve("reference.csv")
                + " is missing from current "
                + noClicks
                + " (counted as drifted)");
    assertThat(run.columnsTotal()).isEqualTo(3);
    assertThat(run.columnsDrifted()).isEqualTo(1);
    ColumnResult clicks =
        store.columnResults(incomplete.runId()).stream()
            .filter(c -> c.column().equals("clicks"))
            .findFirst()
            .orElseThrow();
    assertThat(clicks.drifted()).isTrue();
    assertThat(clicks.errorMessage()).startsWith("only-in-reference");
    assertThat(discord.contents()).hasSize(1);
    assertThat(log.toString()).contains("no recovery announced");

    clock.advance(Duration.ofDays(1));
    job.run(job(healthy)); // a complete healthy run does announce it
    assertThat(discord.contents()).hasSize(2);
    assertThat(discord.contents().get(1)).containsIgnoringCase("recover");
  }

  @Test
  void aJobsMissingShareThresholdApplies() throws Exception {
    Path healthy = data("healthy", 0);
    // every age blank in the current data: 0% -> 100% missing
    Path blankAge = dir.resolve("blank-age.csv");
    Files.write(
        blankAge,
        Files.readAllLines(healthy).stream()
            .map(line -> line.startsWith("age") ? line : line.substring(line.indexOf(',')))
            .toList());
    DriftJob job = driftJob(null);

    DriftJob.Outcome withRule = job.run(job(blankAge));
    assertThat(withRule.drift()).isTrue();
    // the alert names the column and why, though it had no test score
    assertThat(discord.bodies.get(0).toString())
        .contains("age")
        .contains("missing_share 1.0000 (threshold 0.1000)");
    assertThat(store.columnResults(withRule.runId()))
        .filteredOn(ColumnResult::drifted)
        .extracting(ColumnResult::column)
        .containsExactly("age");

    DriftJob.Outcome off =
        job.run(
            new MonitorConfig.Job(
                "credit",
                CronSchedule.parse("0 9 * * *"),
                dir.resolve("reference.csv"),
                blankAge,
                0.1,
                null,
                dir.resolve("state"),
                java.util.OptionalDouble.empty()));
    assertThat(off.drift()).isFalse();
    assertThat(store.run(off.runId()).orElseThrow().problems())
        .singleElement()
        .asString()
        .contains("column 'age' was not tested (all-missing)");
  }

  @Test
  void anEvidentlyJobRefusingItsTestIsAFailedRunNamingWhy() throws Exception {
    Path healthy = data("healthy", 0);
    DriftJob job = driftJob(null);
    // z on the numeric columns: Evidently's registry refuses it, so the run fails as Evidently's
    DriftJob.Outcome refused =
        job.run(
            new MonitorConfig.Job(
                "credit",
                CronSchedule.parse("0 9 * * *"),
                dir.resolve("reference.csv"),
                healthy,
                0.5,
                TestSelection.resolve("z", Compat.EVIDENTLY.catalog())
                    .orElseThrow(IllegalStateException::new),
                dir.resolve("state"),
                java.util.OptionalDouble.empty(),
                Compat.EVIDENTLY,
                null,
                false));
    assertThat(refused.error())
        .startsWith("--compat evidently: test 'z' does not apply to the numeric column");
    assertThat(store.run(refused.runId()).orElseThrow().errorMessage())
        .contains("Evidently 0.7's registry");
  }

  @Test
  void twoRunsInOneSecondGetDistinctIds() throws Exception {
    Path healthy = data("healthy", 0);
    DriftJob job = driftJob(null);
    String first = job.run(job(healthy)).runId();
    String second = job.run(job(healthy)).runId();
    assertThat(second).isNotEqualTo(first).isEqualTo("20260105T090000Z-2_credit");
    assertThat(store.runs()).hasSize(2);
  }
}
