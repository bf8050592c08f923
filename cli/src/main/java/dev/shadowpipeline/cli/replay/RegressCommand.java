package dev.shadowpipeline.cli.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.app.config.InputFiles;
import dev.shadowpipeline.app.progress.Progress;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.OutputFolder;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.compare.ComparisonFlags;
import dev.shadowpipeline.cli.config.DurationConverter;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.memory.MemoryDefaults;
import dev.shadowpipeline.shadow.record.AtomicFile;
import dev.shadowpipeline.shadow.record.OutputSet;
import dev.shadowpipeline.shadow.replay.ModelClient;
import dev.shadowpipeline.shadow.replay.RegressionOutcome;
import dev.shadowpipeline.shadow.replay.Regressor;
import dev.shadowpipeline.shadow.replay.SuiteRules;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import dev.shadowpipeline.shadow.suite.SuiteEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shadow regress}: replay a captured regression suite against a new candidate. */
@Command(
    name = "regress",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header =
        "Replay the captured divergences against a new candidate: fixed, still diverging, newly failing.",
    synopsisHeading = "%nUsage: ",
    customSynopsis =
        "shadow regress (--suite FILE | --records DIR|kafka://HOST:PORT/TOPIC) --model URL [--out DIR] [OPTIONS]",
    description = {
      "",
      "Each input of the suite is sent to the candidate, and its answer is compared with the primary's recorded "
          + "answer using the same rules as the shadow test (flags and --config). An input is fixed when the "
          + "candidate now agrees (nothing above info), newly failing when it diverges more severely than the "
          + "recorded divergence did, and still diverging otherwise. An input the candidate did not answer (a "
          + "transport error, a failure status where the primary's was not, or no JSON where the primary answered "
          + "JSON) is unanswered: nothing is known of it, so the run passes only when every input was answered; "
          + "the line under the table says why, e.g. every input got a 404 from a --model URL with a path.",
      "",
      "The rules must be the shadow test's: a label flip or a score delta is only seen by a rule naming the "
          + "field. Before anything is sent, the suite's recorded answers are compared again under this run's "
          + "rules; when they would turn recorded critical divergences into lesser ones (e.g. label_flip "
          + "/decision, critical, read as value_changed, a warning), regress stops with exit code 2 unless "
          + "--allow-other-rules; other recorded differences these rules miss are named in a warning.",
      "",
      "--records builds the suite first, from a records folder or from a fleet's records on a Kafka topic "
          + "(kafka://HOST:PORT[,HOST:PORT]/TOPIC, read up to the end offsets taken at the start; --from-time and "
          + "--to-time select by the records' time), and writes it to OUT/regression_suite.json. With no record "
          + "to build it from (an emptied records file, an empty range), a suite already in OUT is kept as it was.",
      ""
    },
    footer = {
      "",
      "Inputs whose fields were masked by redaction are replayed with the mask; use --redact-mode hash, or leave "
          + "model inputs unredacted, when the model needs them.",
      "Credentials are never replayed: the suite holds only [REDACTED] for credential headers and query parameters "
          + "(a masked query value is sent as the mask), and only Content-Type and Accept headers are sent again. "
          + "Give the candidate's credentials in its URL (--model http://user:password@host:port): they are sent as "
          + "HTTP Basic auth and printed as user:****.",
      "Exit codes: 0 every input answered and no critical divergence remains; 1 a critical divergence remains "
          + "(still or newly) or an input got no answer; 2 bad usage, an unreadable suite, a suite of no entries, or "
          + "no record to build the suite from."
    })
public final class RegressCommand implements Callable<Integer> {

  /** The run's result in --out. */
  private static final String REGRESS_FILE = "regress.json";

  @Option(
      names = "--suite",
      paramLabel = "FILE",
      order = 1,
      description = "A regression_suite.json written by proxy, replay, report or collect.")
  Path suite;

  @Option(
      names = "--records",
      paramLabel = "DIR|URL",
      order = 1,
      description =
          "Instead of --suite: the records to build the suite from, a folder of proxy, replay or collect (or its "
              + "records.jsonl), or a Kafka topic kafka://HOST:PORT[,HOST:PORT]/TOPIC.")
  String records;

  @Option(
      names = "--from-time",
      paramLabel = "TIME",
      order = 1,
      description =
          "With a topic: records from this time on, e.g. 2026-11-30T09:00:00Z or 2026-11-30.")
  String fromTime;

  @Option(
      names = "--to-time",
      paramLabel = "TIME",
      order = 1,
      description = "With a topic: records before this time.")
  String toTime;

