package dev.shadowpipeline.cli.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.app.labels.QualityRun;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.OutputFolder;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.config.ByteSizeConverter;
import dev.shadowpipeline.report.text.QualityText;
import dev.shadowpipeline.shadow.labels.JoinKey;
import dev.shadowpipeline.shadow.labels.LabelIndex;
import dev.shadowpipeline.shadow.labels.LabelJoin;
import dev.shadowpipeline.shadow.quality.PairedBootstrap;
import dev.shadowpipeline.shadow.quality.Task;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shadow labels}: join late-arriving ground truth with the records, and measure both models against it. */
@Command(
    name = "labels",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header =
        "Measure both models against ground truth: join labels with the records of a shadow test.",
    synopsisHeading = "%nUsage: ",
    customSynopsis =
        "shadow labels --records DIR --labels FILE [--join record-id | --join REQUEST_JSON_POINTER] "
            + "[--truth FIELD] [--positive VALUE] [--task classification|regression] [OPTIONS]",
    description = {
      "",
      "FILE holds outcomes that arrived later (a loan that defaulted, a click that happened): CSV with a header row "
          + "(.csv, .tsv) or one JSON object per line (.jsonl, .ndjson). Each label is joined with the record of the "
          + "same input — by record id (the X-Shadow-Request-Id both models saw), or by a field of the request body "
          + "such as /applicant_id — and both models' predictions are read from the records: each answer's label at "
          + "the label comparison's path, its score at the score comparison's path.",
      "",
      "Writes DIR/quality.json (each model's accuracy, precision, recall, F1, ROC AUC, Brier score and log loss — or "
          + "MAE, RMSE and R² — with 95%% intervals; who is right when they disagree; McNemar's exact test; the "
          + "paired differences with bootstrap intervals) and refreshes DIR/summary.json and DIR/report.html. Labels "
          + "without a record, records without a label, repeated labels (the last kept) and records where a model "
          + "gave no answer are counted and printed, never dropped silently. Then 'shadow gate --non-inferior "
          + "accuracy:0.02' decides on them.",
      ""
    },
    footer = {
      "",
      "Every option is also a key of the 'labels:' section of a --config file (labels posted to a running proxy "
          + "take the same settings as 'shadow proxy --labels-join ... --labels-truth ...'), e.g.:",
      "  labels:",
      "    join: /applicant_id",
      "    truth: defaulted",
      "    positive: approve",
      "    truth-positive: \"false\"",
      "",
      "The labels are held in memory (about 120 bytes plus their text each), up to --max-labels-bytes; the records "
          + "are streamed.",
      "",
      "Exit codes: 0 written; 2 bad usage, unreadable records, a labels file that cannot be used (one line "
          + "naming file:line), labels that join no pair (no label matches a record, or no matched record has "
          + "predictions; the quality.json there is kept), or a records folder that cannot be written."
    })
public final class LabelsCommand implements Callable<Integer> {

