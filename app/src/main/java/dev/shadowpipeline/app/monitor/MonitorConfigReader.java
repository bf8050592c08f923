package dev.shadowpipeline.app.monitor;

import dev.shadowpipeline.alert.Channel;
import dev.shadowpipeline.alert.DiscordChannel;
import dev.shadowpipeline.alert.Secret;
import dev.shadowpipeline.alert.SlackChannel;
import dev.shadowpipeline.alert.WebhookChannel;
import dev.shadowpipeline.alert.action.OnDriftAction;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.app.config.ConfigKeys;
import dev.shadowpipeline.app.config.ConfigTree;
import dev.shadowpipeline.drift.engine.Compat;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.TestSelection;
import dev.shadowpipeline.drift.segment.SegmentOptions;
import dev.shadowpipeline.report.site.RunIds;
import dev.shadowpipeline.shadow.redact.UrlSecrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@link MonitorConfig} out of a {@code monitor.yaml}; every key is checked, every error names file and key. */
final class MonitorConfigReader {

  static final ConfigKeys TOP =
      ConfigKeys.of("db", "state", "alerts", "cooldown", "on-drift", "jobs", "site")
          .formerlySnakeCase("on-drift");
  static final ConfigKeys JOB =
      ConfigKeys.of(
              "name",
              "schedule",
              "reference",
              "current",
              "drift-share",
              "stattest",
              "out",
              "missing-share-threshold",
              "compat",
              "segment-by",
              "max-segments",
              "min-segment-rows",
              "decimal")
          .formerlySnakeCase("drift-share");
  static final ConfigKeys ALERTS = ConfigKeys.of("discord", "slack", "webhook");
  static final ConfigKeys WEBHOOK = ConfigKeys.of("url", "secret");
  static final ConfigKeys ON_DRIFT = ConfigKeys.of("command", "post", "timeout", "dir");
  static final ConfigKeys SITE = ConfigKeys.of("out", "schedule", "url", "title");

  /** The seed's dataset drift share: a bank prefers recall. */
  private static final double DEFAULT_DRIFT_SHARE = 0.1;

  private MonitorConfigReader() {}

  /**
   * @param withJobs whether jobs are required and read (the schedule), or only the alert part ({@code --alerts-config})
   */
  static MonitorConfig read(ConfigFile file, boolean withJobs) {
    ConfigTree top = file.root().keys(TOP);
    String db = top.text("db", "shadow.db");
    if (withJobs && db.isBlank()) {
      throw top.error("db", "must name a database file or JDBC URL");
    }
    Path state =
        top.has("state") ? Path.of(top.text("state", null)) : MonitorConfig.defaultStateFile(db);
    Duration cooldown = top.duration("cooldown", MonitorConfig.DEFAULT_COOLDOWN);
    List<Channel> channels = alerts(top.child("alerts"));
    OnDriftAction action = onDrift(top.child("on-drift"));
    List<MonitorConfig.Job> jobs = withJobs ? jobs(top) : List.of();
    MonitorConfig.Site site = withJobs ? site(top.child("site")) : null;
    return new MonitorConfig(file.path(), db, state, channels, cooldown, action, jobs, site);
  }

  private static List<Channel> alerts(ConfigTree section) {
    List<Channel> channels = new ArrayList<>();
    if (section == null) {
      return channels;
    }
    ConfigTree alerts = section.keys(ALERTS);
    secretUrl(alerts, "discord").ifPresent(url -> channels.add(DiscordChannel.of(url)));
    secretUrl(alerts, "slack").ifPresent(url -> channels.add(SlackChannel.of(url)));
    if (alerts.isSection("webhook")) {
      ConfigTree webhook = alerts.child("webhook").keys(WEBHOOK);
      Secret key = secret(webhook, "secret").orElse(null);
      secretUrl(webhook, "url").ifPresent(url -> channels.add(WebhookChannel.of(url, key)));
    } else {
      secretUrl(alerts, "webhook").ifPresent(url -> channels.add(WebhookChannel.of(url, null)));
    }
    return channels;
  }

