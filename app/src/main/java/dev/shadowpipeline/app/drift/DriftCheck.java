package dev.shadowpipeline.app.drift;

import dev.shadowpipeline.drift.data.DataReadException;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.DatasetReader;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.report.drift.DriftJson;
import dev.shadowpipeline.report.drift.DriftReport;
import dev.shadowpipeline.report.html.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One drift check, from two files to a report folder: read the reference and the current data, compare them with
 * the drift engine, write {@code index.html}, {@code drift_report.json} and {@code drift_status.json}. The same steps
 * for {@code shadow drift}, for {@code shadow drift --db} and for every scheduled job; what happens next (printing,
 * saving to the history, alerting) is the caller's.
 *
 * <pre>{@code
 * DriftCheck.Compared c = DriftCheck.compare(reference, current, ReadOptions.DEFAULTS, options);
 * DriftCheck.writeReport(outDir, c.result());
 * }</pre>
 */
public final class DriftCheck {

  /** The report's file in a run folder. */
  public static final String REPORT = "index.html";

  private DriftCheck() {}

  /**
   * A comparison and what it took.
   *
   * @param data the datasets as read
   * @param result the verdict
   * @param readNanos time spent reading
   * @param compareNanos time spent comparing
   */
  public record Compared(DatasetPair data, DriftResult result, long readNanos, long compareNanos) {
    public Compared {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * Reads both files and compares them.
   *
   * @throws DataReadException naming the file, and the line, that could not be read
   */
  public static Compared compare(
      Path reference, Path current, ReadOptions read, DriftOptions options)
      throws DataReadException {
    long start = System.nanoTime();
    DatasetPair data = DatasetReader.readPair(reference, current, read);
    long readDone = System.nanoTime();
    DriftResult result = DriftEngine.standard(options).compare(data);
    return new Compared(data, result, readDone - start, System.nanoTime() - readDone);
  }

  /** Writes the run's report and JSON files into {@code dir} (created when missing), each atomically. */
  public static void writeReport(Path dir, DriftResult result) throws IOException {
    Files.createDirectories(dir);
    DriftReport.write(dir.resolve(REPORT), result);
    AtomicFiles.writeString(dir.resolve("drift_report.json"), DriftJson.report(result));
    AtomicFiles.writeString(dir.resolve("drift_status.json"), DriftJson.status(result));
  }
}
