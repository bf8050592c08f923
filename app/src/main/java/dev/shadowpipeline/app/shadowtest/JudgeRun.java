package dev.shadowpipeline.app.shadowtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.judge.JudgeConfig;
import dev.shadowpipeline.shadow.judge.JudgeFeeder;
import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.judge.JudgeTally;
import dev.shadowpipeline.shadow.judge.JudgementsFile;
import dev.shadowpipeline.shadow.judge.PairwiseJudge;
import dev.shadowpipeline.shadow.record.RecordsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Judges the diverged pairs of an existing records file after the run ({@code shadow judge}): the judgements are
 * appended to {@code judgements.jsonl} beside the records, and pairs that already have a verdict there are left out,
 * so an interrupted or budget-limited run resumes where it stopped. Nothing waits on a caller here, so the reader waits
 * for room in the judge's queue instead of skipping.
 */
public final class JudgeRun {

  private JudgeRun() {}

  /**
   * What a run did.
   *
   * @param records records read
   * @param badLines unreadable record lines skipped
   * @param diverged diverged pairs without a verdict before this run
   * @param resumed diverged pairs left out because they already had a verdict
   * @param calls judge calls made
   * @param run what this run's judge said (its skipped counts included)
   * @param total every verdict in {@code judgements.jsonl} now on a record of the records file read; those on other
   *     records (an earlier records file's, say) are counted in its {@link JudgeSummary#unmatched()} only
   */
  public record Result(
      long records,
      long badLines,
      long diverged,
      long resumed,
      int calls,
      JudgeSummary run,
      JudgeSummary total) {}

  /**
   * Judges the pairs.
   *
   * @param recordsFile the records to read
   * @param dir the folder of {@code judgements.jsonl}
   * @throws IOException when the records or the judgements cannot be read, or the judgements cannot be written
   */
  public static Result run(Path recordsFile, Path dir, JudgeConfig config, ObjectMapper mapper)
      throws IOException {
    JudgeTally before = JudgementsFile.read(dir, mapper).tally();
    // the ids judged before this run, to find among the records: memory bounded by the verdicts,
    // not by the records
    Set<String> judgedBefore = JudgementsFile.recordIds(dir, mapper);
    PairwiseJudge judge = PairwiseJudge.start(config, dir, System::nanoTime);
    // offline, the judge may take its time: each call gets its timeout, the calls run concurrency
    // at once
    Duration drain =
        config.timeout().multipliedBy(2L + config.maxCalls() / Math.max(1, config.concurrency()));
    JudgeFeeder feeder = new JudgeFeeder(judge, true, before::isDecided, drain);
    Set<String> seen = new HashSet<>();
    RecordsFile.ReadStats stats;
    try {
      stats =
          RecordsFile.read(
              recordsFile,
              mapper,
              record -> {
                String id = record.path("id").asText("");
                if (judgedBefore.contains(id)) {
                  seen.add(id);
                }
                feeder.accept(record);
              });
    } finally {
      feeder.close();
    }
    // an id first judged in this run is one of these records; one judged before counts when a
    // record here has it: a verdict on a record of another file is no evidence about this one
    JudgeSummary total =
        JudgementsFile.read(dir, mapper, id -> !judgedBefore.contains(id) || seen.contains(id))
            .tally()
            .summary();
    return new Result(
        stats.records(),
        stats.badLines(),
        feeder.eligible(),
        feeder.resumed(),
        judge.calls(),
        judge.summary(),
        total);
  }
}
