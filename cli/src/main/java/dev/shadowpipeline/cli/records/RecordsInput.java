package dev.shadowpipeline.cli.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.shadow.capture.CaptureOutputs;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.record.RecordsFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds and reads the records file behind {@code --records DIR|FILE}. */
public final class RecordsInput {

  private RecordsInput() {}

  /** The records file: DIR/records.jsonl, or the file itself. */
  public static Path file(String given) {
    return file(Path.of(given));
  }

  /** The records file: DIR/records.jsonl, or the file itself. */
  static Path file(Path given) {
    Path file = Files.isDirectory(given) ? given.resolve(CaptureOutputs.RECORDS_FILE) : given;
    if (!Files.isRegularFile(file)) {
      throw new UsageException(
          "--records: no records file at "
              + file
              + " (give the output folder of proxy or replay, or a records.jsonl)");
    }
    return file;
  }

  /** Reads every record into the consumer and reports skipped lines. */
  public static RecordsFile.ReadStats read(
      Path file, ObjectMapper mapper, RecordConsumer consumer, PrintWriter err) {
    RecordsFile.ReadStats stats;
    try {
      stats = RecordsFile.readForSummary(file, mapper, consumer);
    } catch (IOException e) {
      throw new UsageException("--records: cannot read " + file + ": " + e.getMessage());
    }
    // nothing to report, gate or rebuild: not a records file, or one damaged throughout
    stats
        .unreadableThroughout(file)
        .ifPresent(
            why -> {
              throw new UsageException("--records: " + why);
            });
    if (stats.badLines() > 0) {
      err.printf("warning: skipped %s of %s:%n", UnreadableLines.count(stats.badLines()), file);
      stats.problems().forEach(p -> err.println("  " + p));
    }
    stats.duplicatesWarning().ifPresent(w -> err.printf("warning: %s: %s%n", file, w));
    return stats;
  }

  /** The error for a records file none of whose {@code badLines} lines is a record. */
  static UsageException unreadable(Path file, long badLines, List<String> problems) {
    return new UsageException("--records: " + RecordsFile.unreadable(file, badLines, problems));
  }
}
