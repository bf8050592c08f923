package dev.shadowpipeline.app.monitor;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.config.Durations;
import com.fasterxml.jackson.databind.JsonNode;
import dev.shadowpipeline.alert.Channel;
import dev.shadowpipeline.alert.DiscordChannel;
import dev.shadowpipeline.alert.Secret;
import dev.shadowpipeline.alert.SlackChannel;
import dev.shadowpipeline.alert.WebhookChannel;
import dev.shadowpipeline.alert.action.OnDriftAction;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.report.site.RunIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

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
 * on_drift: {command: [./retrain.sh], timeout: 10m}   # or {post: ${RETRAIN_URL}, timeout: 30s}
 * jobs:
 *   - {name: credit, schedule: "0 9 * * *", reference: data/ref.csv, current: data/cur.csv, drift_share: 0.1,
 *      missing-share-threshold: 0.1, out: monitor}
 * site: {out: site, schedule: "30 9 * * *", url: https://example.github.io/repo/, title: Credit drift}
 * }</pre>
 *
 * <p>Values go through {@code ${ENV}} interpolation; secrets must come from the environment. Relative paths are
 * relative to the working directory, as with every other command. Immutable; every error names the file and key.
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
public record MonitorConfig(Path source, String db, Path stateFile, List<Channel> alerts, Duration cooldown,
    OnDriftAction onDrift, List<Job> jobs, Site site) {

  /** This configuration with the alert cooldown state kept in another file. */
  public MonitorConfig withStateFile(Path file) {
    return new MonitorConfig(source, db, file, alerts, cooldown, onDrift, jobs, site);
  }

  /** The default schedule: daily at 09:00 UTC, as the seed project runs. */
  public static final String DEFAULT_SCHEDULE = "0 9 * * *";

  /** Default cooldown between reminders of an unchanged bad state. */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(24);

  /** Default time allowed for the {@code on_drift} action. */
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
   * @param stattest one test for every column ({@code NAME[:THRESHOLD]}), or null for Evidently's default rule
   * @param out where run folders go: {@code out/runs/<run id>/}
   * @param missingShareThreshold a column drifts when its share of missing values moves by at least this much;
   *     empty: that rule is off
   */
  public record Job(String name, CronSchedule schedule, Path reference, Path current, double driftShare,
      String stattest, Path out, OptionalDouble missingShareThreshold) {
    public Job {
      RunIds.checkJob(name);
      Objects.requireNonNull(schedule, "schedule");
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(current, "current");
      if (!(driftShare >= 0 && driftShare <= 1)) {
        throw new IllegalArgumentException("driftShare must be in [0, 1]: " + driftShare);
      }
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(missingShareThreshold, "missingShareThreshold");
    }

    /** A job with the default missing-share rule ({@link DriftOptions#DEFAULT_MISSING_SHARE_THRESHOLD}). */
    public Job(String name, CronSchedule schedule, Path reference, Path current, double driftShare, String stattest,
        Path out) {
      this(name, schedule, reference, current, driftShare, stattest, out,
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

  private static final Set<String> TOP = Set.of("db", "state", "alerts", "cooldown", "on_drift", "jobs", "site");

  /**
   * Loads {@code monitor.yaml}.
   *
   * @throws ConfigException naming the file and key of the first problem
   */
  public static MonitorConfig load(Path file, Map<String, String> env) {
    ConfigFile config = ConfigFile.load(file, env);
    // ConfigFile keeps sections it does not know as flat option lists; here every top-level key is ours
    Reader r = new Reader(file.getFileName().toString());
    String db = r.text(config.tree("db"), "db", "shadow.db");
    if (db.isBlank()) {
      throw r.error("db", "must name a database file or JDBC URL");
    }
    Path state = config.tree("state") == null ? defaultStateFile(db)
        : Path.of(r.text(config.tree("state"), "state", null));
    Duration cooldown = r.duration(config.tree("cooldown"), "cooldown", DEFAULT_COOLDOWN);
    List<Channel> channels = alerts(r, config.tree("alerts"));
    OnDriftAction action = onDrift(r, config.tree("on_drift"));
    List<Job> jobs = jobs(r, config.tree("jobs"));
    Site site = site(r, config.tree("site"));
    return new MonitorConfig(file, db, state, channels, cooldown, action, jobs, site);
  }

  /**
   * Only the alert part ({@code alerts}, {@code cooldown}, {@code on_drift}, {@code db}/{@code state}) of a file,
   * for one-off {@code shadow drift --alerts-config}: jobs and site may be absent.
   */
  public static MonitorConfig loadAlerts(Path file, Map<String, String> env) {
    ConfigFile config = ConfigFile.load(file, env);
    Reader r = new Reader(file.getFileName().toString());
    String db = r.text(config.tree("db"), "db", "shadow.db");
    Path state = config.tree("state") == null ? defaultStateFile(db)
        : Path.of(r.text(config.tree("state"), "state", null));
    return new MonitorConfig(file, db, state, alerts(r, config.tree("alerts")),
        r.duration(config.tree("cooldown"), "cooldown", DEFAULT_COOLDOWN), onDrift(r, config.tree("on_drift")),
        List.of(), null);
  }

  /**
   * Beside a SQLite file ({@code alert-state.json} in its folder), so that keeping the database between CI runs
   * keeps the cooldown too; in the working directory for a server database.
   */
  static Path defaultStateFile(String db) {
    String path = db.startsWith("jdbc:sqlite:") ? db.substring("jdbc:sqlite:".length()) : db;
    if (path.startsWith("jdbc:")) {
      return Path.of("shadow-alert-state.json");
    }
    Path parent = Path.of(path).toAbsolutePath().getParent();
    return parent == null ? Path.of("alert-state.json") : parent.resolve("alert-state.json");
  }

  private static List<Channel> alerts(Reader r, JsonNode node) {
    List<Channel> channels = new ArrayList<>();
    if (node == null || node.isNull()) {
      return channels;
    }
    r.object(node, "alerts", Set.of("discord", "slack", "webhook"));
    secret(r, node.get("discord"), "alerts.discord").ifPresent(s -> channels.add(DiscordChannel.of(url(r, s,
        "alerts.discord"))));
    secret(r, node.get("slack"), "alerts.slack").ifPresent(s -> channels.add(SlackChannel.of(url(r, s,
        "alerts.slack"))));
    JsonNode webhook = node.get("webhook");
    if (webhook != null && !webhook.isNull()) {
      if (webhook.isTextual()) {
        secret(r, webhook, "alerts.webhook").ifPresent(s -> channels.add(WebhookChannel.of(url(r, s,
            "alerts.webhook"), null)));
      } else {
        r.object(webhook, "alerts.webhook", Set.of("url", "secret"));
        java.util.Optional<Secret> key = secret(r, webhook.get("secret"), "alerts.webhook.secret");
        secret(r, webhook.get("url"), "alerts.webhook.url").ifPresent(s -> channels.add(WebhookChannel.of(url(r, s,
            "alerts.webhook.url"), key.orElse(null))));
      }
    }
    return channels;
  }

  // an empty value (e.g. ${DISCORD_WEBHOOK_URL:-} with the variable unset) turns the channel off
  private static java.util.Optional<Secret> secret(Reader r, JsonNode node, String key) {
    if (node == null || node.isNull()) {
      return java.util.Optional.empty();
    }
    if (!node.isTextual()) {
      throw r.error(key, "must be a text value such as ${SOME_ENV_VAR}");
    }
    String value = node.asText().strip();
    return value.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new Secret(value));
  }

  private static Secret url(Reader r, Secret secret, String key) {
    String v = secret.value();
    if (!(v.startsWith("https://") || v.startsWith("http://"))) {
      // never echo the value: it is a secret
      throw r.error(key, "must be an http(s) URL (the value is not shown: it is a secret)");
    }
    return secret;
  }

  private static OnDriftAction onDrift(Reader r, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    r.object(node, "on_drift", Set.of("command", "post", "timeout", "dir"));
    Duration timeout = r.duration(node.get("timeout"), "on_drift.timeout", DEFAULT_ACTION_TIMEOUT);
    JsonNode command = node.get("command");
    JsonNode post = node.get("post");
    if ((command == null) == (post == null)) {
      throw r.error("on_drift", "needs exactly one of 'command' (a list: [program, arg, ...]) or 'post' (a URL)");
    }
    if (post != null) {
      Secret url = secret(r, post, "on_drift.post")
          .orElseThrow(() -> r.error("on_drift.post", "is empty (is its environment variable set?)"));
      return new OnDriftAction.PostSummary(url(r, url, "on_drift.post"), timeout);
    }
    List<String> argv = new ArrayList<>();
    if (command.isTextual()) {
      throw r.error("on_drift.command", "must be a list such as [./retrain.sh, --fast], not one string (it is "
          + "run without a shell)");
    }
    if (!command.isArray() || command.isEmpty()) {
      throw r.error("on_drift.command", "must be a non-empty list: [program, arg, ...]");
    }
    for (JsonNode arg : command) {
      if (!arg.isValueNode()) {
        throw r.error("on_drift.command", "items must be plain values");
      }
      argv.add(arg.asText());
    }
    if (argv.get(0).isBlank()) {
      throw r.error("on_drift.command", "must start with a program");
    }
    JsonNode dir = node.get("dir");
    return new OnDriftAction.RunCommand(argv, timeout, dir == null ? null : Path.of(r.text(dir, "on_drift.dir",
        null)));
  }

  private static final Set<String> JOB_KEYS = Set.of("name", "schedule", "reference", "current", "drift_share",
      "stattest", "out", "missing-share-threshold");

  private static List<Job> jobs(Reader r, JsonNode node) {
    if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
      throw r.error("jobs", "is missing: list at least one job, e.g. - {name: credit, reference: ref.csv, "
          + "current: cur.csv}");
    }
    if (!node.isArray()) {
      throw r.error("jobs", "must be a list of jobs (- name: ...)");
    }
    List<Job> jobs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int i = 0;
    for (JsonNode j : node) {
      String key = "jobs[" + i + "]";
      r.object(j, key, JOB_KEYS);
      String name = r.text(j.get("name"), key + ".name", null);
      if (name == null) {
        throw r.error(key + ".name", "is missing");
      }
      if (!RunIds.JOB_NAME.matcher(name).matches()) {
        throw r.error(key + ".name", "must be 1-64 letters, digits, '.', '_' or '-': '" + name + "'");
      }
      if (!names.add(name)) {
        throw r.error(key + ".name", "'" + name + "' is used by another job");
      }
      key = "jobs[" + i + "] (" + name + ")";
      CronSchedule schedule = r.cron(j.get("schedule"), key + ".schedule", DEFAULT_SCHEDULE);
      String reference = r.text(j.get("reference"), key + ".reference", null);
      String current = r.text(j.get("current"), key + ".current", null);
      if (reference == null || current == null) {
        throw r.error(key + (reference == null ? ".reference" : ".current"), "is missing (a CSV or JSONL file)");
      }
      double share = r.number(j.get("drift_share"), key + ".drift_share", 0.1);
      if (!(share >= 0 && share <= 1)) {
        throw r.error(key + ".drift_share", "must be between 0 and 1: " + share);
      }
      String stattest = r.text(j.get("stattest"), key + ".stattest", null);
      String out = r.text(j.get("out"), key + ".out", "monitor");
      OptionalDouble missingShare = r.missingShareThreshold(j.get("missing-share-threshold"),
          key + ".missing-share-threshold");
      jobs.add(new Job(name, schedule, Path.of(reference), Path.of(current), share, stattest, Path.of(out),
          missingShare));
      i++;
    }
    return jobs;
  }

  private static Site site(Reader r, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    r.object(node, "site", Set.of("out", "schedule", "url", "title"));
    String out = r.text(node.get("out"), "site.out", "site");
    CronSchedule schedule = node.get("schedule") == null ? null : r.cron(node.get("schedule"), "site.schedule",
        null);
    String url = r.text(node.get("url"), "site.url", null);
    if (url != null && url.isBlank()) {
      url = null;
    }
    if (url != null && !(url.startsWith("https://") || url.startsWith("http://"))) {
      throw r.error("site.url", "must be an http(s) URL: " + url);
    }
    return new Site(Path.of(out), schedule, url, r.text(node.get("title"), "site.title", "Drift monitor"));
  }

  /** Reads typed values out of the tree, naming file and key in every error. */
  private record Reader(String file) {

    ConfigException error(String key, String problem) {
      return new ConfigException(file + ": " + key + " " + problem);
    }

    void object(JsonNode node, String key, Set<String> allowed) {
      if (node == null || !node.isObject()) {
        throw error(key, "must be a section of key: value lines");
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!allowed.contains(field)) {
          throw error(key, "has an unknown key '" + field + "' (known: " + String.join(", ",
              new java.util.TreeSet<>(allowed)) + ")");
        }
      }
    }

    String text(JsonNode node, String key, String fallback) {
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isValueNode()) {
        throw error(key, "must be a single value, not a list or section");
      }
      return node.asText();
    }

    double number(JsonNode node, String key, double fallback) {
      String text = text(node, key, null);
      if (text == null) {
        return fallback;
      }
      try {
        return Double.parseDouble(text.strip());
      } catch (NumberFormatException e) {
        throw error(key, "must be a number: '" + text + "'");
      }
    }

    OptionalDouble missingShareThreshold(JsonNode node, String key) {
      String text = text(node, key, null);
      if (text == null) {
        return OptionalDouble.of(DriftOptions.DEFAULT_MISSING_SHARE_THRESHOLD);
      }
      try {
        return DriftOptions.parseMissingShareThreshold(text);
      } catch (IllegalArgumentException e) {
        throw error(key, e.getMessage());
      }
    }

    Duration duration(JsonNode node, String key, Duration fallback) {
      String text = text(node, key, null);
      if (text == null) {
        return fallback;
      }
      Duration d;
      try {
        d = Durations.parse(text);
      } catch (IllegalArgumentException e) {
        throw error(key, e.getMessage());
      }
      if (d.isNegative()) {
        throw error(key, "must not be negative: " + text);
      }
      return d;
    }

    CronSchedule cron(JsonNode node, String key, String fallback) {
      String text = text(node, key, fallback);
      try {
        return CronSchedule.parse(text);
      } catch (IllegalArgumentException e) {
        throw error(key, e.getMessage());
      }
    }
  }

  /** The database path or URL with any password removed, for logs. */
  public String printableDb() {
    return db.replaceAll("(?i)(password=)[^&;]*", "$1****").replaceAll("//([^/@:]*):[^/@]*@", "//$1:****@");
  }

  /** A one-line description for logs: jobs, channels by name (never their URLs), site. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (Job job : jobs) {
      parts.add(job.name() + " at '" + job.schedule().expression() + "' UTC");
    }
    return "jobs: " + String.join(", ", parts) + "; alerts: "
        + (alerts.isEmpty() ? "none" : String.join(", ", alerts.stream().map(Channel::name).toList()))
        + "; site: " + (site == null ? "none" : site.out() + (site.schedule() == null ? " (after each run)"
        : " at '" + site.schedule().expression() + "' UTC"));
  }
}
