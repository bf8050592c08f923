package dev.shadowpipeline.cli.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.app.config.IoReasons;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.judge.JudgementsFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;

/** Reads the pairwise judge's {@code judgements.jsonl} beside a records file. */
final class JudgementsInput {

  private JudgementsInput() {}

  /**
   * The record ids the judgements in {@code dir} name (empty without a judgements file): to look for while the
   * records are read, so that {@link #read} counts only verdicts on pairs the records hold.
   */
  static Set<String> recordIds(Path dir, ObjectMapper mapper) {
    try {
      return JudgementsFile.recordIds(dir, mapper);
    } catch (IOException e) {
      throw new UsageException(
          "cannot read "
              + dir.resolve(JudgementsFile.FILE)
              + ": "
              + IoReasons.reason(e, dir.resolve(JudgementsFile.FILE)));
    }
  }

  /**
   * The judge's verdicts in {@code dir}, or {@code null} when it has no judgements file; unreadable lines are skipped
   * and reported, and so are judgements whose record id {@code recorded} rejects (no record of {@code records} has
   * it): they are left out of every count.
   */
  static JudgeSummary read(
      Path dir, ObjectMapper mapper, PrintWriter err, Predicate<String> recorded, Path records) {
    if (!JudgementsFile.exists(dir)) {
      return null;
    }
    JudgementsFile.Contents contents;
    try {
      contents = JudgementsFile.read(dir, mapper, recorded);
    } catch (IOException e) {
      throw new UsageException(
          "cannot read "
              + dir.resolve(JudgementsFile.FILE)
              + ": "
              + IoReasons.reason(e, dir.resolve(JudgementsFile.FILE)));
    }
    if (contents.badLines() > 0) {
      err.printf(
          "warning: skipped %s of %s:%n",
          UnreadableLines.count(contents.badLines()), dir.resolve(JudgementsFile.FILE));
      contents.problems().forEach(p -> err.println("  " + p));
    }
    JudgeSummary summary = contents.tally().summary();
    if (summary.unmatched() > 0) {
      err.printf(
          "warning: %d of %d judgements in %s match no record of %s, left out%n",
          summary.unmatched(), contents.lines(), dir.resolve(JudgementsFile.FILE), records);
    }
    return summary;
  }
}
