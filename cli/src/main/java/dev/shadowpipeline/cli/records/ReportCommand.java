package dev.shadowpipeline.cli.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.OutputFolder;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.config.ConfigDefaults;
import dev.shadowpipeline.cli.fleet.TopicInput;
import dev.shadowpipeline.report.compare.ComparisonReport;
import dev.shadowpipeline.report.compare.TraceLink;
import dev.shadowpipeline.report.text.SummaryText;
import dev.shadowpipeline.shadow.capture.CaptureOutputs;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.labels.QualityJson;
import dev.shadowpipeline.shadow.record.JsonErrorText;
import dev.shadowpipeline.shadow.record.OutputSet;
import dev.shadowpipeline.shadow.record.RecordsFile;
import dev.shadowpipeline.shadow.record.RecordsFingerprint;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.summary.SummaryJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shadow report}: rebuild the report, summary and suite from a records file. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Rebuild report.html, summary.json and regression_suite.json from a records file.",
    synopsisHeading = "%nUsage: ",
    customSynopsis =
        "shadow report --records DIR|kafka://HOST:PORT/TOPIC [--out DIR] [--suite-max 10000] "
            + "[--trace-url TEMPLATE] [--from-time T] [--to-time T] [--config FILE]",
    description = {
      "",
      "Reads records.jsonl (streamed; lines a crash cut short, and impossible records such as a verdict of null or a "
          + "negative latency_ms, are skipped and reported with their line numbers) and writes the aggregates. "
          + "The verdicts in the records are used as recorded: to judge with other rules, replay the inputs. A "
          + "quality.json beside the records (from 'shadow labels') keeps its sections in the report and summary, "
          + "and so does a judgements.jsonl (the pairwise judge's verdicts, from the proxy or 'shadow judge').",
      "",
      "Records of several proxies (a fleet: files concatenated, or each replica's records) are counted per "
          + "instance_id too: summary.json's 'instances' and the report's 'Instances' table, where a replica whose "
          + "shadow copies all failed stands out. Records written before instance ids count under a row of their "
          + "own.",
      "",
      "With --records kafka://HOST:PORT[,HOST:PORT]/TOPIC the fleet's records are read from the topic instead, from "
          + "its beginning (or --from-time) up to the end offsets taken when reading starts; --to-time ends the "
          + "range (both select records by their own time). Messages that are not records are skipped and named, "
          + "a record id seen twice is counted once. The config's kafka: section says how to reach the brokers.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 written; 2 bad usage (e.g. --suite-max below 1), no records, or an output folder that "
          + "cannot be written (one line; the files there are kept)."
    })
public final class ReportCommand implements Callable<Integer> {

  /** What a report run replaces in its folder, together. */
  private static final List<String> FILES =
      List.of(RegressionSuite.FILE, SummaryJson.FILE, ComparisonReport.FILE);

