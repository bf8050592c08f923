package dev.shadowpipeline.cli.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.app.config.InputFiles;
import dev.shadowpipeline.app.progress.Progress;
import dev.shadowpipeline.app.shadowtest.ComparisonHistory;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.OutputFolder;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.compare.ComparisonFlags;
import dev.shadowpipeline.cli.config.DurationConverter;
import dev.shadowpipeline.drift.data.DataReadException;
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
import dev.shadowpipeline.fleet.sink.KafkaRecordSink;
import dev.shadowpipeline.fleet.sink.RecordSinks;
import dev.shadowpipeline.parquet.ParquetRows;
import dev.shadowpipeline.parquet.ParquetSource;
import dev.shadowpipeline.report.compare.ComparisonReport;
import dev.shadowpipeline.report.text.SummaryText;
import dev.shadowpipeline.shadow.capture.CaptureOutputs;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.memory.MemoryDefaults;
import dev.shadowpipeline.shadow.proxy.FleetIdentity;
import dev.shadowpipeline.shadow.proxy.UpstreamAddress;
import dev.shadowpipeline.shadow.record.OutputSet;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.record.RecordPipeline;
import dev.shadowpipeline.shadow.redact.UrlSecrets;
import dev.shadowpipeline.shadow.replay.InputFormat;
import dev.shadowpipeline.shadow.replay.InputReader;
import dev.shadowpipeline.shadow.replay.InputRow;
import dev.shadowpipeline.shadow.replay.ModelClient;
import dev.shadowpipeline.shadow.replay.ReplayStats;
import dev.shadowpipeline.shadow.replay.Replayer;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.summary.SummaryJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shadow replay}: an offline shadow test from logged inputs. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Send logged inputs to the primary and the shadow; compare, capture, report.",
    synopsisHeading = "%nUsage: ",
    customSynopsis =
        "shadow replay --input FILE --primary URL --shadow URL [--out DIR] [--concurrency 16] "
            + "[--rate N] [--path /predict] [OPTIONS]",
    description = {
      "",
      "Each input (a CSV row as a typed JSON object, an element of a JSON array, or a line of JSONL) is POSTed to "
          + "both models at once. The pairs are compared exactly as 'shadow proxy' compares them and written to "
          + "OUT/records.jsonl, OUT/regression_suite.json, OUT/summary.json and OUT/report.html.",
      "Rows that cannot be read are reported with their line numbers and skipped; the run goes on.",
      ""
    },
    footer = {
      "",
      "Routes with their own comparators and redaction rules go in the 'compare:' and 'redact:' sections of the "
          + "--config file (see examples/shadow.yaml).",
      "Exit codes: 0 the replay ran (whatever the agreement; use 'shadow gate' to judge it); 2 bad usage, an "
          + "unreadable input file, or a --sink that did not acknowledge every record (--out is written all "
          + "the same)."
    })
public final class ReplayCommand implements Callable<Integer> {

  /** What a replay writes into --out. */
  private static final List<String> FILES =
      List.of(
          CaptureOutputs.RECORDS_FILE,
          RegressionSuite.FILE,
          SummaryJson.FILE,
          ComparisonReport.FILE);

  @Option(
      names = "--input",
      paramLabel = "FILE",
      required = true,
      order = 1,
      description =
          "Logged inputs: .csv (header row), .json (an array), .jsonl, or Parquet (a .parquet file, a glob or "
              + "a folder of hive partitions; each row a JSON object, nested columns as nested JSON).")
  Path input;

  @Option(
      names = "--primary",
      paramLabel = "URL",
      required = true,
      order = 2,
      description =
          "The production model. user:password@ in the URL is sent as HTTP Basic auth and printed masked.")
  String primary;

  @Option(
      names = "--shadow",
      paramLabel = "URL",
      required = true,
      order = 3,
      description = "The candidate model.")
  String shadow;

  @Option(
      names = "--secondary",
      paramLabel = "URL",
      order = 3,
      description =
          "A second instance of the production model (the noise baseline): each chosen input goes to it too. "
              + "Differences the primary also has with itself are classified noise and do not count against "
              + "agreement, the suite or the gate.")
  String secondary;

