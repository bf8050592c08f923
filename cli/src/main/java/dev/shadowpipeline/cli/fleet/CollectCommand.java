package dev.shadowpipeline.cli.fleet;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.OutputFolder;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.config.ConfigDefaults;
import dev.shadowpipeline.cli.config.DurationConverter;
import dev.shadowpipeline.fleet.collect.Collector;
import dev.shadowpipeline.fleet.collect.CollectorOptions;
import dev.shadowpipeline.fleet.collect.CollectorStats;
import dev.shadowpipeline.fleet.kafka.KafkaAddress;
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
import dev.shadowpipeline.fleet.kafka.KafkaSetupException;
import dev.shadowpipeline.fleet.kafka.MissingTopicException;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.proxy.FleetIdentity;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shadow collect}: one suite, summary and history from a fleet's records on a Kafka topic. */
@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header =
        "Consume a fleet's records from a Kafka topic into one suite, one summary and report, and the history.",
    synopsisHeading = "%nUsage: ",
    customSynopsis =
        "shadow collect --from kafka://HOST:PORT[,HOST:PORT]/TOPIC --group NAME [--out DIR] [--db URL] "
            + "[--refresh 30s] [--config FILE]",
    description = {
      "",
      "Proxies and replays started with --sink kafka://…/TOPIC send every record to the topic; the collector reads "
          + "them all and keeps, in OUT, what one proxy keeps for itself: records.jsonl (the fleet's records, each "
          + "once), regression_suite.json, summary.json and report.html (rewritten together every --refresh and on "
          + "stop; summary.json's \"collect\" counts the messages skipped and the duplicates), "
          + "collector-checkpoint.json, and with --db the per-minute windows in the history database, one series "
          + "per proxy. Any of these files taken by a folder is refused before anything is read.",
      "",
      "Nothing is lost or counted twice: every --commit-interval, OUT/records.jsonl is fsynced, then "
          + "OUT/collector-checkpoint.json written, then the offsets committed to the group. Started again after a "
          + "crash, the collector cuts records.jsonl back to its checkpoint, rebuilds the suite and summary from it "
          + "and resumes at the checkpoint's offsets; a record id seen again is skipped. Messages that are not "
          + "records (another producer's, cut short, a newer record version) are skipped, counted and named by "
          + "topic/partition@offset. Run one collector per group and folder.",
      ""
    },
    footer = {
      "",
      "The config's kafka: section says how to reach the brokers (security-protocol, sasl-username, "
          + "sasl-password: $${KAFKA_PASSWORD}, ssl-truststore, ...); its collect: section holds defaults for these "
          + "options.",
      "",
      "Stop with Ctrl-C or SIGTERM: the last records are made durable and committed, the suite, summary and "
          + "report written, and the line 'Collected N records …' printed.",
      "",
      "Exit codes: 143 stopped by SIGTERM, 130 by Ctrl-C (SIGINT), as for any process a signal ends, after "
          + "draining; 2 bad usage, a topic that does not exist, a broker host no name server knows, a TLS store "
          + "that cannot be read, or a folder that holds something else; 70 an internal error."
    })
public final class CollectCommand implements Callable<Integer> {

  @Option(
      names = "--from",
      paramLabel = "URL",
      order = 1,
      description =
          "The topic of the fleet's records: kafka://HOST:PORT[,HOST:PORT]/TOPIC (required).")
  String from;

