package dev.shadowpipeline.cli.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.OutputFolder;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.config.ConfigDefaults;
import dev.shadowpipeline.cli.config.DurationConverter;
import dev.shadowpipeline.cli.fleet.TopicInput;
import dev.shadowpipeline.report.text.SummaryText;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCheck;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.gate.GateResult;
import dev.shadowpipeline.shadow.gate.JudgeGate;
import dev.shadowpipeline.shadow.gate.QualityCriterion;
import dev.shadowpipeline.shadow.gate.QualityGate;
import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.judge.JudgementsFile;
import dev.shadowpipeline.shadow.labels.QualityJson;
import dev.shadowpipeline.shadow.record.AtomicFile;
import dev.shadowpipeline.shadow.record.JsonErrorText;
import dev.shadowpipeline.shadow.record.RecordsFile;
import dev.shadowpipeline.shadow.record.RecordsFingerprint;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shadow gate}: the promotion verdict for CI/CD. */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Decide whether the candidate may be promoted, from the records of a shadow test.",
    synopsisHeading = "%nUsage: ",
    customSynopsis =
        "shadow gate --records DIR|kafka://HOST:PORT/TOPIC [--min-agreement 0.99] [--max-critical 0] "
            + "[--max-latency-delta-p99 200ms] [--max-shadow-error-rate 0.01] "
            + "[--non-inferior METRIC:MARGIN]... [--superior METRIC]... [--min-judge-win-rate 0..1] "
            + "[--config FILE]",
    description = {
      "",
      "Agreement is judged by the lower bound of its 95%% Wilson interval, so 3 agreeing requests out of 3 do not pass "
          + "a 0.99 gate. Prints a table, writes DIR/gate.json.",
      "",
      "Only pairs where both models answered are evidence: 'pairs compared' counts them (at least --min-requests, "
          + "so a run in which the primary never answered fails), a pair graded as agreeing though a side gave no "
          + "answer (a primary failure is info by default) is left out of the agreement, and a latency check that "
          + "could not be measured (no pair where both answered, or a latency_ms missing, not a number or infinite) "
          + "fails and says why.",
      "",
      "With labels (DIR/quality.json, written by 'shadow labels'), --non-inferior and --superior judge the shadow "
          + "by its quality against ground truth rather than by its sameness: non-inferior with margin M passes when "
          + "the one-sided 95%% lower bound of shadow − primary is above −M (for error metrics — mae, rmse, brier, "
          + "log_loss — of primary − shadow, as smaller is better there); superior when that bound is above 0. The "
          + "bounds come from the paired bootstrap of quality.json. Labels joined with other records than those "
          + "read now (records appended or replaced since) decide nothing: run 'shadow labels' again.",
      "",
      "With a pairwise judge (DIR/judgements.jsonl, written by the proxy with compare.judge or by 'shadow judge'), "
          + "--min-judge-win-rate X passes when the lower bound of the 95%% Wilson interval of the shadow's win rate "
          + "(ties counted as half a win) is at least X: 0.5 asks for 'at least as good, with confidence', 0.45 for "
          + "'not clearly worse'. Verdicts whose id matches no record of the records file (another run's, a rotated "
          + "file) are left out and counted.",
      "",
      "With --records kafka://HOST:PORT[,HOST:PORT]/TOPIC the verdict is taken over a fleet's records on the topic, "
          + "from its beginning (or --from-time) up to the end offsets taken when reading starts (--to-time ends the "
          + "range); gate.json goes to --out when given. Quality and judge checks need a folder.",
      "",
      "Every option is also a key of the 'gate:' section of a YAML file given with --config (flags win); its "
          + "'kafka:' section says how to reach the brokers.",
      ""
    },
    footer = {
      "",
      "Metrics: accuracy, precision, recall, f1, roc_auc (or auc), brier, log_loss (classification); mae, rmse, r2 "
          + "(regression).",
      "",
      "Exit codes: 0 pass; 1 fail; 2 bad usage, no records (a missing or empty file, an empty topic), no labels to decide a quality check on (no "
          + "quality.json, no labelled pair, a metric the labels do not have, or one whose value there is not a "
          + "finite number), a quality.json that is not JSON, or no judge verdict to decide "
          + "--min-judge-win-rate on (undecided; verdicts that match no record do not count)."
    })
