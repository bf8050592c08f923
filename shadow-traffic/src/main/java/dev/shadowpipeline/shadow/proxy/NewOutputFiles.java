package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.capture.CaptureOutputs;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of the output folder's records and suite files a starting proxy is about to create, so that a start that
 * fails (a port taken, an admin port taken) can remove them again while they are still empty. Files an earlier run
 * wrote are never touched.
 */
final class NewOutputFiles {

  private static final Logger log = LoggerFactory.getLogger(NewOutputFiles.class);

  private final Path records;
  private final Path suite;

  private NewOutputFiles(Path records, Path suite) {
    this.records = records;
    this.suite = suite;
  }

  /** Notes which of the files do not exist yet in {@code outDir}. */
  static NewOutputFiles before(Path outDir) {
    Path records = outDir.resolve(CaptureOutputs.RECORDS_FILE);
    Path suite = outDir.resolve(RegressionSuite.FILE);
    return new NewOutputFiles(
        Files.exists(records) ? null : records, Files.exists(suite) ? null : suite);
  }

  /**
   * Removes the files noted as new: records.jsonl only when it holds no byte, the suite only when it holds no entry.
   */
  void removeIfEmpty(int suiteEntries) {
    try {
      if (records != null && Files.isRegularFile(records) && Files.size(records) == 0) {
        Files.delete(records);
      }
      if (suite != null && suiteEntries == 0) {
        Files.deleteIfExists(suite);
      }
    } catch (IOException | SecurityException e) {
      // the start's own error is the one to report; an empty file left behind is harmless
      log.debug("could not remove the empty outputs of a proxy that did not start", e);
    }
  }
}
