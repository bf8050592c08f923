package dev.shadowpipeline.cli.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.judge.JudgementsFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Reads the pairwise judge's {@code judgements.jsonl} beside a records file. */
final class JudgementsInput {

  private JudgementsInput() {}

  /**
   * The judge's verdicts in {@code dir}, or {@code null} when it has no judgements file; unreadable lines are skipped
   * and reported.
   */
  static JudgeSummary read(Path dir, ObjectMapper mapper, PrintWriter err) {
    if (!JudgementsFile.exists(dir)) {
      return null;
    }
    JudgementsFile.Contents contents;
    try {
      contents = JudgementsFile.read(dir, mapper);
    } catch (IOException e) {
      throw new UsageException(
          "cannot read " + dir.resolve(JudgementsFile.FILE) + ": " + e.getMessage());
    }
    if (contents.badLines() > 0) {
      err.printf(
          "warning: skipped %d unreadable lines of %s:%n",
          contents.badLines(), dir.resolve(JudgementsFile.FILE));
      contents.problems().forEach(p -> err.println("  " + p));
    }
    return contents.tally().summary();
  }
}
