package dev.shadowpipeline.shadow.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.record.StagedRecordConsumer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps the regression suite up to date from the stream of records and rewrites its file atomically: at most every
 * {@code rewriteInterval} while records arrive (rewriting 10,000 entries on every record would be wasteful), never
 * more often than leaves the worker 95% of its time for records (a suite that takes 1 s to write is written at most
 * every 20 s), and on close (a file being continued only once an entry was added, see {@link #continuesItsFile}).
 */
public final class SuiteWriter implements StagedRecordConsumer<SuiteEntry> {

  /** No difference is noise: every entry is written (no noise baseline). */
  public static final Supplier<Set<String>> NO_NOISE = Set::of;

  private final RegressionSuite suite;
  private final Path file;
  private final ObjectMapper mapper;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private long lastWrite;
  private long lastWriteTook;
  private boolean dirty = true; // so that the file exists after a run, even an empty one
  private Supplier<Set<String>> noiseKeys = NO_NOISE;
  private int written;

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

  /**
   * Leaves out, each time the file is written, the entries whose differences above info are all noise by the noise
   * baseline's classification at that moment (see {@link SuiteEntry#onlyNoise}). The classification is final only
   * once every record is in, so entries are filtered when written, never dropped from the suite while records flow:
   * the last write, on close, uses the final classification, and an entry that looked like noise early on is still
   * there if it turns out real.
   *
   * @param keys the "kind NUL path" keys classified noise now (called on the record worker at each write)
   */
  public SuiteWriter leaveOutNoise(Supplier<Set<String>> keys) {
    this.noiseKeys = keys;
    return this;
  }

  /**
   * Says the suite was read back from its file, to be continued: the file is then rewritten only once an entry is
   * added, so that a run that records nothing (a proxy that could not start) leaves it as it was, with every entry it
   * held, even beyond a smaller bound than the run that wrote it.
   *
   * @param entriesInFile the entries the file holds, which {@link #written()} reports until the file is rewritten
   */
  public SuiteWriter continuesItsFile(int entriesInFile) {
    this.dirty = false;
    this.written = entriesInFile;
    return this;
  }

  /**
   * Entries in the file as last written (fewer than {@link #suite()} holds when some were noise), or as continued
   * when it was not rewritten.
   */
  public int written() {
    return written;
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
      Set<String> noise = noiseKeys.get();
      written = suite.write(file, mapper, e -> !e.onlyNoise(noise));
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
