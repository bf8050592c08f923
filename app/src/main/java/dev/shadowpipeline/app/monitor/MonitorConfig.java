package dev.shadowpipeline.app.monitor;

import dev.shadowpipeline.alert.Channel;
import dev.shadowpipeline.alert.action.OnDriftAction;
import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.engine.Compat;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.TestSelection;
import dev.shadowpipeline.drift.segment.SegmentOptions;
import dev.shadowpipeline.report.site.RunIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * The monitoring configuration ({@code monitor.yaml}) read by {@code shadow schedule}: where the history database
 * is, where alerts go, what to do on drift, which drift jobs run when, and where the dashboard is built.
 *
 * <pre>{@code
 * db: monitor/shadow.db                     # or jdbc:postgresql://host/db (SHADOW_DB_USER / SHADOW_DB_PASSWORD)
 * alerts:
 *   discord: ${DISCORD_WEBHOOK_URL:-}       # empty: channel off
 *   slack: ${SLACK_WEBHOOK_URL:-}
 *   webhook: {url: ${ALERT_URL:-}, secret: ${ALERT_KEY:-}}
 * cooldown: 24h
 * on-drift: {command: [./retrain.sh], timeout: 10m}   # or {post: ${RETRAIN_URL}, timeout: 30s}
 * jobs:
 *   - {name: credit, schedule: "0 9 * * *", reference: data/ref.csv, current: data/cur.csv, drift-share: 0.1,
 *      missing-share-threshold: 0.1, out: monitor, segment-by: region, max-segments: 20, min-segment-rows: 30}
 *      # compat: evidently for Evidently 0.7's tests and defaults
 * site: {out: site, schedule: "30 9 * * *", url: https://example.github.io/repo/, title: Credit drift}
 * }</pre>
 *
 * <p>Values go through {@code ${ENV}} interpolation; secrets must come from the environment. Relative paths are
 * relative to the working directory, as with every other command. Keys are kebab-case, the words of the flags;
 * the snake_case {@code on_drift} and {@code drift_share} are still read, with a deprecation warning. Immutable; every
 * error names the file and key ({@code monitor.yaml: jobs[0].drift-share: must be a number in (0, 1]: 1.5}).
 *
 * @param source the file it came from
 * @param db database path or JDBC URL
 * @param stateFile where the alert cooldown state is kept (default: beside a SQLite database)
 * @param alerts the configured alert channels (possibly none)
 * @param cooldown how long an unchanged bad state is not re-sent
 * @param onDrift what to run when drift is found, or null
 * @param jobs the drift jobs, at least one, with unique names
 * @param site the dashboard, or null for none
 */
public record MonitorConfig(
    Path source,
    String db,
    Path stateFile,
    List<Channel> alerts,
    Duration cooldown,
    OnDriftAction onDrift,
    List<Job> jobs,
    Site site) {

  /** This configuration with the alert cooldown state kept in another file. */
  public MonitorConfig withStateFile(Path file) {
    return new MonitorConfig(source, db, file, alerts, cooldown, onDrift, jobs, site);
  }

  /** The default schedule: daily at 09:00 UTC, as the seed project runs. */
  public static final String DEFAULT_SCHEDULE = "0 9 * * *";

  /** Default cooldown between reminders of an unchanged bad state. */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(24);

  /** Default time allowed for the {@code on-drift} action. */
  public static final Duration DEFAULT_ACTION_TIMEOUT = Duration.ofMinutes(5);

  public MonitorConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(stateFile, "stateFile");
    alerts = List.copyOf(alerts);
    Objects.requireNonNull(cooldown, "cooldown");
    jobs = List.copyOf(jobs);
  }

  /**
   * One drift job: compare {@code current} with {@code reference} on a cron schedule.
   *
   * @param name the job's name, used in run ids, alerts and folder names
   * @param schedule UNIX cron expression, evaluated in UTC
   * @param reference reference data file
   * @param current current data file
   * @param driftShare dataset drift when at least this share of columns drift
   * @param stattest one test (and/or threshold) for every column, resolved when the file was read; {@code null} or
   *     {@link TestSelection#NONE} for Evidently's default rule
   * @param out where run folders go: {@code out/runs/<run id>/}
   * @param missingShareThreshold a column drifts when its share of missing values moves by at least this much;
   *     empty: that rule is off
   * @param compat whose tests and type guards the job uses ({@code compat: evidently}); its defaults were applied when
   *     the file was read
   * @param segments drift per segment ({@code segment-by}, {@code max-segments}, {@code min-segment-rows}), or null
   * @param decimalComma whether {@code 1,5} in the data files is a number ({@code decimal: ","}; see
   *     {@link ReadOptions#decimalComma()})
   */
  public record Job(
      String name,
      CronSchedule schedule,
      Path reference,
      Path current,
      double driftShare,
      TestSelection stattest,
      Path out,
      OptionalDouble missingShareThreshold,
      Compat compat,
      SegmentOptions segments,
      boolean decimalComma) {

    /** How this job's data files are read. */
    public ReadOptions readOptions() {
      return ReadOptions.DEFAULTS.withDecimalComma(decimalComma);
    }

    /** A job in native mode without segments. */
    public Job(
        String name,
        CronSchedule schedule,
        Path reference,
        Path current,
        double driftShare,
        TestSelection stattest,
        Path out,
        OptionalDouble missingShareThreshold) {
      this(
          name,
          schedule,
          reference,
          current,
          driftShare,
          stattest,
          out,
          missingShareThreshold,
          Compat.NATIVE,
          null,
          false);
    }

    /**
     * Checks the job.
     *
     * @throws IllegalArgumentException for a bad name or a drift share outside (0, 1]
     */
    public Job {
      stattest = stattest == null ? TestSelection.NONE : stattest;
      RunIds.checkJob(name);
      Objects.requireNonNull(schedule, "schedule");
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(current, "current");
      if (!DriftOptions.validDriftShare(driftShare)) {
        throw new IllegalArgumentException("driftShare must be in (0, 1]: " + driftShare);
      }
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(missingShareThreshold, "missingShareThreshold");
      Objects.requireNonNull(compat, "compat");
    }

    /** The drift options of one run of this job. */
    public DriftOptions options() {
      return compat
          .defaults()
          .withDriftShare(driftShare)
          .withMissingShareThreshold(missingShareThreshold)
          .withGlobalTest(stattest);
    }

    /** A job with the default missing-share rule ({@link DriftOptions#DEFAULT_MISSING_SHARE_THRESHOLD}). */
    public Job(
        String name,
        CronSchedule schedule,
        Path reference,
        Path current,
        double driftShare,
        TestSelection stattest,
        Path out) {
      this(
          name,
          schedule,
          reference,
          current,
          driftShare,
          stattest,
          out,
          OptionalDouble.of(DriftOptions.DEFAULT_MISSING_SHARE_THRESHOLD));
    }
  }

  /**
   * The dashboard.
   *
   * @param out where it is built
   * @param schedule when to rebuild it, or null to rebuild after every drift job
   * @param url public base URL of the site (links in alerts), or null
   * @param title page title
   */
  public record Site(Path out, CronSchedule schedule, String url, String title) {
    public Site {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(title, "title");
    }

    /** The public link of a run's report, or null without a base URL. */
    public String reportUrl(String runId) {
      if (url == null) {
        return null;
      }
      return (url.endsWith("/") ? url : url + "/") + "runs/" + RunIds.folder(runId) + "/index.html";
    }
  }

  /**
   * Loads {@code monitor.yaml}.
   *
   * @param warnings where deprecation warnings go, one line each
   * @throws ConfigException naming the file and key of the first problem
   */
  public static MonitorConfig load(Path file, Map<String, String> env, Consumer<String> warnings) {
    return MonitorConfigReader.read(ConfigFile.load(file, env, warnings), true);
  }

  /**
   * Only the alert part ({@code alerts}, {@code cooldown}, {@code on-drift}, {@code db}/{@code state}) of a file,
   * for one-off {@code shadow drift --alerts-config}: jobs and site may be absent.
   *
   * @param warnings where deprecation warnings go, one line each
   */
  public static MonitorConfig loadAlerts(
      Path file, Map<String, String> env, Consumer<String> warnings) {
    return MonitorConfigReader.read(ConfigFile.load(file, env, warnings), false);
  }

  /**
   * Beside a SQLite file ({@code alert-state.json} in its folder), so that keeping the database between CI runs
   * keeps the cooldown too; in the working directory for a server database.
   */
  static Path defaultStateFile(String db) {
    String path = db.startsWith("jdbc:sqlite:") ? db.substring("jdbc:sqlite:".length()) : db;
    if (path.startsWith("jdbc:") || path.contains("://")) { // a server's URL, not a file
      return Path.of("shadow-alert-state.json");
    }
    Path parent = Path.of(path).toAbsolutePath().getParent();
    return parent == null ? Path.of("alert-state.json") : parent.resolve("alert-state.json");
  }

  /** A one-line description for logs: jobs, channels by name (never their URLs), site. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (Job job : jobs) {
      parts.add(job.name() + " at '" + job.schedule().expression() + "' UTC");
    }
    return "jobs: "
        + String.join(", ", parts)
        + "; alerts: "
        + (alerts.isEmpty()
            ? "none"
            : String.join(", ", alerts.stream().map(Channel::name).toList()))
        + "; site: "
        + (site == null
            ? "none"
            : site.out()
                + (site.schedule() == null
                    ? " (after each run)"
                    : " at '" + site.schedule().expression() + "' UTC"));
  }
}