public final class GateCommand implements Callable<Integer> {

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
      names = "--min-agreement",
      paramLabel = "0..1",
      defaultValue = "0.99",
      order = 2,
      description = "Least lower 95%% bound of the agreement rate (default: ${DEFAULT-VALUE}).")
  double minAgreement;

  @Option(
      names = "--max-critical",
      paramLabel = "N",
      defaultValue = "0",
      order = 3,
      description = "Most critical divergences (default: ${DEFAULT-VALUE}).")
  long maxCritical;

  @Option(
      names = "--max-latency-delta-p99",
      paramLabel = "DURATION",
      defaultValue = "200ms",
      order = 4,
      converter = DurationConverter.class,
      description = "Most p99 of shadow-minus-primary latency (default: ${DEFAULT-VALUE}).")
  Duration maxLatencyDeltaP99;

  @Option(
      names = "--max-shadow-error-rate",
      paramLabel = "0..1",
      defaultValue = "0.01",
      order = 5,
      description = "Most share of pairs the shadow failed to answer (default: ${DEFAULT-VALUE}).")
  double maxShadowErrorRate;

  @Option(
      names = "--min-requests",
      paramLabel = "N",
      defaultValue = "1",
      order = 6,
      description =
          "Fewest pairs compared, where both models answered, for a verdict (default: ${DEFAULT-VALUE}).")
  long minRequests;

  @Option(
      names = "--non-inferior",
      paramLabel = "METRIC:MARGIN",
      order = 7,
      description =
          "The shadow may be at most MARGIN worse on METRIC, at 95%% confidence, e.g. accuracy:0.02 or mae:0.5 "
              + "(repeatable; reads DIR/quality.json).")
  List<String> nonInferior = new ArrayList<>();

  @Option(
      names = "--superior",
      paramLabel = "METRIC",
      order = 8,
      description =
          "The shadow must be better on METRIC, at 95%% confidence, e.g. roc_auc (repeatable; reads "
              + "DIR/quality.json).")
  List<String> superior = new ArrayList<>();

  @Option(
      names = "--min-judge-win-rate",
      paramLabel = "0..1",
      order = 9,
      description =
          "Least lower 95%% bound of the shadow's win rate by the pairwise judge, ties as half (reads "
              + "DIR/judgements.jsonl), e.g. 0.45.")
  Double minJudgeWinRate;

  @Option(
      names = "--from-time",
      paramLabel = "TIME",
      order = 10,
      description =
          "With a topic: records from this time on, e.g. 2026-11-30T09:00:00Z or 2026-11-30.")
  String fromTime;

  @Option(
      names = "--to-time",
      paramLabel = "TIME",
      order = 10,
      description = "With a topic: records before this time.")
  String toTime;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      order = 10,
      description =
          "Where gate.json is written (default: the records' folder; with a topic, none unless given).")
  Path out;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      order = 11,
      description = "YAML file whose 'gate:' section holds defaults for these options.")
  Path config;

  @Spec CommandSpec spec;

  private final CliContext ctx;

  GateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    GateCriteria criteria;
    try {
      criteria =
          new GateCriteria(
              minAgreement,
              maxCritical,
              maxLatencyDeltaP99.toNanos() / 1e6,
              maxShadowErrorRate,
              minRequests);
    } catch (IllegalArgumentException e) {
      // GateCriteria's message starts with the option's key: "min-agreement must be ..."
      String message = e.getMessage();
      int space = message.indexOf(' ');
      throw new UsageException(
          space < 0
              ? "--" + message
              : named("--" + message.substring(0, space), message.substring(space + 1)),
          e);
    }
    if (minJudgeWinRate != null && !(minJudgeWinRate >= 0 && minJudgeWinRate <= 1)) {
      throw new UsageException(
          named("--min-judge-win-rate", "must be between 0 and 1: " + minJudgeWinRate));
    }
    List<QualityCriterion> qualityCriteria = qualityCriteria();
    Instant[] range = TopicInput.range(records, fromTime, toTime);
    boolean topic = TopicInput.isTopic(records);
    if (topic && (!qualityCriteria.isEmpty() || minJudgeWinRate != null)) {
      throw new UsageException(
          "--non-inferior, --superior and --min-judge-win-rate read quality.json or judgements.jsonl beside the "
              + "records: give --records the collector's folder (shadow collect --out) rather than the topic");
    }
    Path file = topic ? null : RecordsInput.file(records);
    // a folder gate.json cannot be written to is found before the records are read
    String outFlag = out != null ? "--out" : "--records";
    if (out != null || !topic) {
      OutputFolder.checkWritable(outFlag, out != null ? out : file.toAbsolutePath().getParent());
    }
    ObjectMapper mapper = new ObjectMapper();
    ComparisonAggregator aggregator = new ComparisonAggregator();
    RecordsFile.ReadStats read = null;
    Path recordsDir =
        topic
            ? null
            : Files.isDirectory(Path.of(records))
                ? Path.of(records)
                : file.toAbsolutePath().getParent();
    // the judge's verdicts count only on pairs these records hold: their ids are looked for while
    // the records are read
    IdsSeen<ComparisonAggregator.Facts> judged =
        minJudgeWinRate == null
            ? null
            : new IdsSeen<>(aggregator, JudgementsInput.recordIds(recordsDir, mapper));
    // the labels' quality counts only when it was joined with the records read here: taken before
    // they are read, so that records appended meanwhile make it stale rather than pass unseen
    RecordsFingerprint readFrom = null;
    if (topic) {
      TopicInput.read(records, config, range[0], range[1], aggregator, ctx);
    } else {
      if (!qualityCriteria.isEmpty() && Files.isRegularFile(file)) {
        readFrom = fingerprint(file);
      }
      read = RecordsInput.read(file, mapper, judged != null ? judged : aggregator, ctx.err());
    }
    ComparisonSummary summary = aggregator.summary();
    if (summary.requests() == 0) {
      // nothing to decide on is bad input, not a failed candidate (and never a pass); gate.json is
      // not written, as for a file in which no line is a record
      throw new UsageException(
          "--records: no records in "
              + (topic ? TopicInput.describe(records, range[0], range[1]) : file)
              + ": nothing to decide on");
    }
    GateResult result = Gate.evaluate(summary, criteria);
    Path dir = out != null ? out : recordsDir;
    QualityGate.Outcome quality = null;
    if (!qualityCriteria.isEmpty()) {
      JsonNode qualityJson = readQuality(recordsDir.resolve(QualityJson.FILE), mapper);
      quality =
          QualityGate.evaluate(qualityJson, staleness(qualityJson, readFrom), qualityCriteria);
      List<GateCheck> checks = new ArrayList<>(result.checks());
      checks.addAll(quality.checks());
      result = new GateResult(result.passed() && quality.passed(), checks);
    }
    boolean judgeUndecided = false;
    long judgeUnmatched = 0;
    if (minJudgeWinRate != null) {
      JudgeSummary judge = JudgementsInput.read(recordsDir, mapper, ctx.err(), judged::seen, file);
      judgeUndecided = JudgeGate.undecided(judge);
      judgeUnmatched = judge == null ? 0 : judge.unmatched();
      GateCheck check = JudgeGate.check(judge, minJudgeWinRate);
      List<GateCheck> checks = new ArrayList<>(result.checks());
      checks.add(check);
      result = new GateResult(result.passed() && check.passed(), checks);
    }
    ObjectNode json = Gate.toJson(result, criteria, summary, mapper);
    if (read != null) {
      // a verdict on the lines that could be read says so in the file CI keeps, not only on stderr
      json.put("unreadable_lines", read.badLines());
      read.problems().forEach(json.putArray("unreadable")::add);
      json.put("duplicate_records", read.duplicates());
    }
    if (minJudgeWinRate != null) {
      ((ObjectNode) json.get("criteria")).put("min_judge_win_rate", minJudgeWinRate);
      json.put("judge_decided", !judgeUndecided);
      json.put("judge_unmatched", judgeUnmatched);
    }
    if (quality != null) {
      QualityGate.criteriaJson((ObjectNode) json.get("criteria"), qualityCriteria);
      json.put("labels_decided", quality.undecided().isEmpty());
      ArrayNode undecided = json.putArray("undecided");
      quality.undecided().forEach(undecided::add);
    }
    if (dir != null) {
      byte[] bytes =
          mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json);
      Path gateFile = dir.resolve(Gate.FILE);
      OutputFolder.write(outFlag, gateFile, () -> AtomicFile.write(gateFile, bytes));
    }
    ctx.out()
        .printf(
            "Gate on %d pairs from %s%n",
            summary.requests(), topic ? TopicInput.describe(records, range[0], range[1]) : file);
    SummaryText.print(ctx.out(), result);
    if (dir != null) {
      ctx.out().printf("Wrote %s%n", dir.resolve(Gate.FILE));
    }
    if (quality != null && !quality.undecided().isEmpty()) {
      ctx.err().println("error: no labels to decide on: " + String.join("; ", quality.undecided()));
      return ExitCode.USAGE;
    }
    if (judgeUndecided) {
      ctx.err()
          .println(
              "error: undecided: no judge verdicts in "
                  + recordsDir.resolve(JudgementsFile.FILE)
                  + (judgeUnmatched > 0
                      ? " on pairs of " + file + " (" + judgeUnmatched + " match no record)"
                      : "")
                  + " to decide --min-judge-win-rate on");
      return ExitCode.USAGE;
    }
    return result.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }

  /**
   * "--min-agreement must be ...", or "shadow.yaml: gate.min-agreement: must be ..." when the value came from the
   * config file: the error sends the user where the value was written.
   */
  private String named(String option, String problem) {
    String where = where(option);
    return where.equals(option) ? option + " " + problem : where + ": " + problem;
  }

  private String where(String option) {
    return spec == null ? option : ConfigDefaults.where(spec, option);
  }

  private List<QualityCriterion> qualityCriteria() {
    List<QualityCriterion> all = new ArrayList<>();
    for (String given : nonInferior) {
      try {
        all.add(QualityCriterion.nonInferior(given));
      } catch (IllegalArgumentException e) {
        throw new UsageException(where("--non-inferior") + ": " + e.getMessage());
      }
    }
    for (String metric : superior) {
      try {
        all.add(QualityCriterion.superior(metric));
      } catch (IllegalArgumentException e) {
        throw new UsageException(where("--superior") + ": " + e.getMessage());
      }
    }
    return all;
  }

  // a missing file is "no labels" (the gate says so); an unreadable one is bad input
  private static RecordsFingerprint fingerprint(Path file) {
    try {
      return RecordsFingerprint.of(file);
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** How quality.json's records differ from those read, or null when they are the same (or it cannot tell). */
  private static String staleness(JsonNode quality, RecordsFingerprint read) {
    if (quality == null || read == null) {
      return null;
    }
    return RecordsFingerprint.readFrom(quality).flatMap(then -> then.changeTo(read)).orElse(null);
  }

  private static JsonNode readQuality(Path file, ObjectMapper mapper) {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      JsonNode node = mapper.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new UsageException(file + ": not a quality.json (expected a JSON object)");
      }
      return node;
    } catch (JsonProcessingException e) {
      // Jackson's own message is two lines with a redacted source: one line, where it broke
      throw new UsageException(
          "cannot read "
              + file
              + ": not JSON: "
              + JsonErrorText.of(e)
              + "; run 'shadow labels' again",
          e);
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    }
  }
}
