package dev.shadowpipeline.app.labels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.report.compare.ComparisonReport;
import dev.shadowpipeline.shadow.capture.CaptureOutputs;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.labels.LabelIndex;
import dev.shadowpipeline.shadow.labels.LabelJoin;
import dev.shadowpipeline.shadow.labels.QualityJson;
import dev.shadowpipeline.shadow.labels.QualityResult;
import dev.shadowpipeline.shadow.labels.RecordJoin;
import dev.shadowpipeline.shadow.quality.PairedBootstrap;
import dev.shadowpipeline.shadow.record.AtomicFile;
import dev.shadowpipeline.shadow.record.OutputSet;
import dev.shadowpipeline.shadow.record.RecordsFile;
import dev.shadowpipeline.shadow.record.RecordsFingerprint;
import dev.shadowpipeline.shadow.record.StagedRecordConsumer;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.summary.SummaryJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code shadow labels} as a library call: joins a labels file with the records of a shadow test, writes
 * {@code quality.json} beside the records, and refreshes {@code summary.json} and {@code report.html} with the quality
 * sections. The labels are read first and held (bounded in bytes); the records are streamed once. Every error about
 * the input is found before anything is written, so a bad labels file leaves the folder as it was; a join that
 * compares no pair (no label matched a record, or no matched record has predictions) is such an error.
 *
 * <pre>{@code
 * QualityRun.Result r =
 *     QualityRun.run(Path.of("shadow-demo/loan"), Path.of("defaults.csv"),
 *         LabelJoin.of(JoinKey.requestField("/applicant_id")).withTruth("defaulted")
 *             .withPositive("approve").withTruthPositive("false"));
 * r.quality().classification().mcnemarP();
 * }</pre>
 */
public final class QualityRun {

  /** What a run replaces beside the records, together: a run that fails keeps all three as they were. */
  public static final List<String> FILES =
      List.of(QualityJson.FILE, SummaryJson.FILE, ComparisonReport.FILE);

  private static final Pattern LINE = Pattern.compile("^line (\\d+): (.*)$", Pattern.DOTALL);

  /**
   * What a run did.
   *
   * @param quality the comparison against ground truth
   * @param qualityJson what was written to {@code quality.json}
   * @param summary the records' aggregates, as {@code summary.json} has them
   * @param labelLines labels read
   * @param records what reading the records found (skipped lines are listed there)
   * @param dir the folder written to
   */
  public record Result(
      QualityResult quality,
      ObjectNode qualityJson,
      ComparisonSummary summary,
      long labelLines,
      RecordsFile.ReadStats records,
      Path dir) {

    /** {@code quality.json}. */
    public Path qualityFile() {
      return dir.resolve(QualityJson.FILE);
    }

    /** {@code summary.json}. */
    public Path summaryFile() {
      return dir.resolve(SummaryJson.FILE);
    }

    /** {@code report.html}. */
    public Path reportFile() {
      return dir.resolve(ComparisonReport.FILE);
    }
  }

  private QualityRun() {}

  /** A run with the default bootstrap (B = 2000, seed 0) and the default memory bound of the labels. */
  public static Result run(Path records, Path labels, LabelJoin join) {
    return run(
        records,
        labels,
        join,
        PairedBootstrap.defaults(),
        LabelIndex.defaultMaxBytes(),
        new ObjectMapper());
  }

  /**
   * Joins {@code labels} with the records in {@code records} (the output folder of {@code shadow proxy} or
   * {@code shadow replay}, or its {@code records.jsonl}) and writes the results into the records' folder.
   *
   * @param maxLabelBytes the most memory the labels and the labelled pairs may take
   * @throws ConfigException naming the file (and line) when the records or labels cannot be read or used, or when
   *     they join into no pair to compare
   * @throws java.io.UncheckedIOException when the results cannot be written
   */
  public static Result run(
      Path records,
      Path labels,
      LabelJoin join,
      PairedBootstrap bootstrap,
      long maxLabelBytes,
      ObjectMapper mapper) {
    Objects.requireNonNull(join, "join");
    Path recordsFile =
        Files.isDirectory(records) ? records.resolve(CaptureOutputs.RECORDS_FILE) : records;
    if (!Files.isRegularFile(recordsFile)) {
      throw new ConfigException(
          "--records: no records file at "
              + recordsFile
              + " (give the output folder of proxy or replay, or a records.jsonl)");
    }
    Path dir = recordsFile.toAbsolutePath().getParent();
    LabelIndex index = new LabelIndex(maxLabelBytes);
    long lines = LabelsFile.read(labels, join, index, mapper);

    ComparisonAggregator aggregator = new ComparisonAggregator();
    RecordJoin recordJoin = new RecordJoin(join, index);
    RecordsFile.ReadStats stats;
    RecordsFingerprint readFrom;
    try {
      // taken before the read: records appended while it runs make the gate ask for a new join, as
      // the join may have missed them
      readFrom = RecordsFingerprint.of(recordsFile);
      stats = RecordsFile.read(recordsFile, mapper, new Both(aggregator, recordJoin));
    } catch (IOException e) {
      throw new ConfigException("--records: cannot read " + recordsFile + ": " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new ConfigException(labels + ": " + e.getMessage() + " (--max-labels-bytes)", e);
    }
    // a file of no readable line (a CSV saved as records.jsonl) would otherwise be reported as
    // "no record to join", hiding why; said as the gate and the report say it
    stats
        .unreadableThroughout(recordsFile)
        .ifPresent(
            why -> {
              throw new ConfigException("--records: " + why);
            });
    QualityResult quality;
    try {
      quality = recordJoin.finish(bootstrap);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(withFile(labels, e.getMessage()), e);
    }
    // a join of no pairs is bad input, not a result: writing it would replace a good quality.json
    // and leave the gate undecided
    if (quality.counts().joined() == 0) {
      throw new ConfigException(NothingJoined.describe(quality, labels, recordsFile));
    }
    ObjectNode json = QualityJson.toJson(quality, mapper);
    readFrom.writeTo(json);
    ComparisonSummary summary = aggregator.summary();
    try (OutputSet staged = OutputSet.stage(dir, FILES)) {
      AtomicFile.write(
          staged.staged(QualityJson.FILE),
          mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
      ComparisonReport.write(
          staged.staging(),
          "records in " + recordsFile,
          summary,
          Gate.evaluate(summary, GateCriteria.DEFAULTS),
          json,
          mapper);
      staged.commit();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write into " + dir + ": " + e.getMessage(), e);
    }
    return new Result(quality, json, summary, lines, stats, dir);
  }

  // "line 8: ..." of the labels becomes "labels.csv:8: ..."
  private static String withFile(Path labels, String message) {
    Matcher m = LINE.matcher(message);
    return m.matches() ? labels + ":" + m.group(1) + ": " + m.group(2) : labels + ": " + message;
  }

  /** The aggregator and the join fed from one pass over the records, both parsing on the parser threads. */
  private record Both(ComparisonAggregator aggregator, RecordJoin join)
      implements StagedRecordConsumer<Object[]> {

    @Override
    public Object[] prepare(com.fasterxml.jackson.databind.node.ObjectNode record) {
      return new Object[] {aggregator.prepare(record), join.prepare(record)};
    }

    @Override
    public void acceptPrepared(Object[] prepared) {
      aggregator.acceptPrepared((ComparisonAggregator.Facts) prepared[0]);
      join.acceptPrepared((RecordJoin.Facts) prepared[1]);
    }
  }
}
