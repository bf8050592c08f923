package dev.shadowpipeline.app.monitor;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.config.IoReasons;
import dev.shadowpipeline.app.drift.DriftCheck;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.segment.SegmentedDrift;
import dev.shadowpipeline.report.drift.RunInputs;
import dev.shadowpipeline.report.site.RunIds;
import dev.shadowpipeline.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * History and alerts for a one-off {@code shadow drift} run ({@code --db}, {@code --alerts-config},
 * {@code --dry-run}): the same steps as a scheduled {@link DriftJob}, under the job name
 * {@value RunIds#DEFAULT_JOB}.
 *
 * <p>{@link #open} connects to (and migrates) the database before the data is read, so that a wrong URL, password
 * or path is reported in seconds rather than after minutes of comparing; {@link #record} saves the finished run on
 * that open store. The alerts' cooldown state is read by {@link #record}, not by {@link #open}: a long run decides on
 * the state as it is when the run is saved. Close it in every path: a database file that this open created and no
 * run was saved in (the data could not be read) is removed again with the folders it created.
 */
public final class OneOffRun implements AutoCloseable {

  private final Store store;
  private final MonitorConfig alerts;
  private final boolean dryRun;

  private OneOffRun(Store store, MonitorConfig alerts, boolean dryRun) {
    this.store = store;
    this.alerts = alerts;
    this.dryRun = dryRun;
  }

  /**
   * Opens the history database the run will be saved to.
   *
   * @param env environment variables (database credentials)
   * @param db database path or URL, or null to use the alerts file's {@code db}
   * @param alerts the alert part of a monitor.yaml ({@link MonitorConfig#loadAlerts}): its {@code alerts},
   *     {@code cooldown} and {@code on-drift} apply; or null (then {@code db} must be given)
   * @param dryRun print alert payloads and describe the action instead of sending and running them
   * @throws ConfigException for a bad or unreachable database, naming {@code --db} or the alerts file's {@code db}
   */
  public static OneOffRun open(
      Map<String, String> env, String db, MonitorConfig alerts, boolean dryRun) {
    MonitorConfig config = alerts;
    String database = db != null ? db : config.db();
    if (config != null
        && db != null
        && config.stateFile().equals(MonitorConfig.defaultStateFile(config.db()))) {
      // the cooldown belongs with the history it is about: beside the --db given here, not the
      // file's default db
      config = config.withStateFile(MonitorConfig.defaultStateFile(db));
    }
    String where = db != null ? "--db" : config.source().getFileName() + ": db";
    return new OneOffRun(Monitor.openStore(where, database, env), config, dryRun);
  }

  /** The history database, described for people (credentials masked). */
  public String describeStore() {
    return store.describe();
  }

  /**
   * Saves the run to the database (and its report to {@code out/runs/<run id>/}, so the next run into the same
   * folder does not replace what the dashboard links to), then alerts as configured. An untestable result is saved
   * as a failed run and alerted as a pipeline failure, as a scheduled run would be.
   *
   * @param out where the saved run, the job's steps and its alerts are reported (the command's results: on a
   *     failure, its stderr is left to the one error line)
   * @param segments the verdicts per segment for the saved report and the store, or null
   * @param inputs what the run read, named at the top of the saved report, or null
   * @return whether the run was saved
   * @throws ConfigException when the run's report cannot be written under {@code outDir}
   */
  public boolean record(
      PrintWriter out,
      String reference,
      String current,
      Path outDir,
      DriftResult result,
      Instant startedAt,
      SegmentedDrift segments,
      RunInputs inputs) {
    Clock clock = Clock.systemUTC();
    // the cooldown state is read here, now, not when the store was opened before the comparison
    Alerting alerting = alerts == null ? Alerting.none() : Alerting.from(alerts, dryRun, clock);
    DriftJob job = new DriftJob(store, alerting, clock, out);
    String runId = job.uniqueRunId(RunIds.DEFAULT_JOB, startedAt);
    Path runDir = outDir.resolve("runs").resolve(RunIds.folder(runId));
    try {
      DriftCheck.writeReport(runDir, result, segments, inputs);
    } catch (IOException e) {
      throw new ConfigException("--out: cannot write to " + outDir + ": " + IoReasons.reason(e), e);
    }
    DriftJob.Outcome outcome =
        job.record(
            RunIds.DEFAULT_JOB,
            runId,
            startedAt,
            reference,
            current,
            result,
            runDir.resolve(DriftCheck.REPORT),
            segments);
    if (outcome.succeeded()) {
      out.println("Saved run " + runId + " to " + store.describe());
    } else if (store.run(runId).isPresent()) {
      out.println(
          "Saved failed run " + runId + " to " + store.describe() + " (the check could not run)");
    }
    return outcome.succeeded();
  }

  @Override
  public void close() {
    store.closeDiscardingIfEmpty();
  }
}