  @Option(
      names = "--group",
      paramLabel = "NAME",
      order = 2,
      description =
          "The consumer group (required): started again with the same group and --out, the collector resumes "
              + "where it stopped.")
  String group;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "shadow-fleet",
      order = 3,
      description = "Where the collection is kept (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--db",
      paramLabel = "URL",
      order = 4,
      description =
          "Keep per-minute windows in this history database, one series per proxy (SQLite file, "
              + "jdbc:postgresql://HOST/DB or postgresql://USER:PASSWORD@HOST/DB; else credentials from "
              + "SHADOW_DB_USER/SHADOW_DB_PASSWORD). Give it here rather "
              + "than to the proxies, or each window is kept twice.")
  String db;

  @Option(
      names = "--refresh",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      order = 5,
      description =
          "How often summary.json and report.html are rewritten (default: ${DEFAULT-VALUE}).")
  Duration refresh;

  @Option(
      names = "--commit-interval",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      order = 6,
      description =
          "How often the records are fsynced and the offsets committed; a crash reads again at most this much "
              + "(default: ${DEFAULT-VALUE}).")
  Duration commitInterval;

  @Option(
      names = "--window-grace",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = DurationConverter.class,
      order = 7,
      description =
          "How long after a window's end its records may still come (a slow shadow, a proxy's buffer); later ones "
              + "count everywhere but in that window (default: ${DEFAULT-VALUE}).")
  Duration windowGrace;

  @Option(
      names = "--instance-id",
      paramLabel = "NAME",
      defaultValue = "fleet",
      order = 8,
      description =
          "The history series of records that carry no instance_id (default: ${DEFAULT-VALUE}).")
  String instanceId;

  @Option(
      names = "--suite-max",
      paramLabel = "N",
      defaultValue = "10000",
      order = 9,
      description = "Most entries in the regression suite (default: ${DEFAULT-VALUE}).")
  int suiteMax;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      order = 10,
      description =
          "YAML file: its 'collect:' section holds defaults for these options, its 'kafka:' section how to reach "
              + "the brokers.")
  Path config;

  @Spec CommandSpec spec;

  private final CliContext ctx;

  CollectCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    CollectorOptions options = options();
    // before the database is created and the brokers are asked: the folder alone decides this,
    // and a file of the collection taken by a folder would fail only at the first refresh or stop
    OutputFolder.checkWritable(source("--out"), options.out());
    OutputFolder.checkFiles(source("--out"), options.out(), Collector.FILES);
    Collector collector;
    try {
      collector = Collector.open(options);
    } catch (IOException e) {
      throw new UsageException(
          source("--out") + ": cannot write to " + options.out() + ": " + OutputFolder.reason(e),
          e);
    } catch (KafkaSetupException e) {
      throw TopicInput.setupError(source("--from"), config, e);
    } catch (ConfigException e) {
      throw database(e);
    }
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  collector.stop();
                  try {
                    // the last checkpoint, suite and report, and the last line: bounded, so that a
                    // stuck disk cannot keep the process from ending
                    done.await(60, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "shadow-collect-shutdown"));
    ctx.out()
        .printf(
            "collecting %s as group %s into %s%n"
                + "  %s, %s, summary.json and report.html every %s%s%n"
                + "Stop with Ctrl-C or SIGTERM: the last records are made durable and committed.%n",
            options.from(),
            options.group(),
            options.out(),
            options.out().resolve(Collector.RECORDS_FILE),
            options.out().resolve(RegressionSuite.FILE),
            human(options.refresh()),
            db == null ? "" : "; per-minute windows in " + masked(db));
    ctx.out().flush();
    try {
      collector.run();
      CollectorStats stats = collector.stats();
      // printed before the hook is released: once it returns, the JVM halts and a line still to
      // be printed is lost
      ctx.out()
          .printf(
              "Collected %d records into %s (%d messages that are not records skipped, %d"
                  + " duplicates)%n",
              stats.records(), options.out(), stats.skipped(), stats.duplicates());
      ctx.out().flush();
    } catch (MissingTopicException e) {
      throw new UsageException(source("--from") + ": " + e.getMessage(), e);
    } catch (KafkaSetupException e) {
      throw TopicInput.setupError(source("--from"), config, e);
    } catch (IOException e) {
      throw new UsageException(
          source("--out")
              + ": cannot keep the collection in "
              + options.out()
              + ": "
              + OutputFolder.reason(e),
          e);
    } finally {
      done.countDown();
    }
    return ExitCode.OK;
  }

  CollectorOptions options() {
    if (from == null) {
      throw new UsageException(
          "--from kafka://HOST:PORT/TOPIC is required (or 'from:' in the config's collect: section)");
    }
    if (group == null) {
      throw new UsageException(
          "--group NAME is required (or 'group:' in the config's collect: section)");
    }
    if (group.isBlank()) {
      throw new UsageException(source("--group") + " must not be blank");
    }
    KafkaAddress address;
    try {
      address = KafkaAddress.parse(from.strip());
    } catch (IllegalArgumentException e) {
      throw new UsageException(source("--from") + ": " + e.getMessage());
    }
    if (suiteMax < 1) {
      throw new UsageException(source("--suite-max") + " must be at least 1: " + suiteMax);
    }
    positive("--refresh", refresh);
    positive("--commit-interval", commitInterval);
    if (windowGrace.isNegative()) {
      throw new UsageException(
          source("--window-grace") + " must not be negative: " + human(windowGrace));
    }
    String instance;
    try {
      instance = FleetIdentity.check(instanceId);
    } catch (IllegalArgumentException e) {
      throw new UsageException(source("--instance-id") + ": " + e.getMessage());
    }
    KafkaSettings kafka = KafkaSettings.fromFile(config, ctx.env(), ctx::warn);
    CaptureSettings capture = CaptureSettings.defaults(1e-6, List.of(), List.of());
    capture = capture.withSuiteMax(suiteMax, capture.suiteMaxBytes());
    return new CollectorOptions(
        address,
        kafka,
        group.strip(),
        out,
        capture,
        refresh,
        commitInterval,
        windowGrace,
        db,
        instance,
        ctx.env(),
        Clock.systemUTC());
  }

  private void positive(String option, Duration d) {
    if (d.isZero() || d.isNegative()) {
      throw new UsageException(source(option) + " must be positive: " + human(d));
    }
  }

  // the history names "--db" itself; the value may have come from the config file
  private ConfigException database(ConfigException e) {
    String flag = "--db";
    String message = e.getMessage();
    if (message == null || !message.startsWith(flag + ": ")) {
      return e;
    }
    return new UsageException(source(flag) + message.substring(flag.length()), e);
  }

  // names the flag, or the config key when the value came from the file
  private String source(String option) {
    return ConfigDefaults.where(spec, option);
  }

  private static String masked(String db) {
    return dev.shadowpipeline.shadow.redact.UrlSecrets.mask(db);
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