  @Option(
      names = "--model",
      paramLabel = "URL",
      required = true,
      order = 2,
      description = "The new candidate.")
  String model;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "shadow-regress",
      order = 3,
      description = "Where regress.json is written (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "8",
      order = 4,
      description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      order = 5,
      description = "Deadline for each answer (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      order = 6,
      description = "YAML file with 'compare:' routes (the same as for the shadow test).")
  Path config;

  @Option(
      names = "--allow-other-rules",
      order = 7,
      description =
          "Replay even when these comparison rules would turn critical divergences the suite recorded (label "
              + "flips, score deltas, rankings, text similarities) into lesser ones (rules changed on purpose).")
  boolean allowOtherRules;

  @Mixin ComparisonFlags comparison;

  private final CliContext ctx;

  RegressCommand(CliContext ctx) {
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
    if ((suite == null) == (records == null)) {
      throw new UsageException(
          "give either --suite FILE or --records DIR|kafka://HOST:PORT/TOPIC (the suite is built from them)");
    }
    CaptureSettings settings = comparison.settings(config, ctx);
    ObjectMapper mapper = new ObjectMapper();
    // before any input goes to the model: an --out that cannot be written would waste the whole run
    OutputFolder.checkWritable("--out", out);
    if (records == null && (fromTime != null || toTime != null)) {
      throw new UsageException("--from-time and --to-time select records: give --records");
    }
    // the suite built from --records and regress.json replace the files there together, when the
    // run gets that far: a run that fails keeps the suite of an earlier one
    List<String> files =
        records != null ? List.of(RegressionSuite.FILE, REGRESS_FILE) : List.of(REGRESS_FILE);
    try (OutputSet staged = OutputFolder.stage("--out", out, files)) {
      return regress(settings, mapper, staged);
    }
  }

  private int regress(CaptureSettings settings, ObjectMapper mapper, OutputSet staged)
      throws IOException, InterruptedException {
    Path readFrom = suite;
    if (records != null) {
      readFrom =
          SuiteFromRecords.build(
              records, fromTime, toTime, config, out, staged, settings, mapper, ctx);
      suite = out.resolve(RegressionSuite.FILE);
    }
    Path inFolder = suite.resolve(RegressionSuite.FILE);
    InputFiles.requireFile(
        "--suite",
        readFrom,
        "a regression suite file ("
            + (Files.isRegularFile(inFolder)
                ? "did you mean " + inFolder + "?)"
                : "give the "
                    + RegressionSuite.FILE
                    + " that proxy or replay wrote, or a records folder with --records DIR)"));
    List<SuiteEntry> entries;
    try {
      entries = RegressionSuite.read(readFrom, Integer.MAX_VALUE, mapper).entries();
    } catch (IOException e) {
      throw new UsageException("--suite: " + e.getMessage());
    }
    if (entries.isEmpty()) {
      // nothing replayed is nothing checked: not a pass
      throw new UsageException(
          (records != null ? "--records: the suite built from " + records + ", " : "--suite: ")
              + suite
              + (records != null ? "," : "")
              + " has no entries: no captured input to replay");
    }
    // what is kept of each answer, as the proxy's default --capture-max: longer answers are
    // compared by digest
    int captureLimit = (int) MemoryDefaults.CAPTURE_MAX;
    // without the capture's rules a label flip comes back as a changed value, a warning: a
    // candidate that still flips every decision would pass
    List<SuiteRules.Unreproduced> otherRules =
        SuiteRules.unreproduced(entries, settings.comparator(), mapper, captureLimit);
    String missed =
        otherRules.stream()
            .map(SuiteRules.Unreproduced::describe)
            .collect(Collectors.joining(", "));
    if (!allowOtherRules && otherRules.stream().anyMatch(u -> u.criticalHidden() > 0)) {
      throw new UsageException(
          "--suite: "
              + suite
              + " recorded "
              + missed
              + ", which this run's comparison rules do not find in the suite's own recorded answers, so its"
              + " critical divergences would read as lesser ones: give regress the --config (its compare: routes)"
              + " or the flags the shadow test ran with (--label, --critical-flip, --score, --ranking, --text),"
              + " or --allow-other-rules to replay under these rules");
    }
    ModelClient candidate =
        new ModelClient(
            ModelClient.defaultHttpClient(Duration.ofSeconds(5)),
            ReplayCommand.url("--model", model),
            timeout,
            captureLimit);
    PrintWriter o = ctx.out();
    o.printf(
        "Replaying %d captured inputs from %s against %s%n",
        entries.size(), suite, candidate.base());
    Progress progress = ctx.progress("inputs", entries.size());
    List<RegressionOutcome> outcomes;
    try {
      outcomes =
          new Regressor(candidate, settings.comparator(), mapper, concurrency, captureLimit)
              .run(entries, Clock.systemUTC(), progress::update);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--suite: " + e.getMessage());
    } finally {
      progress.finish();
    }

    Map<RegressionOutcome.Status, Map<Severity, Integer>> table =
        new EnumMap<>(RegressionOutcome.Status.class);
    int criticalRemaining = 0;
    int unanswered = 0;
    ObjectNode report = mapper.createObjectNode();
    report.put("suite", suite.toString());
    report.put("model", candidate.base().toString());
    report.put("inputs", outcomes.size());
    ArrayNode items = report.putArray("outcomes");
    for (RegressionOutcome r : outcomes) {
      Severity recorded = r.entry().severity();
      table
          .computeIfAbsent(r.status(), s -> new EnumMap<>(Severity.class))
          .merge(recorded, 1, Integer::sum);
      if (r.status() == RegressionOutcome.Status.UNANSWERED) {
        unanswered++;
      } else if (r.status() != RegressionOutcome.Status.FIXED
          && r.verdict().severity() == Severity.CRITICAL) {
        criticalRemaining++;
      }
      ObjectNode item = items.addObject();
      item.put("key", r.entry().key());
      item.put("status", r.status().label());
      item.put("recorded_severity", recorded.label());
      if (r.verdict().severity() != null) {
        item.put("severity", r.verdict().severity().label());
      }
      ArrayNode reasons = item.putArray("reasons");
      r.verdict()
          .differences()
          .forEach(
              d ->
                  reasons.add(
                      d.kind().label()
                          + (d.path().isEmpty() ? "" : " " + d.path())
                          + (d.reason() == null ? "" : ": " + d.reason())));
      item.set("request", r.entry().request());
    }
    int answered = outcomes.size() - unanswered;
    report.put("answered", answered);
    report.put("unanswered", unanswered);
    report.put("critical_remaining", criticalRemaining);
    if (!otherRules.isEmpty()) {
      ArrayNode other = report.putArray("recorded_differences_these_rules_miss");
      otherRules.forEach(u -> other.add(u.describe()));
    }
    // an input the candidate did not answer may still diverge critically: it is not checked, and
    // a run that could not check every input does not pass
    report.put("passed", criticalRemaining == 0 && unanswered == 0);
    byte[] bytes =
        mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report);
    Path regressFile = out.resolve(REGRESS_FILE);
    OutputFolder.write(
        "--out", regressFile, () -> AtomicFile.write(staged.staged(REGRESS_FILE), bytes));
    OutputFolder.commit("--out", staged);

    o.printf(
        Locale.ROOT,
        "  %-16s %9s %9s %9s %7s%n",
        "outcome",
        "critical",
        "warning",
        "info",
        "total");
    for (RegressionOutcome.Status status : RegressionOutcome.Status.values()) {
      Map<Severity, Integer> row = table.getOrDefault(status, Map.of());
      int total = row.values().stream().mapToInt(Integer::intValue).sum();
      o.printf(
          Locale.ROOT,
          "  %-16s %9d %9d %9d %7d%n",
          status.label(),
          row.getOrDefault(Severity.CRITICAL, 0),
          row.getOrDefault(Severity.WARNING, 0),
          row.getOrDefault(Severity.INFO, 0),
          total);
    }
    o.println("  (columns: the severity recorded when the input was captured)");
    o.printf("Answered %d of %d inputs%n", answered, outcomes.size());
    if (unanswered > 0) {
      // why, at a glance: a wrong --model path gives every input the same 404
      o.printf("  no answer: %s%n", UnansweredReasons.describe(outcomes, candidate.base()));
    }
    if (!otherRules.isEmpty()) {
      ctx.err()
          .println(
              "warning: these comparison rules do not find what the suite recorded ("
                  + missed
                  + "): those differences are not checked (--config or the shadow test's flags would)");
    }
    o.printf(
        "Wrote %s%n", records != null ? suite + " and " + regressFile : regressFile.toString());
    List<String> failures = new ArrayList<>(2);
    if (answered == 0) {
      failures.add("the candidate answered none of the " + outcomes.size() + " inputs");
    } else if (unanswered > 0) {
      failures.add(
          unanswered
              + " of "
              + outcomes.size()
              + " inputs got no answer: whether their divergence remains is unknown");
    }
    if (criticalRemaining > 0) {
      failures.add(criticalRemaining + " critical divergences remain");
    }
    if (!failures.isEmpty()) {
      o.printf("Regress: FAIL (%s)%n", String.join("; ", failures));
      return ExitCode.CHECK_FAILED;
    }
    o.println("Regress: PASS (every input answered, no critical divergence remains)");
    return ExitCode.OK;
  }
}
