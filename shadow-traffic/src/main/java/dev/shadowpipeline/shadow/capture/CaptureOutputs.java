package dev.shadowpipeline.shadow.capture;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.record.JsonlRecordSink;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.record.RecordFanout;
import dev.shadowpipeline.shadow.record.RecordFormat;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import dev.shadowpipeline.shadow.suite.SuiteWriter;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outputs of one comparison in a folder: {@code records.jsonl} (appended), {@code regression_suite.json} (read
 * back first, so entries from earlier runs are kept, then rewritten atomically) and the live aggregates. Hand
 * {@link #sink()} to a record pipeline; closing the pipeline closes the files.
 */
public final class CaptureOutputs {

  /** The records file's name. */
  public static final String RECORDS_FILE = "records.jsonl";

  private static final Logger log = LoggerFactory.getLogger(CaptureOutputs.class);

  private final Path dir;
  private final RecordFormat format;
  private final RecordFanout sink;
  private final ComparisonAggregator aggregator;
  private final SuiteWriter suite;
  private final int continuedEntries;
  private final long continuedBeyondBounds;

  private CaptureOutputs(
      Path dir,
      RecordFormat format,
      RecordFanout sink,
      ComparisonAggregator aggregator,
      SuiteWriter suite,
      int continuedEntries,
      long continuedBeyondBounds) {
    this.dir = dir;
    this.format = format;
    this.sink = sink;
    this.aggregator = aggregator;
    this.suite = suite;
    this.continuedEntries = continuedEntries;
    this.continuedBeyondBounds = continuedBeyondBounds;
  }

  /**
   * Opens the outputs in {@code dir}, creating it when needed.
   *
   * @param writeRecords whether to append to {@code records.jsonl} ({@code false} when rebuilding from it)
   * @throws IOException when the folder or a file cannot be written, or an existing suite file cannot be read
   */
  public static CaptureOutputs open(
      Path dir,
      CaptureSettings settings,
      boolean writeRecords,
      ObjectMapper mapper,
      int captureLimitBytes,
      LongSupplier nanoTime)
      throws IOException {
    return open(dir, settings, writeRecords, mapper, captureLimitBytes, nanoTime, List.of());
  }

  /**
   * Opens the outputs, with more consumers of every record after the built-in ones (e.g. per-window summaries for
   * the history store).
   */
  public static CaptureOutputs open(
      Path dir,
      CaptureSettings settings,
      boolean writeRecords,
      ObjectMapper mapper,
      int captureLimitBytes,
      LongSupplier nanoTime,
      List<RecordConsumer> extra)
      throws IOException {
    return open(dir, settings, writeRecords, mapper, captureLimitBytes, nanoTime, extra, null);
  }

  /**
   * Opens the outputs, with more consumers of every record, stamping each record written with the
   * {@code instance_id} of the proxy or replay that writes it.
   *
   * @param instanceId the writer's fleet identity, or {@code null} for records without one (when rebuilding from
   *     records, which carry their own)
   */
  public static CaptureOutputs open(
      Path dir,
      CaptureSettings settings,
      boolean writeRecords,
      ObjectMapper mapper,
      int captureLimitBytes,
      LongSupplier nanoTime,
      List<RecordConsumer> extra,
      String instanceId)
      throws IOException {
    Files.createDirectories(dir);
    RecordFormat format =
        new RecordFormat(
                settings.headerRedactor(),
                settings.queryRedactor(),
                settings.bodyRedactor(),
                mapper,
                captureLimitBytes)
            .withPrices(settings.prices())
            .withInstanceId(instanceId);
    Path suiteFile = dir.resolve(RegressionSuite.FILE);
    boolean continuing = Files.exists(suiteFile) && writeRecords;
    RegressionSuite suite =
        continuing
            ? RegressionSuite.read(suiteFile, settings.suiteMax(), settings.suiteMaxBytes(), mapper)
            : new RegressionSuite(settings.suiteMax(), settings.suiteMaxBytes());
    if (suite.size() > 0) {
      log.info("continuing the regression suite in {} ({} entries)", suiteFile, suite.size());
    }
    // every entry of the file was kept, made room by evicting another, or was refused
    long left = suite.evicted() + suite.rejected();
    if (left > 0) {
      log.warn(
          "{} holds {} more entries than this run's suite bounds keep ({} entries, {} bytes): the least severe, "
              + "oldest are left out of the file once this run adds an entry; raise --suite-max or "
              + "--suite-max-bytes, or give another --out, to keep them",
          suiteFile,
          left,
          settings.suiteMax(),
          settings.suiteMaxBytes());
    }
    SuiteWriter suiteWriter =
        new SuiteWriter(suite, suiteFile, mapper, settings.suiteRewriteInterval(), nanoTime);
    if (continuing) {
      suiteWriter.continuesItsFile((int) Math.min(Integer.MAX_VALUE, suite.size() + left));
    }
    ComparisonAggregator aggregator = new ComparisonAggregator();
    // entries whose differences are all noise (by the baseline, when records have a secondary side)
    // are left out when the suite is written; see SuiteWriter.leaveOutNoise
    suiteWriter.leaveOutNoise(aggregator::noiseKeys);
    List<RecordConsumer> consumers = new ArrayList<>();
    if (writeRecords) {
      consumers.add(JsonlRecordSink.open(dir.resolve(RECORDS_FILE), format));
    }
    consumers.add(suiteWriter);
    consumers.add(aggregator);
    consumers.addAll(extra);
    return new CaptureOutputs(
        dir,
        format,
        new RecordFanout(format, consumers),
        aggregator,
        suiteWriter,
        suite.size(),
        left);
  }

  /** Give this to the record pipeline. */
  public RecordFanout sink() {
    return sink;
  }

  /** How records are formatted and redacted. */
  public RecordFormat format() {
    return format;
  }

  /** The aggregates so far. */
  public ComparisonAggregator aggregator() {
    return aggregator;
  }

  /** The regression suite so far (read it only after the pipeline closed: it is not thread-safe). */
  public RegressionSuite suite() {
    return suite.suite();
  }

  /**
   * Entries in the suite file as last written: the suite's entries less those whose differences are all noise (read
   * it after the pipeline closed).
   */
  public int suiteWritten() {
    return suite.written();
  }

  /**
   * Entries of an earlier run's suite file that this one continues (0 for a new suite): a one-off command tells the
   * user, since its INFO log line is hidden without --verbose.
   */
  public int continuedEntries() {
    return continuedEntries;
  }

  /**
   * Entries of the continued suite file beyond this run's bounds ({@code --suite-max}, {@code --suite-max-bytes}): the
   * file keeps them until this run adds an entry, and then leaves them out.
   */
  public long continuedBeyondBounds() {
    return continuedBeyondBounds;
  }

  /** The suite file. */
  public Path suiteFile() {
    return dir.resolve(RegressionSuite.FILE);
  }

  /** The output folder. */
  public Path dir() {
    return dir;
  }
}