  // an empty value (e.g. ${DISCORD_WEBHOOK_URL:-} with the variable unset) turns the channel off
  private static Optional<Secret> secret(ConfigTree tree, String key) {
    String value = tree.text(key, "").strip();
    return value.isEmpty() ? Optional.empty() : Optional.of(new Secret(value));
  }

  private static Optional<Secret> secretUrl(ConfigTree tree, String key) {
    Optional<Secret> secret = secret(tree, key);
    secret.ifPresent(s -> checkUrl(tree, key, s));
    return secret;
  }

  private static void checkUrl(ConfigTree tree, String key, Secret secret) {
    String v = secret.value();
    if (!(v.startsWith("https://") || v.startsWith("http://"))) {
      // never echo the value: it is a secret
      throw tree.error(key, "must be an http(s) URL (the value is not shown: it is a secret)");
    }
  }

  private static OnDriftAction onDrift(ConfigTree section) {
    if (section == null) {
      return null;
    }
    ConfigTree action = section.keys(ON_DRIFT);
    Duration timeout = action.duration("timeout", MonitorConfig.DEFAULT_ACTION_TIMEOUT);
    if (action.has("command") == action.has("post")) {
      throw action.error(
          "needs exactly one of 'command' (a list: [program, arg, ...]) or 'post' (a URL)");
    }
    if (action.has("post")) {
      Secret url =
          secret(action, "post")
              .orElseThrow(() -> action.error("post", "empty (is its environment variable set?)"));
      checkUrl(action, "post", url);
      return new OnDriftAction.PostSummary(url, timeout);
    }
    if (!action.isList("command")) {
      throw action.error(
          "command",
          "must be a list such as [./retrain.sh, --fast], not one string (it is run "
              + "without a shell)");
    }
    List<String> argv = action.list("command");
    if (argv.isEmpty()) {
      throw action.error("command", "must be a non-empty list: [program, arg, ...]");
    }
    if (argv.get(0).isBlank()) {
      throw action.error("command", "must start with a program");
    }
    String dir = action.text("dir", null);
    return new OnDriftAction.RunCommand(argv, timeout, dir == null ? null : Path.of(dir));
  }

