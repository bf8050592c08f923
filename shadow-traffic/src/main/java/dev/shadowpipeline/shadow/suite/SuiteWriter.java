package dev.shadowpipeline.shadow.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.record.StagedRecordConsumer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps the regression suite up to date from the stream of records and rewrites its file atomically: at most every
 * {@code rewriteInterval} while records arrive (rewriting 10,000 entries on every record would be wasteful), never
 * more often than leaves the worker 95% of its time for records (a suite that takes 1 s to write is written at most
 * every 20 s), and on close.
 */
public final class SuiteWriter implements StagedRecordConsumer<SuiteEntry> {

  private final RegressionSuite suite;
  private final Path file;
  private final ObjectMapper mapper;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private long lastWrite;
  private long lastWriteTook;
  private boolean dirty = true; // so that the file exists after a run, even an empty one

  /**
   * @param suite the suite to add to (e.g. the one read back from an earlier run, so nothing is lost)
   * @param file where it is written
   * @param rewriteInterval least time between two rewrites while records arrive
   */
  public SuiteWriter(
      RegressionSuite suite,
      Path file,
      ObjectMapper mapper,
      Duration rewriteInterval,
      LongSupplier nanoTime) {
    this.suite = suite;
    this.file = file;
    this.mapper = mapper;
    this.intervalNanos = rewriteInterval.toNanos();
    this.nanoTime = nanoTime;
    this.lastWrite = nanoTime.getAsLong();
  }

  @Override
  public void accept(ObjectNode record) {
    acceptPrepared(prepare(record));
  }

  /** The record's suite entry, or {@code null} when the pair did not diverge. */
  @Override
  public SuiteEntry prepare(ObjectNode record) {
    return SuiteJson.fromRecord(record);
  }

  @Override
  public void acceptPrepared(SuiteEntry entry) {
    if (entry != null && suite.add(entry)) {
      dirty = true;
    }
  }

  @Override
  public void flush() throws IOException {
    if (dirty && nanoTime.getAsLong() - lastWrite >= Math.max(intervalNanos, 20 * lastWriteTook)) {
      writeNow();
    }
  }

  @Override
  public void close() throws IOException {
    if (dirty) {
      writeNow();
    }
  }

  private void writeNow() throws IOException {
    long start = nanoTime.getAsLong();
    try {
      suite.write(file, mapper);
      dirty = false;
    } finally {
      lastWrite = nanoTime.getAsLong();
      lastWriteTook = lastWrite - start;
    }
  }

  /** The suite being kept. */
  public RegressionSuite suite() {
    return suite;
  }

  @Override
  public String toString() {
    return "regression suite " + file;
  }
}
