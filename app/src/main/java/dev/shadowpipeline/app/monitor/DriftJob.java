package dev.shadowpipeline.app.monitor;

import dev.shadowpipeline.alert.AlertEvent;
import dev.shadowpipeline.alert.AlertReport;
import dev.shadowpipeline.alert.ColumnScore;
import dev.shadowpipeline.alert.DeliveryResult;
import dev.shadowpipeline.alert.action.ActionResult;
import dev.shadowpipeline.app.drift.DriftCheck;
import dev.shadowpipeline.drift.data.DataReadException;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.ColumnStatus;
import dev.shadowpipeline.drift.engine.DatasetStatus;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.engine.IncompatibleTestException;
import dev.shadowpipeline.drift.segment.SegmentDrift;
import dev.shadowpipeline.drift.segment.SegmentedDrift;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import dev.shadowpipeline.drift.stattest.TestKind;
import dev.shadowpipeline.report.site.RunIds;
import dev.shadowpipeline.store.ColumnResult;
import dev.shadowpipeline.store.DriftRun;
import dev.shadowpipeline.store.ScoreKind;
import dev.shadowpipeline.store.SegmentResult;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a drift job, end to end: read reference and current data, compare them with the drift engine, write
 * the run's folder ({@code out/runs/<run id>/index.html}, {@code drift_report.json}, {@code drift_status.json}), save
 * the run and its columns to the store, send alerts (drift detected, recovered, pipeline failed; the cooldown decides
 * what is repeated) and run the {@code on-drift} action.
 *
 * <p>A failing run — unreadable input, data on which no drift check can run ({@link DatasetStatus#UNTESTABLE}: a
 * file with only a header, every column renamed), an engine error, a full disk — never throws: it is saved as a
 * failed run with its error (and a link to the last good report), alerted as {@link AlertEvent.PipelineFailed},
 * and returned as a failed {@link Outcome}, so a scheduler can go on to the next run. Only a failure to save to the
 * store is reported in the outcome without a stored run. An {@link DatasetStatus#INCOMPLETE incomplete} run is a
 * succeeded run with its verdict and its problems; it never announces a recovery, since part of the data was not
 * judged.
 *
 * <p>A job with {@code segment-by} also compares each segment; the segments' verdicts go into the run's report and
 * the store. Alerts and the {@code on-drift} action follow the verdict on the whole data.
 *
 * <p>Thread-safe as long as one job is not run twice at the same time; the scheduler runs jobs one after another.
 */
public final class DriftJob {

  /** Most columns named in a drift alert. */
  static final int ALERT_COLUMNS = 10;

  private final Store store;
  private final Alerting alerting;
  private final Clock clock;
  private final PrintWriter log;

  /**
   * @param store where runs are saved
   * @param alerting where alerts go
   * @param clock gives run start times (and thereby run ids)
   * @param log one line per step for the operator
   */
  public DriftJob(Store store, Alerting alerting, Clock clock, PrintWriter log) {
    this.store = Objects.requireNonNull(store, "store");
    this.alerting = Objects.requireNonNull(alerting, "alerting");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * What one run did.
   *
   * @param job the job
   * @param runId the run's id in the store
   * @param succeeded whether the datasets were compared and the run saved
   * @param drift whether dataset drift was found
   * @param share share of drifted columns (NaN for a failed run)
   * @param runDir the run's folder, or null when nothing was written
   * @param error why the run failed, or null
   * @param alerts what was sent (or held back) per event
   * @param action the {@code on-drift} action's result, or null when it did not run
   */
  public record Outcome(
      String job,
      String runId,
      boolean succeeded,
      boolean drift,
      double share,
      Path runDir,
      String error,
      List<AlertReport> alerts,
      ActionResult action) {
    public Outcome {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(runId, "runId");
      alerts = List.copyOf(alerts);
    }
  }

  /** Runs the job once, now. Never throws for bad data or a failing store; see {@link Outcome}. */
  public Outcome run(MonitorConfig.Job job) {
    Instant started = clock.instant();
    String runId = uniqueRunId(job.name(), started);
    Path runDir = job.out().resolve("runs").resolve(RunIds.folder(runId));
    DriftResult result;
    SegmentedDrift segments;
    try {
      DriftOptions options = job.options();
      DriftCheck.Compared compared =
          DriftCheck.compare(
              job.reference(), job.current(), job.readOptions(), options, job.segments());
      result = compared.result();
      segments = compared.segments();
      DriftCheck.writeReport(
          runDir, result, segments, DriftCheck.inputs(job.reference(), job.current(), started));
    } catch (DataReadException e) {
      return failed(job.name(), runId, started, job.reference(), job.current(), e.getMessage());
    } catch (IOException e) {
      return failed(
          job.name(),
          runId,
          started,
          job.reference(),
          job.current(),
          "cannot write " + runDir + ": " + e.getMessage());
    } catch (IncompatibleTestException e) {
      // compat: evidently refuses a test for a column type, as Evidently does: the job's config
      return failed(job.name(), runId, started, job.reference(), job.current(), e.getMessage());
    } catch (RuntimeException e) {
      // an engine bug must not stop the schedule: record it like any failure, with the exception's
      // type
      return failed(
          job.name(),
          runId,
          started,
          job.reference(),
          job.current(),
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return record(
        job.name(),
        runId,
        started,
        job.reference().toString(),
        job.current().toString(),
        result,
        runDir.resolve(DriftCheck.REPORT),
        segments);
  }

  /**
   * Saves a completed comparison, alerts and runs the action: the second half of {@link #run}, also used by the
   * one-off {@code shadow drift --db}.
   *
   * @param report the run's report file, stored as its location (archived by the site builder), or null
   */
  public Outcome record(
      String job,
      String runId,
      Instant started,
      String reference,
      String current,
      DriftResult result,
      Path report) {
    return record(job, runId, started, reference, current, result, report, null);
  }

  /**
   * {@link #record(String, String, Instant, String, String, DriftResult, Path)} with the verdicts per segment, saved
   * with the run; {@code segments} may be null.
   */
  public Outcome record(
      String job,
      String runId,
      Instant started,
      String reference,
      String current,
      DriftResult result,
      Path report,
      SegmentedDrift segments) {
    String referenceName = "reference " + reference;
    String currentName = "current " + current;
    java.util.Optional<String> untestable = result.untestableReason(referenceName, currentName);
    if (untestable.isPresent()) {
      // no verdict is not a healthy verdict: a failed run, alerted as such, never a recovery
      return failed(job, runId, started, reference, current, untestable.get());
    }
    Instant finished = clock.instant();
    List<String> problems = result.problems(referenceName, currentName);
    DriftRun run =
        DriftRun.succeeded(
            runId,
            started,
            finished.isBefore(started) ? started : finished,
            reference,
            current,
            result.drift(),
            result.share(),
            result.driftShareThreshold(),
            result.countedColumns(),
            result.driftedColumns().size(),
            report == null ? null : report.toString(),
            oneLineEach(problems));
    try {
      store.saveRun(run, columns(result), segments(segments));
    } catch (StoreException e) {
      return failedUnsaved(
          job, runId, started, e.getMessage(), report == null ? null : report.getParent());
    }
    log.printf(
        Locale.ROOT,
        "%s: %s — drift %s (%d of %d columns, share %.3f, threshold %s)%s%n",
        job,
        runId,
        result.drift() ? "DETECTED" : "not detected",
        result.driftedColumns().size(),
        result.countedColumns(),
        result.share(),
        result.driftShareThreshold(),
        problems.isEmpty() ? "" : "; INCOMPLETE: " + String.join("; ", problems));
    if (segments != null) {
      log.printf(
          Locale.ROOT,
          "%s: segments by %s: drift in %d of %d tested%s%s%n",
          job,
          segments.options().column(),
          segments.drifted().size(),
          segments.tested(),
          segments.drifted().isEmpty()
              ? ""
              : " ("
                  + String.join(", ", segments.drifted().stream().map(SegmentDrift::label).toList())
                  + ")",
          segments.untested().isEmpty() ? "" : "; " + segments.untested().size() + " not tested");
    }
    List<AlertReport> alerts = new ArrayList<>();
    ActionResult action = null;
    String reportUrl = alerting.reportUrl(runId);
    if (result.drift()) {
      AlertEvent event =
          new AlertEvent.DriftDetected(
              job,
              runId,
              started,
              result.share(),
              result.driftShareThreshold(),
              result.driftedColumns().size(),
              result.countedColumns(),
              topColumns(result),
              reportUrl);
      alerts.add(send(event));
      if (alerting.onDrift() != null) {
        action = alerting.actions().run(alerting.onDrift(), event).join();
        log.printf(
            "%s: on-drift %s%s%n",
            job,
            action.outcome().name().toLowerCase(Locale.ROOT),
            action.reason().isEmpty()
                ? action.exitCode() < 0 ? "" : " (exit " + action.exitCode() + ")"
                : ": " + action.reason());
        // what the action said (or would run, in a dry run): the runner's own log line of it is
        // INFO,
        // which a one-off command hides without --verbose
        if (action.outcome() == ActionResult.Outcome.SUCCEEDED
            || action.outcome() == ActionResult.Outcome.DRY_RUN) {
          action.output().strip().lines().forEach(line -> log.printf("  | %s%n", line));
        }
      }
    } else if (result.status() == DatasetStatus.INCOMPLETE) {
      // no drift among the columns judged says nothing about the others: not a recovery
      log.printf("%s: no recovery announced: the run could not judge every column%n", job);
    } else {
      // sent only when a drift alert went out before (the cooldown knows); otherwise held back
      // quietly
      alerts.add(
          send(
              new AlertEvent.DriftRecovered(
                  job, runId, started, result.share(), result.driftShareThreshold(), reportUrl)));
    }
    return new Outcome(
        job,
        runId,
        true,
        result.drift(),
        result.share(),
        report == null ? null : report.getParent(),
        null,
        alerts,
        action);
  }

  /**
   * Saves a run that could not complete, pointing at the last good report, and alerts it.
   *
   * @param error one line saying what went wrong
   */
  public Outcome failed(
      String job, String runId, Instant started, Path reference, Path current, String error) {
    return failed(job, runId, started, reference.toString(), current.toString(), error);
  }

  private Outcome failed(
      String job, String runId, Instant started, String reference, String current, String error) {
    Instant finished = clock.instant();
    String lastGood = lastGoodReport(job);
    try {
      store.saveRun(
          DriftRun.failed(
              runId,
              started,
              finished.isBefore(started) ? started : finished,
              reference,
              current,
              error,
              lastGood),
          List.of());
    } catch (StoreException e) {
      return failedUnsaved(
          job, runId, started, error + "; and the run could not be saved: " + e.getMessage(), null);
    }
    log.printf("%s: %s — FAILED: %s%n", job, runId, error);
    AlertReport alert =
        send(new AlertEvent.PipelineFailed(job, runId, started, error, alerting.siteUrl()));
    return new Outcome(job, runId, false, false, Double.NaN, null, error, List.of(alert), null);
  }

  private Outcome failedUnsaved(
      String job, String runId, Instant started, String error, Path runDir) {
    log.printf("%s: %s — FAILED (not recorded): %s%n", job, runId, error);
    AlertReport alert =
        send(new AlertEvent.PipelineFailed(job, runId, started, error, alerting.siteUrl()));
    return new Outcome(job, runId, false, false, Double.NaN, runDir, error, List.of(alert), null);
  }

  private String lastGoodReport(String job) {
    try {
      List<DriftRun> runs = store.runs();
      for (int i = runs.size() - 1; i >= 0; i--) {
        DriftRun r = runs.get(i);
        if (r.succeeded() && RunIds.job(r.runId()).equals(job) && r.reportLocation() != null) {
          return r.reportLocation();
        }
      }
    } catch (StoreException e) {
      // saving will fail the same way and say so
    }
    return null;
  }

  String uniqueRunId(String job, Instant started) {
    String id = RunIds.of(job, started);
    try {
      for (int counter = 2; store.run(id).isPresent(); counter++) {
        id =
            RunIds.withCounter(
                job, started, counter); // two runs within a second must not replace each other
      }
    } catch (StoreException e) {
      // the save will report the database problem
    }
    return id;
  }

  private AlertReport send(AlertEvent event) {
    AlertReport report = alerting.notifier().send(event).join();
    for (DeliveryResult r : report.results()) {
      String what =
          switch (r.outcome()) {
            case DELIVERED -> "sent to " + r.channel();
            case DRY_RUN -> "dry run, would send to " + r.channel() + ": " + r.payload();
            case SUPPRESSED -> "held back for " + r.channel() + ": " + r.reason();
            case FAILED ->
                "FAILED to send to "
                    + r.channel()
                    + " after "
                    + r.attempts()
                    + " attempt(s): "
                    + r.reason();
          };
      if (r.outcome() != DeliveryResult.Outcome.SUPPRESSED
          || event instanceof AlertEvent.DriftDetected
          || event instanceof AlertEvent.PipelineFailed) {
        log.printf("  alert %s: %s%n", event.kind(), what);
      }
    }
    return report;
  }

  /** The store's view of each segment; none when the run was not split by segment. */
  static List<SegmentResult> segments(SegmentedDrift segments) {
    if (segments == null) {
      return List.of();
    }
    List<SegmentResult> out = new ArrayList<>();
    for (SegmentDrift d : segments.segments()) {
      boolean tested = d.status().tested();
      DriftResult r = d.result();
      out.add(
          new SegmentResult(
              segments.options().column(),
              d.value(),
              d.other(),
              d.values(),
              d.status().label(),
              d.referenceRows(),
              d.currentRows(),
              tested,
              tested && r.drift(),
              tested ? r.share() : Double.NaN,
              tested ? r.countedColumns() : 0,
              tested ? r.driftedColumns().size() : 0,
              tested ? oneLineEach(r.driftedColumns()) : List.of()));
    }
    return out;
  }

  /** The store's view of each column. */
  static List<ColumnResult> columns(DriftResult result) {
    List<ColumnResult> out = new ArrayList<>();
    for (ColumnDrift c : result.columns()) {
      StatTestResult r = c.result();
      boolean present =
          c.status() != ColumnStatus.ONLY_IN_CURRENT
              && c.status() != ColumnStatus.ONLY_IN_REFERENCE;
      out.add(
          new ColumnResult(
              c.name(),
              c.type().name().toLowerCase(Locale.ROOT),
              r == null ? "" : r.test(),
              r != null && r.kind() == TestKind.P_VALUE ? ScoreKind.P_VALUE : ScoreKind.DISTANCE,
              r == null ? Double.NaN : r.statistic(),
              r == null ? Double.NaN : r.score(),
              r == null ? Double.NaN : r.threshold(),
              c.drifted(),
              present ? share(c.reference().missingShare()) : Double.NaN,
              present ? share(c.current().missingShare()) : Double.NaN,
              (int) Math.min(Integer.MAX_VALUE, c.newCategories()),
              c.status() == ColumnStatus.OK
                  ? null
                  : c.status().label() + (c.detail().isEmpty() ? "" : ": " + c.detail())));
    }
    return out;
  }

  private static double share(double v) {
    return v >= 0 && v <= 1 ? v : Double.NaN;
  }

  /**
   * Drifted columns first, then by how far past (or short of) their threshold they are. A column that drifted
   * without a test is named by its reason: {@code missing_column} (gone from the current data), or
   * {@code missing_share} with the move of its missing share against that threshold.
   */
  static List<ColumnScore> topColumns(DriftResult result) {
    return result.columns().stream()
        .filter(c -> c.result() != null || c.drifted())
        .sorted(
            Comparator.comparing((ColumnDrift c) -> !c.drifted())
                .thenComparing(
                    Comparator.comparingDouble((ColumnDrift c) -> severity(c)).reversed()))
        .limit(ALERT_COLUMNS)
        .map(c -> score(c, result))
        .toList();
  }

  private static ColumnScore score(ColumnDrift c, DriftResult result) {
    StatTestResult r = c.result();
    if (r != null && (r.drifted() || !c.drifted())) {
      return new ColumnScore(c.name(), r.test(), r.score(), r.threshold(), c.drifted());
    }
    if (c.missingShareDrift()) {
      return new ColumnScore(
          c.name(),
          "missing_share",
          Math.abs(c.missingShareChange()),
          result.missingShareThreshold().orElse(Double.NaN),
          true);
    }
    return new ColumnScore(c.name(), "missing_column", Double.NaN, Double.NaN, true);
  }

  // a column gone, or one whose missing share moved, leaves no score to rank by: it goes before the
  // tested ones
  private static double severity(ColumnDrift c) {
    StatTestResult r = c.result();
    return r == null || (c.drifted() && !r.drifted()) ? Double.POSITIVE_INFINITY : severity(r);
  }

  // DriftRun keeps one line per problem; a column name may hold a line break (a quoted CSV header)
  private static List<String> oneLineEach(List<String> problems) {
    return problems.stream().map(p -> p.replaceAll("[\\r\\n]+", " ")).toList();
  }

  // > 1 means past the threshold; p-values compare on a log scale since they span hundreds of
  // decades
  private static double severity(StatTestResult r) {
    if (r.kind() == TestKind.P_VALUE) {
      double p = Math.max(r.score(), Double.MIN_VALUE);
      double t = Math.min(Math.max(r.threshold(), Double.MIN_VALUE), 0.999);
      return Math.log(p) / Math.log(t);
    }
    return r.threshold() > 0 ? r.score() / r.threshold() : r.score();
  }

  /** The run of {@code job} saved most recently, if any. */
  Optional<DriftRun> latest(String job) {
    List<DriftRun> runs = store.runs();
    for (int i = runs.size() - 1; i >= 0; i--) {
      if (RunIds.job(runs.get(i).runId()).equals(job)) {
        return Optional.of(runs.get(i));
      }
    }
    return Optional.empty();
  }
}