  private static List<MonitorConfig.Job> jobs(ConfigTree top) {
    if (top.has("jobs") && !top.isList("jobs")) {
      throw top.error("jobs", "must be a list of jobs (- name: ...)");
    }
    List<ConfigTree> items = top.children("jobs");
    if (items.isEmpty()) {
      throw top.error(
          "jobs",
          "required: list at least one job, e.g. - {name: credit, reference: ref.csv, "
              + "current: cur.csv}");
    }
    List<MonitorConfig.Job> jobs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigTree item : items) {
      ConfigTree j = item.keys(JOB);
      String name = j.requiredText("name");
      if (!RunIds.JOB_NAME.matcher(name).matches()) {
        throw j.error("name", "must be 1-64 letters, digits, '.', '_' or '-': '" + name + "'");
      }
      if (!names.add(name)) {
        throw j.error("name", "'" + name + "' is used by another job");
      }
      CronSchedule schedule = j.parsed("schedule", null, CronSchedule::parse);
      // first: the mode decides the defaults below and which tests the names stand for
      Compat compat = j.parsed("compat", Compat.NATIVE, Compat::parse);
      jobs.add(
          new MonitorConfig.Job(
              name,
              schedule != null ? schedule : CronSchedule.parse(MonitorConfig.DEFAULT_SCHEDULE),
              dataFile(j, "reference"),
              dataFile(j, "current"),
              j.parsed(
                  "drift-share",
                  compat == Compat.EVIDENTLY ? compat.defaultDriftShare() : DEFAULT_DRIFT_SHARE,
                  DriftOptions::parseDriftShare),
              stattest(j, compat),
              Path.of(j.text("out", "monitor")),
              j.parsed(
                  "missing-share-threshold",
                  compat.defaultMissingShareThreshold(),
                  DriftOptions::parseMissingShareThreshold),
              compat,
              segments(j),
              decimalComma(j)));
    }
    return jobs;
  }

  // pandas' read_csv(decimal=...): '.' or ','
  private static boolean decimalComma(ConfigTree job) {
    String mark = job.text("decimal", ".");
    if (mark.equals(".") || mark.equals(",")) {
      return mark.equals(",");
    }
    throw job.error("decimal", "must be '.' or ',' (quoted: decimal: \",\"): '" + mark + "'");
  }

  /** Drift per segment when the job has {@code segment-by}; its bounds are refused without it. */
  private static SegmentOptions segments(ConfigTree job) {
    String column = job.text("segment-by", null);
    if (column == null || column.isBlank()) {
      for (String key : List.of("max-segments", "min-segment-rows")) {
        if (job.has(key)) {
          throw job.error(key, "needs segment-by (the column whose values are the segments)");
        }
      }
      if (column != null) {
        throw job.error("segment-by", "must name a column");
      }
      return null;
    }
    return new SegmentOptions(
        column.strip(),
        job.integer("max-segments", SegmentOptions.DEFAULT_MAX_SEGMENTS, 1),
        job.integer("min-segment-rows", (int) SegmentOptions.DEFAULT_MIN_ROWS, 1));
  }

  // resolved now, so that a misspelt test stops the file from loading instead of failing every run
  // later
  private static TestSelection stattest(ConfigTree job, Compat compat) {
    String text = job.text("stattest", null);
    if (text == null) {
      return TestSelection.NONE;
    }
    TestSelection selection =
        TestSelection.resolve(text, compat.catalog())
            .orElseThrow(message -> job.error("stattest", message));
    // ':0.2' alone keeps Evidently's default tests, so its threshold must fit their p-values too
    selection
        .thresholdMisfit(Optional.empty())
        .ifPresent(
            why -> {
              throw job.error("stattest", why);
            });
    return selection;
  }

  private static Path dataFile(ConfigTree job, String key) {
    String file = job.text(key, null);
    if (file == null) {
      throw job.error(key, "required (a CSV or JSONL file)");
    }
    return Path.of(file);
  }

  private static MonitorConfig.Site site(ConfigTree section) {
    if (section == null) {
      return null;
    }
    ConfigTree site = section.keys(SITE);
    String url = site.text("url", "").strip();
    if (!url.isEmpty() && !(url.startsWith("https://") || url.startsWith("http://"))) {
      throw site.error("url", "must be an http(s) URL: " + UrlSecrets.maskAll(url));
    }
    if (!UrlSecrets.mask(url).equals(url)) {
      // the site's address is the link of every alert (Slack, Discord, webhooks, on-drift posts):
      // a user:password@ in it would be sent to all of them, so it is refused rather than masked
      // into a link that no longer opens; an '@' in a path is written %40
      throw site.error(
          "url",
          "must not hold credentials (user:password@), it is the link sent with every alert: "
              + UrlSecrets.maskAll(url));
    }
    int query = firstOf(url, '?', '#');
    if (query >= 0) {
      // alert links append runs/RUN/index.html to the address: after a query or a fragment that
      // lands inside it (?k=abc/runs/...), a link that opens the wrong page or none; the part cut
      // off is not shown, as a query may hold a token
      throw site.error(
          "url",
          "must not hold a query (?...) or fragment (#...), as alert links add runs/RUN/index.html to"
              + " its path: "
              + UrlSecrets.maskAll(url.substring(0, query))
              + url.charAt(query)
              + "...");
    }
    return new MonitorConfig.Site(
        Path.of(site.text("out", "site")),
        site.parsed("schedule", null, CronSchedule::parse),
        url.isEmpty() ? null : url,
        site.text("title", "Drift monitor"));
  }

  // the first index of either character, or -1
  private static int firstOf(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}