  @Option(
      names = "--records",
      paramLabel = "DIR",
      required = true,
      order = 1,
      description =
          "Output folder of proxy or replay (or its records.jsonl); the results go there.")
  Path records;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      required = true,
      order = 2,
      description = "The outcomes: .csv/.tsv with a header row, or .jsonl/.ndjson.")
  Path labels;

  @Option(
      names = "--join",
      paramLabel = "record-id|POINTER",
      defaultValue = JoinKey.RECORD_ID,
      order = 3,
      description =
          "How labels meet records: record-id, or a JSON Pointer into the request body such as /applicant_id "
              + "(default: ${DEFAULT-VALUE}).")
  String join;

  @Option(
      names = "--label-key",
      paramLabel = "NAME",
      order = 4,
      description =
          "The labels' column (or JSON field) holding the join key (default: id for record-id, else the "
              + "pointer's last segment).")
  String labelKey;

  @Option(
      names = "--truth",
      paramLabel = "FIELD",
      order = 5,
      description =
          "The labels' column (or JSON field, or /pointer) holding the outcome (default: "
              + LabelJoin.DEFAULT_TRUTH
              + ").")
  String truth;

  @Option(
      names = "--positive",
      paramLabel = "VALUE",
      order = 6,
      description =
          "The label of the positive class, e.g. approve; scores are read as its probability (default: true or 1 "
              + "when the labels are booleans or 0/1).")
  String positive;

  @Option(
      names = "--truth-positive",
      paramLabel = "VALUE",
      order = 7,
      description =
          "The outcome that means the positive class when the truth is written differently from the labels, "
              + "e.g. false for a 'defaulted' column when the positive label is approve (default: --positive).")
  String truthPositive;

  @Option(
      names = "--task",
      paramLabel = "classification|regression",
      order = 8,
      description =
          "What the models predict (default: classification when the records carry labels, regression when they "
              + "carry a score only).")
  String task;

  @Option(
      names = "--label-pointer",
      paramLabel = "POINTER",
      order = 9,
      description = "Where each answer's label is (default: the label comparison's path).")
  String labelPointer;

  @Option(
      names = "--score-pointer",
      paramLabel = "POINTER",
      order = 10,
      description =
          "Where each answer's score, or a regressor's prediction, is (default: the score comparison's path).")
  String scorePointer;

  @Option(
      names = "--max-labels-bytes",
      paramLabel = "SIZE",
      order = 11,
      converter = ByteSizeConverter.class,
      description =
          "Memory for the labels and the labelled pairs; beyond it the command stops with an error (default: a "
              + "quarter of the heap, 16 MiB to 2 GiB).")
  Long maxLabelsBytes;

  @Option(
      names = "--bootstrap-seed",
      paramLabel = "N",
      defaultValue = "0",
      order = 12,
      description = "Seed of the paired bootstrap (default: ${DEFAULT-VALUE}).")
  long bootstrapSeed;

  @Option(
      names = "--bootstrap-replicates",
      paramLabel = "N",
      defaultValue = "2000",
      order = 13,
      description =
          "Replicates of the paired bootstrap, 1 to "
              + PairedBootstrap.MAX_REPLICATES
              + " (default: ${DEFAULT-VALUE}).")
  int bootstrapReplicates;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      order = 14,
      description = "YAML file with a 'labels:' section; flags override it.")
  Path config;

  private final CliContext ctx;

  LabelsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Path file = RecordsInput.file(records);
    LabelJoin labelJoin = toJoin();
    PairedBootstrap bootstrap;
    try {
      bootstrap =
          PairedBootstrap.defaults().withSeed(bootstrapSeed).withReplicates(bootstrapReplicates);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--bootstrap-replicates: " + e.getMessage());
    }
    long maxBytes = maxLabelsBytes != null ? maxLabelsBytes : LabelIndex.defaultMaxBytes();
    if (maxBytes < 1) {
      throw new UsageException("--max-labels-bytes must be at least 1 byte: " + maxBytes);
    }
    // the results go beside the records: a folder that cannot be written is found before the join
    Path dir = file.toAbsolutePath().getParent();
    OutputFolder.checkWritable("--records", dir);
    OutputFolder.checkFiles("--records", dir, QualityRun.FILES);
    long start = System.nanoTime();
    QualityRun.Result r;
    try {
      r = QualityRun.run(file, labels, labelJoin, bootstrap, maxBytes, new ObjectMapper());
    } catch (UncheckedIOException e) {
      throw new UsageException(
          "--records: cannot write to " + dir + ": " + OutputFolder.reason(e.getCause()), e);
    }
    if (r.records().badLines() > 0) {
      ctx.err()
          .printf(
              "warning: skipped %s of %s:%n", UnreadableLines.count(r.records().badLines()), file);
      r.records().problems().forEach(p -> ctx.err().println("  " + p));
    }
    r.records().duplicatesWarning().ifPresent(w -> ctx.err().printf("warning: %s: %s%n", file, w));
    ctx.out()
        .printf(
            "Joined %d labels from %s with %d records from %s in %.1f s%n",
            r.labelLines(), labels, r.records().records(), file, (System.nanoTime() - start) / 1e9);
    QualityText.print(ctx.out(), r.qualityJson());
    ctx.out()
        .printf(
            "Wrote %s; refreshed %s and %s%n", r.qualityFile(), r.summaryFile(), r.reportFile());
    return ExitCode.OK;
  }

  /** The join these options describe; a bad value is reported naming its flag. */
  LabelJoin toJoin() {
    LabelJoin j = build("--join", join, v -> LabelJoin.of(JoinKey.parse(v)));
    j = apply(j, "--label-key", labelKey, LabelJoin::withLabelKey);
    j = apply(j, "--truth", truth, LabelJoin::withTruth);
    j = apply(j, "--positive", positive, LabelJoin::withPositive);
    j = apply(j, "--truth-positive", truthPositive, LabelJoin::withTruthPositive);
    j = apply(j, "--task", task, (current, v) -> current.withTask(Task.fromKey(v)));
    j = apply(j, "--label-pointer", labelPointer, LabelJoin::withLabelPointer);
    j = apply(j, "--score-pointer", scorePointer, LabelJoin::withScorePointer);
    return j;
  }

  private static <T> T build(String flag, String value, Function<String, T> f) {
    try {
      return f.apply(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException(flag + ": " + e.getMessage());
    }
  }

  private static LabelJoin apply(
      LabelJoin current, String flag, String value, BiFunction<LabelJoin, String, LabelJoin> with) {
    return value == null ? current : build(flag, value, v -> with.apply(current, v));
  }
}