  @Option(
      names = "--records",
      paramLabel = "DIR",
      required = true,
      order = 1,
      description =
          "Output folder of proxy, replay or collect (or its records.jsonl), or a Kafka topic: "
              + "kafka://HOST:PORT[,HOST:PORT]/TOPIC.")
  String records;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      order = 2,
      description = "Where to write (default: the folder of the records; required with a topic).")
  Path out;

  @Option(
      names = "--suite-max",
      paramLabel = "N",
      defaultValue = "10000",
      order = 3,
      description =
          "Most entries in the rebuilt regression suite, at least 1 (default: ${DEFAULT-VALUE}).")
  int suiteMax;

  @Option(
      names = "--trace-url",
      paramLabel = "TEMPLATE",
      order = 4,
      description =
          "Link each divergence to its trace: a URL with {trace_id} where the trace id goes, e.g. "
              + "https://jaeger.example/trace/{trace_id} (default: the trace id is shown as text). It is written "
              + "into the report, so a user-info or a credential-named query parameter (token, key, sig, ...) is "
              + "refused.")
  String traceUrl;

  @Option(
      names = "--from-time",
      paramLabel = "TIME",
      order = 5,
      description =
          "With a topic: records from this time on, e.g. 2026-11-30T09:00:00Z or 2026-11-30.")
  String fromTime;

  @Option(
      names = "--to-time",
      paramLabel = "TIME",
      order = 6,
      description = "With a topic: records before this time.")
  String toTime;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      order = 7,
      description =
          "YAML file: its 'report:' section holds defaults for these options (e.g. trace-url), its 'kafka:' "
              + "section how to reach the brokers.")
  Path config;

  @Spec CommandSpec spec;

  private final CliContext ctx;

  ReportCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    TraceLink traces = null;
    if (traceUrl != null) {
      try {
        traces = new TraceLink(traceUrl);
      } catch (IllegalArgumentException e) {
        throw new UsageException(source("--trace-url") + ": " + e.getMessage());
      }
    }
    if (suiteMax < 1) {
      // as regress and collect: a suite of at most 0 entries would replace the suite with nothing
      throw new UsageException(source("--suite-max") + " must be at least 1: " + suiteMax);
    }
    Instant[] range = TopicInput.range(records, fromTime, toTime);
    boolean topic = TopicInput.isTopic(records);
    if (topic && out == null) {
      throw new UsageException(
          "--out DIR is required with a topic: where report.html, summary.json and regression_suite.json go");
    }
    Path file = topic ? null : RecordsInput.file(records);
    Path dir =
        out != null
            ? out
            : Files.isDirectory(Path.of(records))
                ? Path.of(records)
                : file.toAbsolutePath().getParent();
    // before reading: a folder that cannot be written is found before the work, not after it
    String outFlag = out != null ? "--out" : "--records";
    OutputFolder.checkWritable(outFlag, dir);
    // the three files are written into a staging folder and replaced together at the end: a run
    // that fails on the last leaves the first two as they were
    try (OutputSet staged = OutputFolder.stage(outFlag, dir, FILES)) {
      return rebuild(traces, range, topic, file, dir, outFlag, staged);
    }
  }

  private int rebuild(
      TraceLink traces,
      Instant[] range,
      boolean topic,
      Path file,
      Path dir,
      String outFlag,
      OutputSet staged)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    CaptureSettings settings = CaptureSettings.defaults(1e-6, List.of(), List.of());
    settings = settings.withSuiteMax(suiteMax, settings.suiteMaxBytes());
    // the records are already redacted and judged: only the suite and the aggregates are rebuilt
    // from them; the suite
    // starts afresh (rebuilding twice must not count every input twice) and replaces the old file
    // atomically at the end
    CaptureOutputs outputs;
    try {
      outputs =
          CaptureOutputs.open(
              staged.staging(), settings, false, mapper, 10 << 20, System::nanoTime);
    } catch (IOException e) {
      throw new UsageException(
          outFlag + ": cannot write to " + dir + ": " + OutputFolder.reason(e), e);
    }
    long start = System.nanoTime();
    long read;
    long unreadable = 0;
    long duplicates = 0;
    RecordsFingerprint readFrom = null;
    // the judge's verdicts beside the records count only on pairs the records hold: their ids are
    // looked for while the records are read (without judgements, the records go straight in)
    Set<String> judgedIds =
        topic ? Set.of() : JudgementsInput.recordIds(file.toAbsolutePath().getParent(), mapper);
    IdsSeen<Object[]> judged =
        judgedIds.isEmpty() ? null : new IdsSeen<>(outputs.sink(), judgedIds);
    // a read that fails writes nothing: the folder keeps what it held
    if (topic) {
      read = TopicInput.read(records, config, range[0], range[1], outputs.sink(), ctx).records();
    } else {
      // taken before the read, as the gate takes it: quality.json from other records is marked
      readFrom = Files.isRegularFile(file) ? fingerprint(file) : null;
      RecordsFile.ReadStats stats =
          RecordsInput.read(file, mapper, judged != null ? judged : outputs.sink(), ctx.err());
      read = stats.records();
      unreadable = stats.badLines();
      duplicates = stats.duplicates();
    }
    // no record to rebuild the suite from (an emptied or rotated records file): a suite already
    // there
    // is kept, not replaced by an empty one
    boolean suiteKept = read == 0 && Files.exists(dir.resolve(RegressionSuite.FILE));
    if (!suiteKept) {
      // writes the suite
      OutputFolder.write(outFlag, dir.resolve(RegressionSuite.FILE), outputs.sink()::close);
    }
    ComparisonSummary summary = outputs.aggregator().summary();
    String source = topic ? TopicInput.describe(records, range[0], range[1]) : file.toString();
    if (topic) {
      TraceLink links = traces;
      OutputFolder.write(
          outFlag,
          dir.resolve(ComparisonReport.FILE),
          () ->
              ComparisonReport.write(
                  staged.staging(),
                  "records of " + source,
                  summary,
                  Gate.evaluate(summary, GateCriteria.DEFAULTS),
                  null,
                  null,
                  links,
                  mapper));
      OutputFolder.commit(outFlag, staged);
      ctx.out()
          .printf(
              "Read %d records from %s in %.1f s%n",
              read, source, (System.nanoTime() - start) / 1e9);
      SummaryText.print(ctx.out(), summary);
      printWrote(dir, suiteKept);
      return ExitCode.OK;
    }
    // the quality sections are kept: shadow labels wrote quality.json beside the records
    Path qualityFile = file.toAbsolutePath().getParent().resolve(QualityJson.FILE);
    JsonNode quality = null;
    if (Files.isRegularFile(qualityFile)) {
      try {
        quality = mapper.readTree(qualityFile.toFile());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        ctx.err()
            .printf(
                "warning: %s not readable, report written without it: not JSON: %s%n",
                qualityFile, JsonErrorText.of(e));
      } catch (java.io.IOException e) {
        ctx.err()
            .printf(
                "warning: %s not readable, report written without it: %s%n",
                qualityFile, e.getMessage());
      }
    }
    // and so are the pairwise judge's verdicts, from judgements.jsonl beside the records
    JudgeSummary judge =
        JudgementsInput.read(
            file.toAbsolutePath().getParent(),
            mapper,
            ctx.err(),
            judged != null ? judged::seen : id -> false,
            file);
    // the page says what it could not read, as stderr did
    String described =
        "records in "
            + file
            + (unreadable > 0 ? " (" + UnreadableLines.count(unreadable) + " skipped)" : "")
            + (duplicates > 0
                ? " ("
                    + duplicates
                    + " repeated record"
                    + (duplicates == 1 ? "" : "s")
                    + " counted once)"
                : "");
    JsonNode qualitySections =
        quality != null && quality.isObject()
            ? markedIfStale((ObjectNode) quality, readFrom, qualityFile)
            : null;
    TraceLink links = traces;
    OutputFolder.write(
        outFlag,
        dir.resolve(ComparisonReport.FILE),
        () ->
            ComparisonReport.write(
                staged.staging(),
                described,
                summary,
                Gate.evaluate(summary, GateCriteria.DEFAULTS),
                qualitySections,
                judge,
                links,
                mapper));
    OutputFolder.commit(outFlag, staged);
    ctx.out()
        .printf(
            "Read %d records from %s in %.1f s%n", read, file, (System.nanoTime() - start) / 1e9);
    SummaryText.print(ctx.out(), summary);
    printWrote(dir, suiteKept);
    return ExitCode.OK;
  }

  /**
   * The quality as read, with a first note and a warning when it was joined with other records than those just read
   * (appended to since, or replaced): the report keeps it, as the labels are still the user's, but says so.
   */
  private ObjectNode markedIfStale(ObjectNode quality, RecordsFingerprint read, Path qualityFile) {
    if (read == null) {
      return quality;
    }
    String change =
        RecordsFingerprint.readFrom(quality).flatMap(then -> then.changeTo(read)).orElse(null);
    if (change == null) {
      return quality;
    }
    String note =
        "these labels were joined with other records than this report's: "
            + change
            + "; run 'shadow labels' again";
    ctx.err().println("warning: " + qualityFile + ": " + note);
    ObjectNode marked = quality.deepCopy();
    ArrayNode notes = marked.putArray("notes");
    notes.add(note);
    quality.path("notes").forEach(notes::add);
    return marked;
  }

  private static RecordsFingerprint fingerprint(Path file) {
    try {
      return RecordsFingerprint.of(file);
    } catch (java.io.IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private void printWrote(Path dir, boolean suiteKept) {
    Path report = dir.resolve(ComparisonReport.FILE);
    Path summary = dir.resolve("summary.json");
    Path suite = dir.resolve(RegressionSuite.FILE);
    ctx.out()
        .println(
            suiteKept
                ? "Wrote "
                    + report
                    + " and "
                    + summary
                    + "; kept "
                    + suite
                    + " as it was (no records to rebuild it from)"
                : "Wrote " + report + ", " + summary + " and " + suite);
  }

  // names the flag, or the config key when the value came from the file
  private String source(String option) {
    return ConfigDefaults.where(spec, option);
  }
}