  @Option(
      names = "--secondary-sample-rate",
      paramLabel = "0..1",
      order = 3,
      description =
          "Share of the inputs also sent to the secondary, spread evenly (default: all of them).")
  Double secondarySampleRate;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "shadow-replay",
      order = 4,
      description =
          "Where records, suite, summary and report are written (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--path",
      paramLabel = "PATH",
      defaultValue = "/predict",
      order = 5,
      description =
          "Request path every input is POSTed to, possibly with a query (credential parameters in it are "
              + "masked in the records) (default: ${DEFAULT-VALUE}).")
  String path;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "16",
      order = 6,
      description = "Pairs in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "0",
      order = 7,
      description =
          "Most pairs started per second; 0 for as fast as --concurrency allows (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      order = 8,
      description = "csv, json or jsonl (default: from the file name).")
  String format;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      order = 9,
      description = "Deadline for each model's whole answer (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      order = 10,
      description = "YAML file with 'compare:' routes and 'redact:' rules.")
  Path config;

  @Option(
      names = "--db",
      paramLabel = "URL",
      order = 11,
      description =
          "Also keep per-minute comparison aggregates in this history database (SQLite file, "
              + "jdbc:postgresql://HOST/DB or postgresql://USER:PASSWORD@HOST/DB), opened before the input is "
              + "read.")
  String db;

  @Option(
      names = "--instance-id",
      paramLabel = "NAME",
      order = 12,
      description =
          "This run's name, as a proxy's: every record carries it as instance_id, and the history database (--db) "
              + "keeps its windows under it (default: replay:<input file name>).")
  String instanceId;

  @Option(
      names = "--sink",
      paramLabel = "URL",
      order = 13,
      description =
          "Also send every record to a Kafka topic, kafka://HOST:PORT[,HOST:PORT]/TOPIC (repeatable): the same line "
              + "as records.jsonl. A replay waits for the brokers rather than dropping (up to the config's "
              + "kafka: delivery-timeout); a record not acknowledged makes it exit 2 once --out is written. "
              + "Security and topic creation: the config's kafka: section.")
  List<String> sinks;

  @Mixin ComparisonFlags comparison;

  private final CliContext ctx;

  ReplayCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    if (concurrency < 1) {
      throw new UsageException("--concurrency must be at least 1: " + concurrency);
    }
    if (timeout.isZero()) {
      // else every request fails as the model's error ("Invalid duration: PT0S")
      throw new UsageException(
          "--timeout must be longer than 0s: each model gets that long to answer");
    }
    if (rate < 0) {
      throw new UsageException("--rate must not be negative: " + rate);
    }
    // before a Parquet input is converted and the history database is opened (and created): a
    // folder that cannot be written would be found after that work, and leave the database behind
    OutputFolder.checkWritable("--out", out);
    // records and suite grow while the replay runs: a folder in the place of any output is found
    // before, not after they have
    OutputFolder.checkFiles("--out", out, FILES);
    boolean parquet = format == null && ParquetSource.handles(input);
    InputFormat inputFormat = parquet ? InputFormat.JSONL : inputFormat();
    Upstreams upstreams = upstreams();
    String instance = instanceId();
    // before a Parquet input is converted and the input is read through, which take minutes on
    // large
    // inputs: a wrong database URL, password or path is one error line at once
    ComparisonHistory history =
        db == null
            ? null
            : ComparisonHistory.open(
                db, instance, timeout.plusSeconds(10), Clock.systemUTC(), ctx.env());
    try {
      if (!parquet) {
        return replay(input, inputFormat, upstreams, instance, history);
      }
      // Parquet rows become JSON objects in a temporary JSONL file (streamed by DuckDB), then
      // replay as usual
      Path rows = Files.createTempFile("shadow-replay-", ".jsonl");
      try {
        long n = ParquetRows.toJsonl(ParquetSource.of(input), rows);
        ctx.out().printf("Read %,d rows from %s%n", n, input);
        return replay(rows, InputFormat.JSONL, upstreams, instance, history);
      } catch (DataReadException e) {
        throw new UsageException("--input: " + e.getMessage(), e);
      } finally {
        Files.deleteIfExists(rows);
      }
    } catch (Throwable e) {
      discard(history); // a finished replay closes it itself, to say what it wrote
      throw e;
    }
  }

  /** The format of an input that is not Parquet; the file must be a regular file, read more than once. */
  private InputFormat inputFormat() {
    InputFiles.requireFile(
        "--input",
        input,
        "an input file (.csv, .json or .jsonl; a directory is read as Parquet only without --format)");
    if (!Files.isRegularFile(input)) {
      throw new UsageException(
          "--input: "
              + input
              + " is not a regular file: replay reads it more than once (to count, check and send its"
              + " rows); save it to a file first");
    }
    try {
      return format == null ? InputFormat.of(input) : InputFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new UsageException((format == null ? "--input: " : "--format: ") + e.getMessage());
    }
  }

  /** The models replayed against, and the path they are sent to. */
  private record Upstreams(
      UpstreamAddress primary, UpstreamAddress shadow, UpstreamAddress secondary) {}

  private Upstreams upstreams() {
    UpstreamAddress primaryUrl = url("--primary", primary);
    UpstreamAddress shadowUrl = url("--shadow", shadow);
    UpstreamAddress secondaryUrl = secondary == null ? null : url("--secondary", secondary);
    if (secondarySampleRate != null) {
      if (secondaryUrl == null) {
        throw new UsageException(
            "--secondary-sample-rate needs a secondary: --secondary URL (or 'secondary:' in the config)");
      }
      if (!(secondarySampleRate >= 0 && secondarySampleRate <= 1)) {
        throw new UsageException(
            "--secondary-sample-rate must be between 0 and 1: " + secondarySampleRate);
      }
    }
    if (!path.startsWith("/")) {
      throw new UsageException("--path must start with '/': " + path);
    }
    return new Upstreams(primaryUrl, shadowUrl, secondaryUrl);
  }

  // the replay itself, from a file of inputs (the given one, or the Parquet rows as JSONL), into
  // the history opened before (or null)
  private int replay(
      Path inputRows,
      InputFormat inputFormat,
      Upstreams upstreams,
      String instance,
      ComparisonHistory history)
      throws Exception {
    UpstreamAddress primaryUrl = upstreams.primary();
    UpstreamAddress shadowUrl = upstreams.shadow();
    UpstreamAddress secondaryUrl = upstreams.secondary();
    CaptureSettings settings = comparison.settings(config, ctx);
    ObjectMapper mapper = new ObjectMapper();
    try {
      // before any output is opened or input sent: a file in another encoding or with an
      // ambiguous header would otherwise stop the run half-way, or merge values silently
      new InputReader(mapper).check(inputRows, inputFormat);
    } catch (IOException e) {
      throw new UsageException("--input: " + e.getMessage());
    }
    // what is kept of each answer, as the proxy's default --capture-max: longer answers are
    // compared by digest
    int captureLimit = (int) MemoryDefaults.CAPTURE_MAX;
    List<KafkaRecordSink> kafkaSinks;
    try {
      kafkaSinks =
          sinks == null || sinks.isEmpty()
              ? List.of()
              : RecordSinks.start(
                  sinks,
                  KafkaSettings.fromFile(config, ctx.env(), ctx::warn),
                  KafkaRecordSink.Mode.OFFLINE);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--sink: " + e.getMessage());
    }
    List<RecordConsumer> extra = new ArrayList<>(kafkaSinks);
    if (history != null) {
      extra.add(history.windows());
    }
    CaptureOutputs outputs;
    try {
      outputs =
          CaptureOutputs.open(
              out, settings, true, mapper, captureLimit, System::nanoTime, extra, instance);
    } catch (IOException e) {
      kafkaSinks.forEach(KafkaRecordSink::abandon);
      throw new UsageException("--out: cannot write to " + out + ": " + OutputFolder.reason(e), e);
    }
    if (outputs.continuedEntries() > 0) {
      // the components' INFO line saying so is hidden without --verbose, and the user should know
      // that an earlier suite grows rather than a new one is started
      ctx.out()
          .printf(
              "Continuing the regression suite in %s (%d entries from earlier runs)%n",
              outputs.suiteFile(), outputs.continuedEntries());
    }
    if (outputs.continuedBeyondBounds() > 0) {
      ctx.warn(
          outputs.suiteFile()
              + " holds "
              + outputs.continuedBeyondBounds()
              + " more entries than --suite-max/--suite-max-bytes keep: the least severe, oldest are left out"
              + " of it if this replay adds an entry; raise the bounds or give another --out to keep them");
    }
    RecordPipeline pipeline =
        RecordPipeline.builder(settings.comparator(), mapper)
            .sinks(List.of(outputs.sink()))
            .capacity(Math.max(64, concurrency * 4))
            .captureLimitBytes(captureLimit)
            // offline: every pair waits for its semantic similarity (the model's pace) rather
            // than overflowing the model's queue
            .awaitVerdicts(true)
            .start();
    HttpClient http = ModelClient.defaultHttpClient(Duration.ofSeconds(5));
    Replayer replayer =
        new Replayer(
            new ModelClient(http, primaryUrl, timeout, captureLimit),
            new ModelClient(http, shadowUrl, timeout, captureLimit),
            pipeline,
            mapper,
            Clock.systemUTC(),
            concurrency,
            rate);
    if (secondaryUrl != null) {
      replayer.withSecondary(
          new ModelClient(http, secondaryUrl, timeout, captureLimit),
          secondarySampleRate == null ? 1.0 : secondarySampleRate);
    }
    PrintWriter o = ctx.out();
    o.printf(
        "Replaying %s against %s (primary) and %s (shadow)%s%n",
        input,
        primaryUrl,
        shadowUrl,
        secondaryUrl == null
            ? ""
            : ", with " + secondaryUrl + " as the secondary (noise baseline)");
    Progress progress =
        ctx.progress("pairs", new InputReader(mapper).count(inputRows, inputFormat));
    ReplayStats stats;
    try {
      stats = replayer.replay(inputRows, inputFormat, path, progress::update);
    } catch (NoSuchFileException e) {
      pipeline.close(Duration.ofSeconds(30));
      throw new UsageException("--input: no such file: " + input);
    } catch (IOException e) {
      pipeline.close(Duration.ofSeconds(30));
      throw new UsageException("--input: " + e.getMessage());
    } finally {
      progress.finish();
    }
    pipeline.close(Duration.ofSeconds(60));
    for (KafkaRecordSink sink : kafkaSinks) {
      o.printf(
          "Sent %d records to %s%s%n",
          sink.sent(),
          sink.address(),
          sink.droppedTotal() == 0
              ? ""
              : "; "
                  + sink.droppedTotal()
                  + " could not be delivered: "
                  + sink.stateJson().get("dropped"));
    }
    if (history != null) {
      history.close();
      o.printf("Kept %d comparison windows in %s%n", history.stats().written(), history.describe());
    }
    ComparisonSummary summary = outputs.aggregator().summary();
    try (OutputSet staged = OutputFolder.stage("--out", out, ComparisonReport.FILES)) {
      OutputFolder.write(
          "--out",
          out.resolve(ComparisonReport.FILE),
          () ->
              ComparisonReport.write(
                  staged.staging(),
                  "replay of " + input.getFileName(),
                  summary,
                  Gate.evaluate(summary, GateCriteria.DEFAULTS),
                  mapper));
      OutputFolder.commit("--out", staged);
    }
    o.printf(
        "Replayed %d of %d rows%s%n",
        stats.sent(),
        stats.rows(),
        stats.badRowCount() == 0 ? "" : "; skipped " + stats.badRowCount() + " unreadable rows:");
    int shown = 0;
    for (InputRow bad : stats.badRows()) {
      if (shown++ >= 10) {
        o.printf("  ... and %d more%n", stats.badRowCount() - 10);
        break;
      }
      o.printf(
          "  %s line %s: %s%n",
          input.getFileName(), bad.line() < 0 ? "?" : Long.toString(bad.line()), bad.problem());
    }
    SummaryText.print(o, summary);
    o.printf(
        "Wrote %s, %s (%d entries), %s and %s%n",
        out.resolve(CaptureOutputs.RECORDS_FILE),
        out.resolve(RegressionSuite.FILE),
        outputs.suiteWritten(),
        out.resolve("summary.json"),
        out.resolve(ComparisonReport.FILE));
    o.printf("Next: shadow gate --records %s%n", out);
    undelivered(kafkaSinks);
    return ExitCode.OK;
  }

  // after everything is written: a topic that misses records (a collector, a fleet's report read
  // from it) must not pass for a replay that went well, though --out holds every record
  private void undelivered(List<KafkaRecordSink> kafkaSinks) {
    for (KafkaRecordSink sink : kafkaSinks) {
      long dropped = sink.droppedTotal();
      if (dropped == 0) {
        continue;
      }
      String problem = sink.stateJson().path("problem").asText("");
      throw new UsageException(
          "--sink: "
              + dropped
              + " of "
              + (dropped + sink.sent())
              + " records were not delivered to "
              + UrlSecrets.mask(sink.address().toString())
              + " ("
              + sink.dropCounts()
              + (problem.isEmpty() ? "" : "; " + problem)
              + "); "
              + out.resolve(CaptureOutputs.RECORDS_FILE)
              + " holds every record");
    }
  }

  private static void discard(ComparisonHistory history) {
    if (history != null) {
      history.discard();
    }
  }

  /** A model's URL; credentials in it become Basic auth, and it prints with the password masked. */
  static UpstreamAddress url(String option, String value) {
    try {
      return UpstreamAddress.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          option + ": not a model URL: " + e.getMessage()); // the message masks the password
    }
  }

  private String instanceId() {
    if (instanceId == null) {
      return "replay:" + input.getFileName();
    }
    try {
      return FleetIdentity.check(instanceId);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--instance-id: " + e.getMessage());
    }
  }
}
