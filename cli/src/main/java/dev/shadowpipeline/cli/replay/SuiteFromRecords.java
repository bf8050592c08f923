package dev.shadowpipeline.cli.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.OutputFolder;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.fleet.TopicInput;
import dev.shadowpipeline.cli.records.RecordsInput;
import dev.shadowpipeline.shadow.capture.CaptureOutputs;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.record.OutputSet;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code regress --records}: the regression suite of a records folder or a topic, staged for the output folder (it
 * replaces the suite there only when the whole regress run succeeds).
 */
final class SuiteFromRecords {

  private SuiteFromRecords() {}

  /**
   * Builds the suite into {@code staged}; returns the staged file. A suite of no entries is refused before it could
   * replace {@code out/regression_suite.json}.
   */
  static Path build(
      String records,
      String fromTime,
      String toTime,
      Path config,
      Path out,
      OutputSet staged,
      CaptureSettings settings,
      ObjectMapper mapper,
      CliContext ctx) {
    Instant[] range = TopicInput.range(records, fromTime, toTime);
    CaptureOutputs outputs;
    try {
      // a suite of its own, in the output folder: an earlier suite there is replaced, not added to
      outputs =
          CaptureOutputs.open(
              staged.staging(), settings, false, mapper, 10 << 20, System::nanoTime);
    } catch (IOException e) {
      throw new UsageException("--out: cannot write to " + out + ": " + OutputFolder.reason(e), e);
    }
    // as report and gate read them: a file of no records is one error, and a read that fails
    // writes no suite
    boolean topic = TopicInput.isTopic(records);
    Path file = topic ? null : RecordsInput.file(records);
    long read =
        topic
            ? TopicInput.read(records, config, range[0], range[1], outputs.sink(), ctx).records()
            : RecordsInput.read(file, mapper, outputs.sink(), ctx.err()).records();
    Path suite = out.resolve(RegressionSuite.FILE);
    if (read == 0) {
      // an emptied or rotated records file must not wipe the suite of an earlier run (as report
      // keeps it); and a suite of nothing has nothing to replay
      throw new UsageException(
          "--records: no records in "
              + (topic ? TopicInput.describe(records, range[0], range[1]) : file)
              + " to build a suite from"
              + (Files.exists(suite) ? "; kept " + suite + " as it was" : "; no suite written"));
    }
    try {
      outputs.sink().close(); // writes the suite, staged
    } catch (IOException e) {
      throw new UsageException(
          "--out: could not write the suite to " + out + ": " + OutputFolder.reason(e));
    }
    String from = TopicInput.describe(records, range[0], range[1]);
    if (outputs.suiteWritten() == 0) {
      // records that hold no divergence worth keeping: an empty suite checks nothing, and must not
      // replace the suite of an earlier run
      throw new UsageException(
          "--records: the suite built from "
              + from
              + " has no entries: no captured input to replay"
              + (Files.exists(suite) ? "; kept " + suite + " as it was" : "; no suite written"));
    }
    ctx.out()
        .printf(
            "Built the suite (%d entries) from %d records of %s%n",
            outputs.suiteWritten(), read, from);
    return staged.staged(RegressionSuite.FILE);
  }
}
