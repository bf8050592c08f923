package dev.shadowpipeline.report.site;

import dev.shadowpipeline.report.html.AtomicFiles;
import dev.shadowpipeline.report.html.HtmlRenderer;
import dev.shadowpipeline.store.ColumnScorePoint;
import dev.shadowpipeline.store.ComparisonWindow;
import dev.shadowpipeline.store.DriftRun;
import dev.shadowpipeline.store.ScoreKind;
import dev.shadowpipeline.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the static dashboard from a {@link Store}: {@code OUT/index.html} and {@code OUT/status.json}, and the
 * archive {@code OUT/runs/<run id>/} of each run's report.
 *
 * <p>Archiving: a run's report is copied from where its job wrote it ({@link DriftRun#reportLocation()}, a path to
 * its {@code index.html}; relative paths are resolved against the working directory) together with the JSON files
 * beside it, unless the archive already holds that run — archived reports are never replaced or deleted. A run whose
 * report is neither archived nor found is listed without a link. A failed run links to the last good report.
 *
 * <p>Shadow traffic windows are read a week at a time, over the drift history and at least the last 90 days, and
 * folded into at most {@value #MAX_WINDOW_POINTS} time buckets, so neither the page's size nor the builder's memory
 * grows with months of per-minute windows.
 *
 * <pre>{@code
 * DashboardSite.Built built = DashboardSite.build(store, Path.of("site"), "Drift monitor", Clock.systemUTC());
 * }</pre>
 */
public final class DashboardSite {

  /** Most time buckets drawn for the shadow traffic trends. */
  static final int MAX_WINDOW_POINTS = 400;

  private static final String TEMPLATE = "site/dashboard";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final Duration WINDOW_READ_CHUNK = Duration.ofDays(7);

  /** Shadow windows shown at least this far back (further when the drift history is longer). */
  static final Duration WINDOW_HISTORY = Duration.ofDays(90);

  // divide each other, so re-keying into the next size merges whole buckets
  private static final long[] BUCKET_SIZES = {
    60_000L, 300_000L, 900_000L, 3_600_000L, 21_600_000L, 86_400_000L, 604_800_000L
  };
  private static final List<String> REPORT_FILES =
      List.of("index.html", "drift_report.json", "drift_status.json");

  private DashboardSite() {}

  /** The state the dashboard shows at the top. */
  public enum Status {
    /** No run recorded yet. */
    EMPTY,
    /** The last run of every job succeeded without dataset drift, and judged every column. */
    HEALTHY,
    /**
     * The last run of some job found no dataset drift but could not judge every column ({@link DriftRun#incomplete()}):
     * not healthy. (A run that could judge nothing at all is saved as failed.)
     */
    INCOMPLETE,
    /** The last run of some job found dataset drift. */
    DRIFT,
    /** The last run of some job failed. */
    FAILED
  }

  /**
   * What was built.
   *
   * @param index the dashboard page
   * @param status the overall status shown
   * @param runs runs listed
   * @param archivedNow reports copied into the archive by this build
   * @param archived runs whose report is in the archive (now or before)
   * @param windows shadow comparison windows read
   */
  public record Built(
      Path index, Status status, int runs, int archivedNow, int archived, long windows) {
    public Built {
      Objects.requireNonNull(index, "index");
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * Builds (or rebuilds) the site in {@code out}.
   *
   * @param title the page title, e.g. "Drift monitor"
   * @param clock gives the "generated at" time
   * @throws IOException when the site cannot be written
   * @throws dev.shadowpipeline.store.StoreException when the database cannot be read
   */
  public static Built build(Store store, Path out, String title, Clock clock) throws IOException {
    return build(store, out, title, clock, RunSchedule.NONE);
  }

  /**
   * Builds (or rebuilds) the site in {@code out}, with the jobs' {@code schedule}: a scheduled run that left no trace
   * is a gap and a marker on the trend axes, and a configured job that never ran has a card saying so.
   *
   * @throws IOException when the site cannot be written
   * @throws dev.shadowpipeline.store.StoreException when the database cannot be read
   */
  public static Built build(Store store, Path out, String title, Clock clock, RunSchedule schedule)
      throws IOException {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(schedule, "schedule");
    Files.createDirectories(out);
    List<DriftRun> runs = store.runs();
    Map<String, List<ColumnScorePoint>> histories = store.columnHistories();
    Map<String, List<Instant>> missing = missingRuns(runs, schedule, clock.instant());

    // archive first, so the page links only to reports that are really there
    Map<String, String> links = new HashMap<>();
    int archivedNow = 0;
    for (DriftRun run : runs) {
      String folder = RunIds.folder(run.runId());
      Path target = out.resolve("runs").resolve(folder);
      if (!Files.isRegularFile(target.resolve("index.html"))
          && run.succeeded()
          && run.reportLocation() != null) {
        if (copyReport(Path.of(run.reportLocation()), target)) {
          archivedNow++;
        }
      }
      if (Files.isRegularFile(target.resolve("index.html"))) {
        links.put(run.runId(), "runs/" + folder + "/index.html");
      }
    }

    Map<String, Object> model = new LinkedHashMap<>();
    model.put("title", title);
    model.put("generatedAt", TIME.format(clock.instant()) + " UTC");
    Status status = status(runs, histories, schedule, clock.instant(), model, links);
    model.put("status", status.name().toLowerCase(Locale.ROOT));
    model.put("runs", runRows(runs, links));
    model.put("runCount", runs.size());
    model.put("shareChart", shareChart(runs, missing, schedule));
    model.put("columnCharts", columnCharts(histories, runs, missing, schedule));
    long windows = windowCharts(store, runs, clock, model);
    model.put("windowCount", windows);

    Path index = out.resolve("index.html");
    HtmlRenderer.shared().write(index, TEMPLATE, model);
    AtomicFiles.writeString(out.resolve("status.json"), statusJson(status, runs));
    return new Built(index, status, runs.size(), archivedNow, links.size(), windows);
  }

  // copies the report and its JSON files; false when the report is gone (e.g. a fresh CI runner)
  private static boolean copyReport(Path report, Path target) throws IOException {
    if (!Files.isRegularFile(report)) {
      return false;
    }
    Path sourceDir = report.toAbsolutePath().getParent();
    Files.createDirectories(target);
    for (String name : REPORT_FILES) {
      Path from = name.equals("index.html") ? report : sourceDir.resolve(name);
      if (Files.isRegularFile(from)) {
        Path temp = Files.createTempFile(target, "." + name, ".tmp");
        try {
          Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(
              temp,
              target.resolve(name),
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(temp);
        }
      }
    }
    return true;
  }

  // --- status
  // ----------------------------------------------------------------------------------------------------

  /**
   * The banner, the job cards and (through {@link #lastScored}) the column badges, all from each job's latest run and
   * latest scored run, so that no badge says "Drift" beside a banner that says "Healthy".
   */
  private static Status status(
      List<DriftRun> runs,
      Map<String, List<ColumnScorePoint>> histories,
      RunSchedule schedule,
      Instant now,
      Map<String, Object> model,
      Map<String, String> links) {
    Map<String, DriftRun> latestByJob = new TreeMap<>();
    Map<String, DriftRun> lastGoodByJob = new TreeMap<>();
    for (DriftRun run : runs) { // oldest first, so later ones win
      String job = RunIds.job(run.runId());
      latestByJob.put(job, run);
      if (run.succeeded()) {
        lastGoodByJob.put(job, run);
      }
    }
    Status overall = runs.isEmpty() ? Status.EMPTY : Status.HEALTHY;
    List<Map<String, Object>> jobs = new ArrayList<>();
    List<String> columnsDriftedNow = new ArrayList<>();
    for (Map.Entry<String, DriftRun> e : latestByJob.entrySet()) {
      DriftRun latest = e.getValue();
      DriftRun good = lastGoodByJob.get(e.getKey());
      Status status =
          !latest.succeeded()
              ? Status.FAILED
              : latest.datasetDrift()
                  ? Status.DRIFT
                  : latest.incomplete() ? Status.INCOMPLETE : Status.HEALTHY;
      if (status.compareTo(overall) > 0) { // Status is declared in rising order of concern
        overall = status;
      }
      Map<String, Object> job = new LinkedHashMap<>();
      job.put("name", e.getKey());
      job.put("status", status.name().toLowerCase(Locale.ROOT));
      job.put("at", TIME.format(latest.startedAt()) + " UTC");
      job.put("error", latest.succeeded() ? "" : latest.errorMessage());
      job.put("share", latest.succeeded() ? percent(latest.driftShare()) : "");
      job.put("drifted", latest.columnsDrifted());
      job.put("total", latest.columnsTotal());
      job.put("link", links.getOrDefault(latest.runId(), ""));
      job.put("lastGoodAt", good == null ? "" : TIME.format(good.startedAt()) + " UTC");
      job.put("lastGoodLink", good == null ? "" : links.getOrDefault(good.runId(), ""));
      job.put("lastGoodDrift", good != null && good.datasetDrift());
      job.put("problems", latest.problems());
      job.put("runId", latest.runId());
      // a run without dataset drift whose columns drifted is not called healthy anywhere
      List<String> drifted = latest.succeeded() ? driftedIn(latest, histories) : List.of();
      job.put("driftedColumns", String.join(", ", drifted));
      Badge badge =
          status == Status.HEALTHY && !drifted.isEmpty()
              ? new Badge("No dataset drift", "other")
              : Badge.of(latest, "Last run failed");
      job.put("badge", badge.text());
      job.put("tone", badge.tone());
      if (status == Status.HEALTHY) {
        drifted.forEach(
            c -> columnsDriftedNow.add(latestByJob.size() > 1 ? e.getKey() + " · " + c : c));
      }
      jobs.add(job);
    }
    List<Map<String, Object>> neverRun = new ArrayList<>();
    for (String job : new TreeSet<>(schedule.jobs())) {
      if (!latestByJob.containsKey(job)) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("name", job);
        card.put("schedule", schedule.describe(job));
        card.put(
            "next",
            schedule.next(job, now).map(t -> TIME.format(t) + " UTC").orElse("not scheduled"));
        neverRun.add(card);
      }
    }
    model.put("jobs", jobs);
    model.put("neverRun", neverRun);
    model.put("bannerText", bannerText(overall, columnsDriftedNow, neverRun.size()));
    model.put(
        "bannerTone",
        switch (overall) {
          case HEALTHY -> columnsDriftedNow.isEmpty() && neverRun.isEmpty() ? "ok" : "warn";
          case INCOMPLETE -> "warn";
          default -> "bad";
        });
    return overall;
  }

  private static String bannerText(Status overall, List<String> columnsDrifted, int neverRun) {
    String text =
        switch (overall) {
          case EMPTY -> "No drift run recorded yet.";
          case FAILED -> "Last run failed. The last good report stays available below.";
          case DRIFT -> "Drift detected in the latest run.";
          case INCOMPLETE ->
              "Incomplete: the latest run could not judge every column, so it is not known to be"
                  + " healthy.";
          case HEALTHY ->
              columnsDrifted.isEmpty()
                  ? "Healthy: no dataset drift in the latest run."
                  : "No dataset drift in the latest run, but "
                      + columnsDrifted.size()
                      + (columnsDrifted.size() == 1 ? " column" : " columns")
                      + " drifted (below the dataset's threshold): "
                      + String.join(", ", columnsDrifted)
                      + ".";
        };
    if (neverRun > 0) {
      text +=
          " "
              + neverRun
              + (neverRun == 1 ? " scheduled job has" : " scheduled jobs have")
              + " not run yet.";
    }
    return text;
  }

  /** The columns that drifted in a run, as saved with it. */
  private static List<String> driftedIn(
      DriftRun run, Map<String, List<ColumnScorePoint>> histories) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<ColumnScorePoint>> e : histories.entrySet()) {
      for (ColumnScorePoint p : e.getValue()) {
        if (p.runId().equals(run.runId()) && p.drifted()) {
          out.add(e.getKey());
        }
      }
    }
    return out;
  }

  /** Each job's latest scored (successful) run: the run whose verdicts the column badges show. */
  private static Map<String, DriftRun> lastScored(List<DriftRun> runs) {
    Map<String, DriftRun> out = new HashMap<>();
    for (DriftRun run : runs) { // oldest first, so later ones win
      if (run.succeeded()) {
        out.put(RunIds.job(run.runId()), run);
      }
    }
    return out;
  }

  /**
   * What a run's status reads as, wherever it is shown.
   *
   * @param text the words (never colour alone)
   * @param tone the colour class: {@code ok}, {@code drift} or {@code other}
   */
  record Badge(String text, String tone) {
    static Badge of(DriftRun run, String failed) {
      if (!run.succeeded()) {
        return new Badge(failed, "drift");
      }
      if (run.datasetDrift()) {
        return new Badge("Drift", "drift");
      }
      return run.incomplete() ? new Badge("Incomplete", "other") : new Badge("Healthy", "ok");
    }
  }

  // --- missing runs
  // ---------------------------------------------------------------------------------------------

  /** Scheduled times looked at per job, from its first run on: a bound on the work, not a limit a schedule meets. */
  static final int MAX_EXPECTED_RUNS = 5_000;

  /**
   * The scheduled times, per job, with no run of that job between them and the next scheduled time: from the job's
   * first run (before it, when the job was set up is unknown) up to now, leaving the latest time alone while its run
   * may still be starting (an hour, or the schedule's interval when shorter).
   */
  static Map<String, List<Instant>> missingRuns(
      List<DriftRun> runs, RunSchedule schedule, Instant now) {
    Map<String, List<Instant>> startsByJob = new TreeMap<>();
    for (DriftRun run : runs) {
      startsByJob
          .computeIfAbsent(RunIds.job(run.runId()), j -> new ArrayList<>())
          .add(run.startedAt());
    }
    Map<String, List<Instant>> missing = new TreeMap<>();
    for (Map.Entry<String, List<Instant>> e : startsByJob.entrySet()) {
      List<Instant> starts = e.getValue().stream().sorted().toList();
      Instant at = schedule.next(e.getKey(), starts.get(0)).orElse(null);
      int i = 0;
      for (int scanned = 0; at != null && scanned < MAX_EXPECTED_RUNS; scanned++) {
        Instant next = schedule.next(e.getKey(), at).orElse(null);
        Duration grace = Duration.ofHours(1);
        if (next != null && Duration.between(at, next).compareTo(grace) < 0) {
          grace = Duration.between(at, next);
        }
        if (!at.plus(grace).isBefore(now)) {
          break;
        }
        while (i < starts.size() && starts.get(i).isBefore(at)) {
          i++;
        }
        boolean ran = i < starts.size() && (next == null || starts.get(i).isBefore(next));
        if (!ran) {
          missing.computeIfAbsent(e.getKey(), j -> new ArrayList<>()).add(at);
        }
        at = next;
      }
    }
    return missing;
  }

  private static String missingReason(String job, Instant at, RunSchedule schedule) {
    return job
        + ": no run recorded; scheduled at "
        + TIME.format(at)
        + " UTC ("
        + schedule.describe(job)
        + ")";
  }

  private static String statusJson(Status status, List<DriftRun> runs) {
    StringBuilder json =
        new StringBuilder("{\"status\": \"")
            .append(status.name().toLowerCase(Locale.ROOT))
            .append("\", \"runs\": ")
            .append(runs.size());
    if (!runs.isEmpty()) {
      DriftRun last = runs.get(runs.size() - 1);
      json.append(", \"last_run\": \"")
          .append(jsonText(last.runId()))
          .append("\", \"last_run_at\": \"")
          .append(last.startedAt())
          .append('"');
    }
    return json.append("}\n").toString();
  }

  private static String jsonText(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  // --- runs table
  // ------------------------------------------------------------------------------------------------

  private static List<Map<String, Object>> runRows(List<DriftRun> runs, Map<String, String> links) {
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, String> lastGoodLink = new HashMap<>();
    List<Map<String, Object>> oldestFirst = new ArrayList<>();
    for (DriftRun run : runs) {
      String job = RunIds.job(run.runId());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", run.runId());
      row.put("job", job);
      row.put("at", TIME.format(run.startedAt()));
      row.put(
          "seconds",
          String.format(
              Locale.ROOT,
              "%.1f",
              Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0));
      row.put("failed", !run.succeeded());
      Badge badge = Badge.of(run, "Failed");
      row.put("badge", badge.text());
      row.put("tone", badge.tone());
      row.put("drift", run.datasetDrift());
      row.put("incomplete", run.incomplete());
      row.put("problems", String.join("; ", run.problems()));
      row.put("share", run.succeeded() ? percent(run.driftShare()) : "–");
      row.put("columns", run.succeeded() ? run.columnsDrifted() + " / " + run.columnsTotal() : "–");
      row.put("error", run.succeeded() ? "" : run.errorMessage());
      row.put("source", run.currentSource());
      if (run.succeeded()) {
        String link = links.getOrDefault(run.runId(), "");
        row.put("link", link);
        row.put("linkText", "report");
        if (!link.isEmpty()) {
          lastGoodLink.put(job, link);
        }
      } else {
        // a failed run has no report of its own; point at the last good one so it stays one click
        // away
        row.put("link", lastGoodLink.getOrDefault(job, ""));
        row.put("linkText", "last good report");
      }
      oldestFirst.add(row);
    }
    for (int i = oldestFirst.size() - 1; i >= 0; i--) {
      rows.add(oldestFirst.get(i));
    }
    return rows;
  }

  // --- drift trends
  // ----------------------------------------------------------------------------------------------

  private static Map<String, Object> shareChart(
      List<DriftRun> runs, Map<String, List<Instant>> missingByJob, RunSchedule schedule) {
    // every run is on the axis, failed ones too: a failed day is a gap in the line and a marker
    // whose tooltip gives the reason, never a day that silently is not there
    TreeSet<String> labels = new TreeSet<>();
    Map<String, Map<String, Double>> byJob = new TreeMap<>();
    Map<String, Double> thresholdByJob = new TreeMap<>();
    Map<String, String> failures = new TreeMap<>();
    for (DriftRun run : runs) {
      String label = TIME.format(run.startedAt());
      labels.add(label);
      String job = RunIds.job(run.runId());
      Map<String, Double> series = byJob.computeIfAbsent(job, j -> new LinkedHashMap<>());
      if (!run.succeeded()) {
        failures.merge(label, job + ": " + run.errorMessage(), (a, b) -> a + "; " + b);
        continue;
      }
      series.put(label, run.driftShare());
      if (!Double.isNaN(run.driftShareThreshold())) {
        thresholdByJob.put(job, run.driftShareThreshold());
      }
    }
    // a scheduled run that left no trace: its time on the axis too, a gap with a marker saying so
    Map<String, String> absences = new TreeMap<>();
    missingByJob.forEach(
        (job, times) -> {
          for (Instant at : times) {
            String label = TIME.format(at);
            labels.add(label);
            absences.merge(label, missingReason(job, at, schedule), (a, b) -> a + "; " + b);
          }
        });
    List<Map<String, Object>> series = new ArrayList<>();
    for (Map.Entry<String, Map<String, Double>> e : byJob.entrySet()) {
      List<Double> values = new ArrayList<>();
      for (String label : labels) {
        values.add(e.getValue().get(label)); // null: a gap (a failed run, or another job's run)
      }
      series.add(Map.of("label", e.getKey(), "data", values));
    }
    List<Double> failed = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (String label : labels) {
      failed.add(failures.containsKey(label) ? 0.0 : null);
      reasons.add(failures.getOrDefault(label, ""));
    }
    List<Double> missing = new ArrayList<>();
    List<String> missingReasons = new ArrayList<>();
    for (String label : labels) {
      missing.add(absences.containsKey(label) ? 0.0 : null);
      missingReasons.add(absences.getOrDefault(label, ""));
    }
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("labels", new ArrayList<>(labels));
    chart.put("series", series);
    chart.put("thresholds", thresholdByJob);
    chart.put("failed", failed);
    chart.put("failedReasons", reasons);
    chart.put("missing", missing);
    chart.put("missingReasons", missingReasons);
    chart.put("anySucceeded", runs.stream().anyMatch(DriftRun::succeeded));
    return chart;
  }

  private static List<Map<String, Object>> columnCharts(
      Map<String, List<ColumnScorePoint>> histories,
      List<DriftRun> runs,
      Map<String, List<Instant>> missingByJob,
      RunSchedule schedule) {
    boolean severalJobs = runs.stream().map(r -> RunIds.job(r.runId())).distinct().count() > 1;
    Map<String, DriftRun> lastScored = lastScored(runs);
    Map<String, Map<String, Object>> charts = new TreeMap<>();
    for (Map.Entry<String, List<ColumnScorePoint>> e : histories.entrySet()) {
      Map<String, List<ColumnScorePoint>> byJob = new TreeMap<>();
      for (ColumnScorePoint p : e.getValue()) {
        if (Double.isFinite(p.score())) {
          byJob.computeIfAbsent(RunIds.job(p.runId()), j -> new ArrayList<>()).add(p);
        }
      }
      for (Map.Entry<String, List<ColumnScorePoint>> job : byJob.entrySet()) {
        List<ColumnScorePoint> points = job.getValue();
        ColumnScorePoint last = points.get(points.size() - 1);
        String name = severalJobs ? job.getKey() + " · " + e.getKey() : e.getKey();
        Map<String, ColumnScorePoint> byRun = new HashMap<>();
        double top = 0;
        for (ColumnScorePoint p : points) {
          byRun.put(p.runId(), p);
          top =
              Math.max(
                  top, Math.max(p.score(), Double.isFinite(p.threshold()) ? p.threshold() : 0));
        }
        // the axis is every run of the job, as on the share chart: a failed run is a gap and a
        // marker at the top with the reason; a run without this column a gap
        double markerY = last.scoreKind() == ScoreKind.P_VALUE ? 1.0 : top;
        List<String> labels = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        List<Double> thresholds = new ArrayList<>();
        List<Boolean> drifted = new ArrayList<>();
        List<Double> failed = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<Double> missing = new ArrayList<>();
        List<String> missingReasons = new ArrayList<>();
        List<Instant> absent = missingByJob.getOrDefault(job.getKey(), List.of());
        int nextAbsent = 0;
        for (DriftRun run : runs) {
          if (!RunIds.job(run.runId()).equals(job.getKey())) {
            continue;
          }
          // scheduled runs that left no trace, in their place on the axis
          while (nextAbsent < absent.size() && absent.get(nextAbsent).isBefore(run.startedAt())) {
            Instant at = absent.get(nextAbsent++);
            addAbsent(labels, scores, thresholds, drifted, failed, reasons, at);
            missing.add(markerY);
            missingReasons.add(missingReason(job.getKey(), at, schedule));
          }
          missing.add(null);
          missingReasons.add("");
          ColumnScorePoint p = byRun.get(run.runId());
          labels.add(TIME.format(run.startedAt()));
          scores.add(p == null ? null : p.score());
          thresholds.add(p != null && Double.isFinite(p.threshold()) ? p.threshold() : null);
          drifted.add(p != null && p.drifted());
          failed.add(run.succeeded() ? null : markerY);
          reasons.add(
              run.succeeded()
                  ? (p == null ? "not in this run" : "")
                  : "run failed: " + run.errorMessage());
        }
        while (nextAbsent < absent.size()) {
          Instant at = absent.get(nextAbsent++);
          addAbsent(labels, scores, thresholds, drifted, failed, reasons, at);
          missing.add(markerY);
          missingReasons.add(missingReason(job.getKey(), at, schedule));
        }
        // the badge is the column's verdict in the job's last scored run, the run the banner and
        // the job's card speak of
        DriftRun scored = lastScored.get(job.getKey());
        ColumnScorePoint now = scored == null ? null : byRun.get(scored.runId());
        Badge badge =
            now == null
                ? new Badge("Not scored in the last run", "other")
                : now.drifted() ? new Badge("Drift", "drift") : new Badge("No drift", "ok");
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("name", name);
        chart.put("badge", badge.text());
        chart.put("tone", badge.tone());
        chart.put("badgeRun", scored == null ? "" : scored.runId());
        chart.put("badgeAt", scored == null ? "" : TIME.format(scored.startedAt()) + " UTC");
        chart.put("test", last.test());
        // p-values of drifted columns reach 1e-300: a log axis keeps the healthy days readable
        // beside them
        chart.put("pValue", last.scoreKind() == ScoreKind.P_VALUE);
        chart.put("labels", labels);
        chart.put("scores", scores);
        chart.put("thresholds", thresholds);
        chart.put("drifted", drifted);
        chart.put("failed", failed);
        chart.put("failedReasons", reasons);
        chart.put("missing", missing);
        chart.put("missingReasons", missingReasons);
        charts.put(name, chart);
      }
    }
    List<Map<String, Object>> list = new ArrayList<>(charts.values());
    for (int i = 0; i < list.size(); i++) {
      list.get(i).put("index", i);
    }
    return list;
  }

  private static void addAbsent(
      List<String> labels,
      List<Double> scores,
      List<Double> thresholds,
      List<Boolean> drifted,
      List<Double> failed,
      List<String> reasons,
      Instant at) {
    labels.add(TIME.format(at));
    scores.add(null);
    thresholds.add(null);
    drifted.add(false);
    failed.add(null);
    reasons.add("");
  }

  // --- shadow traffic trends
  // -------------------------------------------------------------------------------------

  private static final class Bucket {
    long requests;
    long compared;
    long matches;
    long leftOut;
    long critical;
    long errors;
    double primaryP50Weighted;
    double primaryP95Weighted;
    double shadowP50Weighted;
    double shadowP95Weighted;
    double primaryWeight;
    double shadowWeight;

    // Windows keep percentiles, not histograms, so a bucket's percentile is the compared-weighted
    // mean of its
    // windows' percentiles: an approximation, good for a trend line, not for a promotion decision.
    void add(ComparisonWindow w) {
      requests += w.requests();
      compared += w.compared();
      matches += w.matches();
      leftOut += w.leftOut();
      critical += w.critical();
      // shadowErrors counts every shadow call that got no answer, timeouts included, as the proxy
      // stores its windows
      // (ComparisonSummary.shadowErrors); adding shadowTimeouts counted each timeout twice
      errors += w.shadowErrors();
      double weight = Math.max(1, w.compared());
      if (Double.isFinite(w.primaryLatency().p50Millis())
          && Double.isFinite(w.primaryLatency().p95Millis())) {
        primaryP50Weighted += weight * w.primaryLatency().p50Millis();
        primaryP95Weighted += weight * w.primaryLatency().p95Millis();
        primaryWeight += weight;
      }
      if (Double.isFinite(w.shadowLatency().p50Millis())
          && Double.isFinite(w.shadowLatency().p95Millis())) {
        shadowP50Weighted += weight * w.shadowLatency().p50Millis();
        shadowP95Weighted += weight * w.shadowLatency().p95Millis();
        shadowWeight += weight;
      }
    }

    void add(Bucket o) {
      requests += o.requests;
      compared += o.compared;
      matches += o.matches;
      leftOut += o.leftOut;
      critical += o.critical;
      errors += o.errors;
      primaryP50Weighted += o.primaryP50Weighted;
      primaryP95Weighted += o.primaryP95Weighted;
      shadowP50Weighted += o.shadowP50Weighted;
      shadowP95Weighted += o.shadowP95Weighted;
      primaryWeight += o.primaryWeight;
      shadowWeight += o.shadowWeight;
    }
  }

  private static SortedMap<Long, Bucket> rekey(SortedMap<Long, Bucket> buckets, long size) {
    SortedMap<Long, Bucket> out = new TreeMap<>();
    for (Map.Entry<Long, Bucket> e : buckets.entrySet()) {
      out.computeIfAbsent(Math.floorDiv(e.getKey(), size) * size, k -> new Bucket())
          .add(e.getValue());
    }
    return out;
  }

  private static long coarser(long size) {
    for (long s : BUCKET_SIZES) {
      if (s > size) {
        return s;
      }
    }
    return size * 2;
  }

  private static long windowCharts(
      Store store, List<DriftRun> runs, Clock clock, Map<String, Object> model) {
    // The store has no "oldest window" query, and reading every per-minute window at once would
    // hold months of them
    // in memory. So read a week at a time over the span the dashboard covers (the drift history,
    // and at least the
    // last WINDOW_HISTORY before now), folding windows into buckets that coarsen whenever there get
    // to be too many.
    Instant now = clock.instant();
    Instant from = now.minus(WINDOW_HISTORY);
    if (!runs.isEmpty() && runs.get(0).startedAt().isBefore(from)) {
      from = runs.get(0).startedAt().minus(Duration.ofDays(30));
    }
    Instant end = now.plus(Duration.ofDays(1));
    long bucketMillis = BUCKET_SIZES[0];
    SortedMap<Long, Bucket> buckets = new TreeMap<>();
    long count = 0;
    for (Instant chunk = from; chunk.isBefore(end); chunk = chunk.plus(WINDOW_READ_CHUNK)) {
      for (ComparisonWindow w : store.windows(chunk, chunk.plus(WINDOW_READ_CHUNK))) {
        count++;
        long key = Math.floorDiv(w.windowStart().toEpochMilli(), bucketMillis) * bucketMillis;
        buckets.computeIfAbsent(key, k -> new Bucket()).add(w);
      }
      while (buckets.size() > 4 * MAX_WINDOW_POINTS) {
        bucketMillis = coarser(bucketMillis);
        buckets = rekey(buckets, bucketMillis);
      }
    }
    if (count == 0) {
      model.put("windowChart", Map.of());
      return 0;
    }
    // the final size: the smallest that keeps the whole span within the point limit
    long span = buckets.lastKey() - buckets.firstKey() + bucketMillis;
    long finalSize = Math.max(bucketMillis, bucketSize(span));
    if (finalSize != bucketMillis) {
      buckets = rekey(buckets, finalSize);
      bucketMillis = finalSize;
    }
    List<String> labels = new ArrayList<>();
    List<Double> agreement = new ArrayList<>();
    List<Long> critical = new ArrayList<>();
    List<Long> errors = new ArrayList<>();
    long leftOut = 0;
    List<Double> p50p = new ArrayList<>();
    List<Double> p95p = new ArrayList<>();
    List<Double> p50s = new ArrayList<>();
    List<Double> p95s = new ArrayList<>();
    for (Map.Entry<Long, Bucket> e : buckets.entrySet()) {
      Bucket b = e.getValue();
      labels.add(TIME.format(Instant.ofEpochMilli(e.getKey())));
      agreement.add(b.compared == 0 ? null : round((double) b.matches / b.compared, 6));
      critical.add(b.critical);
      errors.add(b.errors);
      leftOut += b.leftOut;
      p50p.add(b.primaryWeight == 0 ? null : round(b.primaryP50Weighted / b.primaryWeight, 3));
      p95p.add(b.primaryWeight == 0 ? null : round(b.primaryP95Weighted / b.primaryWeight, 3));
      p50s.add(b.shadowWeight == 0 ? null : round(b.shadowP50Weighted / b.shadowWeight, 3));
      p95s.add(b.shadowWeight == 0 ? null : round(b.shadowP95Weighted / b.shadowWeight, 3));
    }
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("labels", labels);
    chart.put("agreement", agreement);
    chart.put("critical", critical);
    chart.put("errors", errors);
    // compared and matches leave out the pairs graded as agreeing though a side gave no answer, as
    // summary.json's agreement does; the page says how many
    chart.put("leftOut", leftOut);
    chart.put("primaryP50", p50p);
    chart.put("primaryP95", p95p);
    chart.put("shadowP50", p50s);
    chart.put("shadowP95", p95s);
    chart.put("bucket", describe(bucketMillis));
    model.put("windowChart", chart);
    return count;
  }

  /** The smallest of 1 min, 5 min, 15 min, 1 h, 6 h, 1 day, 1 week (or a multiple of a week) within the point limit. */
  static long bucketSize(long spanMillis) {
    for (long size : BUCKET_SIZES) {
      if (spanMillis / size <= MAX_WINDOW_POINTS) {
        return size;
      }
    }
    long week = BUCKET_SIZES[BUCKET_SIZES.length - 1];
    return week * (spanMillis / week / MAX_WINDOW_POINTS + 1);
  }

  private static String describe(long millis) {
    if (millis % 86_400_000L == 0) {
      return millis / 86_400_000L + " d";
    }
    if (millis % 3_600_000L == 0) {
      return millis / 3_600_000L + " h";
    }
    return millis / 60_000L + " min";
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share).replace(".0%", "%");
  }
}
