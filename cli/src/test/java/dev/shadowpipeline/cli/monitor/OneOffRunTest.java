package dev.shadowpipeline.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.app.drift.DriftCheck;
import dev.shadowpipeline.app.monitor.MonitorConfig;
import dev.shadowpipeline.app.monitor.OneOffRun;
import dev.shadowpipeline.app.monitor.Receiver;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.store.DriftRun;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shadow drift --db --alerts-config [--dry-run]}: the one-off run saved and alerted like a scheduled one. */
class OneOffRunTest {

  @TempDir Path dir;

  @Test
  void driftWithDbSavesTheRunAndAlertsThroughTheConfiguredChannel() throws Exception {
    Path data = dir.resolve("data");
    assertThat(CliRun.run("simulate", "--out", data.toString(), "--rows", "300").exitCode())
        .isZero();
    Path db = dir.resolve("h/shadow.db");
    try (Receiver discord = new Receiver()) {
      Path alerts = dir.resolve("monitor.yaml");
      Files.writeString(alerts, "alerts: {discord: '${HOOK}'}\n");
      String[] args = {
        "drift",
        "--reference",
        data.resolve("reference.csv").toString(),
        "--current",
        data.resolve("current.csv").toString(),
        "--out",
        dir.resolve("out").toString(),
        "--db",
        db.toString(),
        "--alerts-config",
        alerts.toString()
      };

      CliRun run = CliRun.run(Map.of("HOOK", discord.url()), args);
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("Saved run ");
      assertThat(discord.contents()).singleElement().asString().contains("drift");

      String[] dry = java.util.Arrays.copyOf(args, args.length + 1);
      dry[args.length] = "--dry-run";
      CliRun dryRun = CliRun.run(Map.of("HOOK", discord.url()), dry);
      assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
      assertThat(discord.bodies).hasSize(1); // nothing more was sent
    }
    try (Store store = Store.open(db.toString(), StoreOptions.defaults())) {
      List<DriftRun> runs = store.runs();
      assertThat(runs).hasSize(2).allMatch(DriftRun::datasetDrift);
      assertThat(runs.get(0).runId()).isNotEqualTo(runs.get(1).runId());
      for (DriftRun r : runs) {
        assertThat(Path.of(r.reportLocation())).isRegularFile(); // each run keeps its own report
      }
    }
  }

  @Test
  void anUntestableRunWithDbIsSavedAsFailedAlertedAsAFailureAndExitsTwo() throws Exception {
    Path data = dir.resolve("data");
    assertThat(CliRun.run("simulate", "--out", data.toString(), "--rows", "300").exitCode())
        .isZero();
    Path headerOnly = dir.resolve("empty.csv");
    Files.writeString(headerOnly, "age,salary,clicks\n");
    Path db = dir.resolve("h/shadow.db");
    try (Receiver discord = new Receiver()) {
      Path alerts = dir.resolve("monitor.yaml");
      Files.writeString(alerts, "alerts: {discord: '${HOOK}'}\n");

      CliRun run =
          CliRun.run(
              Map.of("HOOK", discord.url()),
              "drift",
              "--reference",
              data.resolve("reference.csv").toString(),
              "--current",
              headerOnly.toString(),
              "--out",
              dir.resolve("out").toString(),
              "--db",
              db.toString(),
              "--alerts-config",
              alerts.toString());

      assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
      // the failed run and its alert are results of the command, on stdout: stderr is the error
      assertThat(run.errLines())
          .containsExactly(
              "error: --current "
                  + headerOnly
                  + ": no data rows (only a header); nothing to compare");
      assertThat(run.out())
          .contains("drift: ", " — FAILED: current " + headerOnly)
          .contains("alert pipeline_failed: sent to discord")
          .contains("Saved failed run ");
      assertThat(discord.contents())
          .singleElement()
          .asString()
          .contains("Pipeline run failed")
          .contains("no data rows (only a header)");
    }
    try (Store store = Store.open(db.toString(), StoreOptions.defaults())) {
      DriftRun failed = store.runs().get(0);
      assertThat(store.runs()).hasSize(1);
      assertThat(failed.succeeded()).isFalse();
      assertThat(failed.errorMessage())
          .isEqualTo(
              "current " + headerOnly + ": no data rows (only a header); nothing to compare");
    }
  }

  @Test
  void theCooldownIsReadWhenTheRunIsSavedNotWhenTheDatabaseIsOpened() throws Exception {
    Path data = dir.resolve("data");
    assertThat(CliRun.run("simulate", "--out", data.toString(), "--rows", "300").exitCode())
        .isZero();
    Path reference = data.resolve("reference.csv");
    Path current = data.resolve("current.csv");
    Path db = dir.resolve("h/shadow.db");
    Path alertsFile = dir.resolve("monitor.yaml");
    Files.writeString(alertsFile, "alerts: {discord: '${HOOK}'}\ncooldown: 24h\n");
    try (Receiver discord = new Receiver()) {
      Map<String, String> env = Map.of("HOOK", discord.url());
      MonitorConfig alerts = MonitorConfig.loadAlerts(alertsFile, env, w -> {});
      // opened first, as `shadow drift --db` now does before its (long) comparison
      try (OneOffRun history = OneOffRun.open(env, db.toString(), alerts, false)) {
        // meanwhile another run alerts the same drift, and its cooldown state is written beside
        // the database
        CliRun other =
            CliRun.run(
                env,
                "drift",
                "--reference",
                reference.toString(),
                "--current",
                current.toString(),
                "--out",
                dir.resolve("other").toString(),
                "--db",
                db.toString(),
                "--alerts-config",
                alertsFile.toString());
        assertThat(other.exitCode()).as(other.err()).isZero();
        assertThat(discord.bodies).hasSize(1);
        assertThat(db.resolveSibling("alert-state.json")).isRegularFile();

        DriftResult result =
            DriftCheck.compare(reference, current, ReadOptions.DEFAULTS, DriftOptions.DEFAULTS)
                .result();
        StringWriter log = new StringWriter();
        boolean saved =
            history.record(
                new PrintWriter(log, true),
                reference.toString(),
                current.toString(),
                dir.resolve("out"),
                result,
                Instant.now(),
                null,
                null);

        assertThat(saved).isTrue();
        // the same drift, already sent within the cooldown: held back, as the state says now
        assertThat(discord.bodies).as(log.toString()).hasSize(1);
        assertThat(log.toString()).contains("held back for discord: drift:");
      }
    }
    try (Store store = Store.open(db.toString(), StoreOptions.defaults())) {
      assertThat(store.runs()).hasSize(2);
    }
  }
}
