package dev.shadowpipeline.app.shadowtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

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
   * @param problems the first few of them, as "line N: why"
   * @param diverged diverged pairs without a verdict before this run
   * @param resumed diverged pairs left out because they already had a verdict
   * @param calls judge calls made
   * @param run what this run's judge said (its skipped counts included)
   * @param total every verdict in {@code judgements.jsonl} now on a record of the records file read; those on other
   *     records (an earlier records file's, say) are counted in its {@link JudgeSummary#unmatched()} only
   * @param repeatedIds what a warning says of the records skipped because their id repeats an earlier record's
   *     ({@link dev.shadowpipeline.shadow.record.RecordsFile.ReadStats#duplicatesWarning()}), empty when none was
   */
  public record Result(
      long records,
      long badLines,
      List<String> problems,
      long diverged,
      long resumed,
      int calls,
      JudgeSummary run,
      JudgeSummary total,
      Optional<String> repeatedIds) {

    public Result {
      problems = List.copyOf(problems);
    }
  }

  /**
   * Judges the pairs. Without a record read (an empty file, or every line unreadable) the judge is never started and
   * {@code judgements.jsonl} is neither created nor touched: the result says so with {@code records} 0.
   *
   * @param recordsFile the records to read
   * @param dir the folder of {@code judgements.jsonl}
   * @param started run once, as the judge starts at the first record read: not at all when the run ends before
   *     judging anything (no record, or {@code judgements.jsonl} unreadable), so a caller's "judging ..." line
   *     never precedes an error
   * @throws java.nio.file.FileSystemException naming {@code judgements.jsonl} when it cannot be read or opened
   * @throws IOException when the records cannot be read
   */
  public static Result run(
      Path recordsFile, Path dir, JudgeConfig config, ObjectMapper mapper, Runnable started)
      throws IOException {
    JudgeTally before = JudgementsFile.read(dir, mapper).tally();
    // the ids judged before this run, to find among the records: memory bounded by the verdicts,
    // not by the records
    Set<String> judgedBefore = JudgementsFile.recordIds(dir, mapper);
    // offline, the judge may take its time: each call gets its timeout, the calls run concurrency
    // at once
    Duration drain =
        config.timeout().multipliedBy(2L + config.maxCalls() / Math.max(1, config.concurrency()));
    FirstRecordStart feeder = new FirstRecordStart(config, dir, before::isDecided, drain, started);
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
    if (feeder.judge == null) {
      JudgeSummary none = new JudgeTally().summary();
      return new Result(
          stats.records(),
          stats.badLines(),
          stats.problems(),
          0,
          0,
          0,
          none,
          none,
          stats.duplicatesWarning());
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
        stats.problems(),
        feeder.feeder.eligible(),
        feeder.feeder.resumed(),
        feeder.judge.calls(),
        feeder.judge.summary(),
        total,
        stats.duplicatesWarning());
  }

  /**
   * Starts the judge, which opens {@code judgements.jsonl} for appending, at the first record read: a records file
   * without one is refused by the caller and must leave no judgements file behind.
   */
  private static final class FirstRecordStart {
    private final JudgeConfig config;
    private final Path dir;
    private final Predicate<String> decided;
    private final Duration drain;
    private final Runnable started;
    private PairwiseJudge judge;
    private JudgeFeeder feeder;

    FirstRecordStart(
        JudgeConfig config, Path dir, Predicate<String> decided, Duration drain, Runnable started) {
      this.config = config;
      this.dir = dir;
      this.decided = decided;
      this.drain = drain;
      this.started = started;
    }

    void accept(ObjectNode record) throws IOException {
      if (feeder == null) {
        judge = PairwiseJudge.start(config, dir, System::nanoTime);
        feeder = new JudgeFeeder(judge, true, decided, drain);
        started.run();
      }
      feeder.accept(record);
    }

    void close() {
      if (feeder != null) {
        feeder.close();
      }
    }
  }
}
