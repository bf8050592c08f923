package dev.shadowpipeline.fleet.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.app.shadowtest.ComparisonHistory;
import dev.shadowpipeline.fleet.kafka.KafkaAddress;
import dev.shadowpipeline.fleet.kafka.KafkaClients;
import dev.shadowpipeline.fleet.kafka.KafkaPreflight;
import dev.shadowpipeline.fleet.kafka.KafkaRefusal;
import dev.shadowpipeline.fleet.kafka.KafkaSetupException;
import dev.shadowpipeline.fleet.kafka.MissingTopicException;
import dev.shadowpipeline.fleet.kafka.TopicCheck;
import dev.shadowpipeline.fleet.read.RecentIds;
import dev.shadowpipeline.fleet.read.SkippedMessages;
import dev.shadowpipeline.fleet.read.TopicMessage;
import dev.shadowpipeline.report.compare.ComparisonReport;
import dev.shadowpipeline.shadow.capture.CaptureOutputs;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.record.AtomicFile;
import dev.shadowpipeline.shadow.record.JsonlRecordSink;
import dev.shadowpipeline.shadow.record.OutputSet;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.record.RecordFanout;
import dev.shadowpipeline.shadow.record.RecordTimes;
import dev.shadowpipeline.shadow.record.RecordsFile;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.summary.SummaryJson;
import dev.shadowpipeline.store.writer.WriterStats;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a fleet's records from a topic and keeps, in one folder, everything a single proxy would keep for itself:
 * {@code records.jsonl}, {@code regression_suite.json}, {@code summary.json} and {@code report.html} (rewritten every
 * {@code refresh} and on stop), and the per-minute history windows ({@code --db}).
 *
 * <p><b>Nothing lost, nothing twice.</b> The folder's {@code records.jsonl} is the collector's durable log: every
 * {@code commitInterval} it is flushed and fsynced, then a {@link Checkpoint} (its complete length and the next offset
 * of every partition) is written atomically, then the offsets are committed to the consumer group. Everything else is
 * rebuilt from that log when the collector starts: after a crash, the log is cut back to the checkpoint's length (the
 * lines after it are read again from the topic), the suite, the aggregates and the history windows not yet written are
 * rebuilt from it, and consuming resumes at the checkpoint's offsets. A record id seen again (a topic holding a record
 * twice) is skipped and counted; so is a message that is not a record, named by its topic, partition and offset.
 *
 * <p>One thread runs {@link #run()}; {@link #stop()} (what SIGTERM calls) and {@link #halt()} may be called from
 * any thread. Run one collector per group: a second one in the same group gets a share of the partitions and would
 * build a share of the suite.
 */
public final class Collector implements AutoCloseable {

  /** The fleet's records in the collector's folder. */
  public static final String RECORDS_FILE = CaptureOutputs.RECORDS_FILE;

  /**
   * Every file the collector writes in its folder: the records, its checkpoint, the suite, summary.json and
   * report.html. A command checks them before it starts ({@code OutputSet.check}): one taken by a folder would fail
   * only at the first refresh or at the stop.
   */
  public static final List<String> FILES =
      Stream.concat(
              Stream.of(RECORDS_FILE, Checkpoint.FILE, RegressionSuite.FILE),
              ComparisonReport.FILES.stream())
          .toList();

  /** The field of summary.json holding what the collector skipped. */
  public static final String SUMMARY_FIELD = "collect";

  private static final Logger log = LoggerFactory.getLogger(Collector.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration TOPIC_CHECK_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration WINDOW = ComparisonHistory.WINDOW;
  // records of up to the capture limit the proxies used; the collector re-reads them, it captures
  // nothing
  private static final int CAPTURE_LIMIT = 64 << 20;

  private final CollectorOptions options;
  private final KafkaAddress from;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Path recordsFile;
  private final CaptureOutputs outputs;
  private final JsonlRecordSink records;
  private final RecordFanout fanout;
  private final ComparisonHistory history;
  private final FleetWindows windows;
  private final Watermark watermark;
  private final RecentIds ids;
  private final SkippedMessages skipped = new SkippedMessages();
  private final Map<Integer, Long> next = new HashMap<>();
  private final Map<Integer, Instant> latest = new HashMap<>();
  private final Set<TopicPartition> assigned = new HashSet<>();
  private final KafkaConsumer<byte[], byte[]> kafka;
  private final long rebuilt;
  // counted before the checkpoint this run started from: summary.json counts the whole collection
  private final long skippedBefore;
  private final long duplicatesBefore;
  private final AtomicLong collected = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong checkpoints = new AtomicLong();
  private Instant windowsDurableBefore;
  private boolean dirty;
  private volatile boolean stopping;
  private volatile boolean halting;
  private volatile boolean checkpointAsked;
  private volatile boolean finished;

  private Collector(
      CollectorOptions options,
      CaptureOutputs outputs,
      JsonlRecordSink records,
      ComparisonHistory history,
      FleetWindows windows,
      Watermark watermark,
      Checkpoint checkpoint,
      RecentIds ids,
      long rebuilt) {
    this.options = options;
    this.ids = ids;
    this.from = options.from();
    this.recordsFile = options.out().resolve(RECORDS_FILE);
    this.outputs = outputs;
    this.records = records;
    this.history = history;
    this.windows = windows;
    this.watermark = watermark;
    this.rebuilt = rebuilt;
    this.windowsDurableBefore = checkpoint.windowsDurableBefore();
    this.skippedBefore = checkpoint.skipped();
    this.duplicatesBefore = checkpoint.duplicates();
    this.next.putAll(checkpoint.offsets());
    List<RecordConsumer> consumers = new ArrayList<>();
    consumers.add(records);
    consumers.add(outputs.sink());
    if (windows != null) {
      consumers.add(windows);
    }
    this.fanout = new RecordFanout(outputs.format(), consumers);
    this.kafka =
        KafkaClients.consumer(
            from, options.kafka(), "shadow-collector-" + options.group(), options.group());
  }

  /**
   * Opens the collector's folder: checks its checkpoint, cuts {@code records.jsonl} back to it, and rebuilds the
   * suite, the aggregates and the open history windows from the records. Reaches no broker yet.
   *
   * @throws IOException when the folder holds another collection, records no collector wrote, a log shorter than its
   *     checkpoint, or cannot be read or written; the message says which and what to do
   * @throws KafkaSetupException when no broker of the address resolves or a TLS store cannot be read (checked
   *     before the folder is touched), or the consumer cannot be built
   */
  public static Collector open(CollectorOptions options) throws IOException {
    // before the folder is touched: an unknown host or a missing store is the user's to fix
    KafkaPreflight.check(options.from(), options.kafka());
    Path dir = options.out();
    OutputSet.check(dir, FILES);
    Files.createDirectories(dir);
    ObjectMapper mapper = new ObjectMapper();
    Path file = dir.resolve(RECORDS_FILE);
    Checkpoint checkpoint = Checkpoint.read(dir, mapper);
    boolean fresh = checkpoint == null;
    if (fresh) {
      if (Files.exists(file) && Files.size(file) > 0) {
        throw new IOException(
            dir
                + " holds a "
                + RECORDS_FILE
                + " that no collector wrote (there is no "
                + Checkpoint.FILE
                + "): give the collector a folder of its own");
      }
      checkpoint = new Checkpoint(options.from().topic(), options.group(), 0, Map.of(), null, 0, 0);
    } else if (!checkpoint.topic().equals(options.from().topic())
        || !checkpoint.group().equals(options.group())) {
      throw new IOException(
          dir
              + " holds the collection of topic "
              + checkpoint.topic()
              + " by group "
              + checkpoint.group()
              + ": give topic "
              + options.from().topic()
              + " and group "
              + options.group()
              + " a folder of their own");
    }
    Instant durable = checkpoint.windowsDurableBefore();
    Watermark watermark =
        new Watermark(durable == null ? Instant.EPOCH : durable.plus(options.windowGrace()));
    // the database before the folder changes: one that cannot be opened leaves the folder as it was
    ComparisonHistory history =
        options.db() == null
            ? null
            : ComparisonHistory.open(
                options.db(),
                options.instanceId(),
                options.windowGrace(),
                watermark,
                options.env());
    CaptureOutputs outputs;
    FleetWindows windows = null;
    RecentIds ids = new RecentIds(RecentIds.DEFAULT_CAPACITY);
    long rebuilt;
    try {
      if (fresh) {
        checkpoint.write(dir, mapper);
      }
      cutBack(file, checkpoint.recordsBytes());
      outputs =
          CaptureOutputs.open(
              dir, options.capture(), false, mapper, CAPTURE_LIMIT, System::nanoTime, List.of());
      if (history != null) {
        windows =
            new FleetWindows(
                WINDOW,
                options.windowGrace(),
                watermark,
                options.instanceId(),
                durable,
                history::offer);
      }
      rebuilt = rebuild(file, mapper, outputs, windows, ids);
    } catch (IOException | RuntimeException e) {
      if (history != null) {
        history.close();
      }
      throw e;
    }
    JsonlRecordSink records = JsonlRecordSink.open(file, outputs.format());
    Collector collector;
    try {
      collector =
          new Collector(
              options, outputs, records, history, windows, watermark, checkpoint, ids, rebuilt);
    } catch (RuntimeException e) {
      // a consumer the client refuses to build (KafkaSetupException): nothing left open
      records.close();
      if (history != null) {
        history.close();
      }
      throw e;
    }
    if (rebuilt > 0) {
      log.info(
          "collector: {} records read back from {}; resuming {} at {}",
          rebuilt,
          file,
          options.from(),
          checkpoint.offsets().isEmpty()
              ? "the group's offsets"
              : "offsets " + checkpoint.offsets());
    }
    return collector;
  }

  // the lines after the checkpoint were written but not committed: they come again from the topic
  private static void cutBack(Path file, long length) throws IOException {
    long size = Files.exists(file) ? Files.size(file) : 0;
    if (size < length) {
      throw new IOException(
          file
              + " has "
              + size
              + " bytes but its checkpoint covers "
              + length
              + ": it was cut or replaced; remove "
              + Checkpoint.FILE
              + " and the folder's files to collect afresh");
    }
    if (size > length) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(length);
        channel.force(true);
      }
      log.warn(
          "collector: cut {} back to its last checkpoint ({} bytes written after it are read again from the"
              + " topic)",
          file,
          size - length);
    }
  }

  // the suite, the aggregates, the ids and the windows not yet written come back from the log
  private static long rebuild(
      Path file, ObjectMapper mapper, CaptureOutputs outputs, FleetWindows windows, RecentIds ids)
      throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return 0;
    }
    List<RecordConsumer> consumers = new ArrayList<>();
    consumers.add(outputs.sink());
    if (windows != null) {
      consumers.add(windows);
    }
    // a record put on the topic again after the checkpoint is known for the duplicate it is
    consumers.add(record -> ids.add(record.path("id").asText()));
    RecordsFile.ReadStats stats =
        RecordsFile.readForSummary(file, mapper, new RecordFanout(outputs.format(), consumers));
    if (stats.badLines() > 0) {
      log.warn(
          "collector: skipped {} unreadable lines of {}: {}",
          stats.badLines(),
          file,
          stats.problems());
    }
    return stats.records();
  }

  /**
   * Consumes until {@link #stop()} (then drains: the last checkpoint, suite, summary and report are written) or
   * {@link #halt()}. Waits for the brokers while none answers.
   *
   * @throws MissingTopicException when the topic does not exist (and may not be created)
   * @throws KafkaSetupException when the brokers refuse the login, the topic or the group ({@link KafkaRefusal})
   * @throws IOException when the folder cannot be written: what was checkpointed stays as it was
   */
  public void run() throws IOException {
    boolean failed = true;
    try {
      if (!awaitTopic()) {
        failed = false;
        return;
      }
      kafka.subscribe(List.of(from.topic()), new Rebalance());
      long lastCheckpoint = System.nanoTime();
      long lastRefresh = lastCheckpoint;
      log.info("collector: reading {} as group {} into {}", from, options.group(), options.out());
      while (!stopping && !halting) {
        ConsumerRecords<byte[], byte[]> batch;
        try {
          batch = kafka.poll(POLL);
        } catch (WakeupException e) {
          batch = ConsumerRecords.empty(); // stop(), halt() or a checkpoint asked for
        } catch (AuthenticationException | AuthorizationException e) {
          // the topic's check passed, then the group (or a password changed since) was refused:
          // polling again would be refused again, for ever
          throw KafkaRefusal.of(
              e, from, options.kafka(), "read, as group '" + options.group() + "',");
        }
        for (ConsumerRecord<byte[], byte[]> m : batch) {
          handle(m);
        }
        advanceWatermark();
        if (windows != null) {
          windows.flush();
        }
        long now = System.nanoTime();
        if (checkpointAsked
            || (dirty && now - lastCheckpoint >= options.commitInterval().toNanos())) {
          checkpointAsked = false;
          checkpoint();
          lastCheckpoint = now;
        }
        if (now - lastRefresh >= options.refresh().toNanos()) {
          refresh();
          lastRefresh = now;
        }
      }
      failed = false;
    } finally {
      if (halting || failed) {
        abandon();
      } else {
        finish();
      }
    }
  }

  private boolean awaitTopic() throws IOException {
    long backoff = 500;
    boolean warned = false;
    try (Admin admin = KafkaClients.admin(from, options.kafka(), "shadow-collector-admin")) {
      while (!stopping && !halting) {
        TopicCheck.Outcome outcome;
        try {
          outcome = TopicCheck.ensure(admin, from, options.kafka(), TOPIC_CHECK_TIMEOUT);
        } catch (IOException e) {
          if (!warned) {
            log.warn("collector: waiting for {} ({})", from, e.getMessage());
            warned = true;
          }
          sleep(backoff);
          backoff = Math.min(10_000, backoff * 2);
          continue;
        }
        if (outcome == TopicCheck.Outcome.MISSING) {
          throw new MissingTopicException(from);
        }
        if (outcome == TopicCheck.Outcome.CREATED) {
          log.info("collector: created topic {}", from);
        }
        return true;
      }
    }
    return false;
  }

  private void handle(ConsumerRecord<byte[], byte[]> m) throws IOException {
    TopicMessage message = TopicMessage.read(m, mapper);
    if (!message.isRecord()) {
      skipped.note(message);
    } else {
      Instant time = RecordTimes.parse(message.record().path("time").asText(""));
      // a producer whose clock runs ahead would move its partition's "latest" past records still to
      // be read, and the watermark (which never moves back) would close their windows early
      if (time != null && !time.isAfter(options.clock().instant())) {
        latest.merge(m.partition(), time, (a, b) -> a.isAfter(b) ? a : b);
      }
      if (!ids.add(message.id())) {
        duplicates.incrementAndGet();
      } else {
        // the line as the proxy wrote it, byte for byte: the message's own bytes
        fanout.acceptLine(message.record(), message.line());
        collected.incrementAndGet();
      }
    }
    next.put(m.partition(), m.offset() + 1);
    dirty = true;
  }

  // the slowest partition holds the watermark back, unless it has nothing more to read
  private void advanceWatermark() {
    Instant candidate = null;
    for (TopicPartition tp : assigned) {
      OptionalLong lag = kafka.currentLag(tp);
      Instant at =
          lag.isPresent() && lag.getAsLong() == 0
              ? options.clock().instant()
              : latest.get(tp.partition());
      if (at == null) {
        return;
      }
      candidate = candidate == null || at.isBefore(candidate) ? at : candidate;
    }
    watermark.advance(candidate);
  }

  /** Makes the records durable, writes the checkpoint, then commits the offsets it names. */
  private void checkpoint() throws IOException {
    records.sync();
    outputs.sink().flush(); // the suite, on its own interval (it is rebuilt after a crash anyway)
    if (history != null) {
      WriterStats written = history.stats();
      if (written.buffered() == 0 && written.sinkAvailable()) {
        windowsDurableBefore = windows.closedBefore();
      }
    }
    new Checkpoint(
            from.topic(),
            options.group(),
            Files.size(recordsFile),
            next,
            windowsDurableBefore,
            skippedBefore + skipped.count(),
            duplicatesBefore + duplicates.get())
        .write(options.out(), mapper);
    checkpoints.incrementAndGet();
    dirty = false;
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    for (TopicPartition tp : assigned) {
      Long offset = next.get(tp.partition());
      if (offset != null) {
        commit.put(tp, new OffsetAndMetadata(offset));
      }
    }
    if (commit.isEmpty()) {
      return;
    }
    try {
      kafka.commitSync(commit, COMMIT_TIMEOUT);
    } catch (KafkaException e) {
      // the checkpoint is what a restart of this folder resumes from; the group's offsets are for
      // monitoring the lag and for a new folder
      log.warn(
          "collector: could not commit offsets to group {}: {}", options.group(), e.getMessage());
    }
  }

  /**
   * Rewrites summary.json and report.html from everything collected so far, together (a reader never finds one new
   * and the other old), summary.json with what was skipped: {@code "collect": {"skipped": …, "duplicates": …}}.
   */
  private void refresh() {
    ComparisonSummary summary = outputs.aggregator().summary();
    try (OutputSet staged = OutputSet.stage(options.out(), ComparisonReport.FILES)) {
      ComparisonReport.write(
          staged.staging(),
          "fleet records of " + from + " (group " + options.group() + ")",
          summary,
          Gate.evaluate(summary, GateCriteria.DEFAULTS),
          null,
          null,
          mapper);
      putCounts(staged.staging().resolve(SummaryJson.FILE));
      staged.commit();
      log.info(
          "collector: {} records ({} skipped, {} duplicates, {} too late for their window); summary in {}",
          summary.requests(),
          skipped.count(),
          duplicates.get(),
          windows == null ? 0 : windows.late(),
          options.out().resolve(SummaryJson.FILE));
    } catch (IOException | RuntimeException e) {
      log.error("collector: could not write the report: {}", e.toString());
    }
  }

  // the whole collection's counts: those of the checkpoint this run started from, and this run's
  private void putCounts(Path summaryFile) throws IOException {
    ObjectNode root = (ObjectNode) mapper.readTree(summaryFile.toFile());
    ObjectNode counts = root.putObject(SUMMARY_FIELD);
    counts.put("topic", from.toString());
    counts.put("group", options.group());
    counts.put("skipped", skippedBefore + skipped.count());
    ArrayNode listed = counts.putArray("skipped_first");
    skipped.listed().forEach(listed::add);
    counts.put("duplicates", duplicatesBefore + duplicates.get());
    AtomicFile.write(
        summaryFile,
        mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root));
  }

  // a graceful stop: the last records durable and committed, the suite, report and windows written
  private void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    try {
      records.sync();
      if (windows != null) {
        windows.flush();
        windows.close(); // the open windows too: written again, complete, after a restart
      }
      outputs.sink().close(); // the suite
      refresh();
      if (history != null) {
        history.close();
      }
      dirty = true;
      checkpoint();
    } finally {
      kafka.close();
      records.close();
    }
    log.info(
        "collector stopped: {} records in {} ({} skipped, {} duplicates)",
        rebuilt + collected.get(),
        recordsFile,
        skipped.count(),
        duplicates.get());
  }

  // what a crash leaves: no checkpoint, no suite, no report; the records written since the last
  // checkpoint stay in the file, to be cut back at the next start
  private void abandon() {
    if (finished) {
      return;
    }
    finished = true;
    try {
      kafka.close();
    } catch (KafkaException e) {
      log.debug("closing the consumer: {}", e.toString());
    }
    try {
      records.close();
    } catch (IOException e) {
      log.debug("closing the records: {}", e.toString());
    }
    if (history != null) {
      history.close();
    }
  }

  /** Asks {@link #run()} to finish: the last records are made durable and committed, and everything is written. */
  public void stop() {
    stopping = true;
    if (!finished) {
      kafka.wakeup();
    }
  }

  /** Makes {@link #run()} return at once, as a crash would: no checkpoint, suite or report is written. */
  public void halt() {
    halting = true;
    if (!finished) {
      kafka.wakeup();
    }
  }

  /** Has {@link #run()} write a checkpoint at its next turn, whatever the interval (tests: a crash after it). */
  void requestCheckpoint() {
    checkpointAsked = true;
    kafka.wakeup();
  }

  /** What the collector has done so far; any thread. */
  public CollectorStats stats() {
    return new CollectorStats(
        rebuilt,
        collected.get(),
        skipped.count(),
        skipped.listed(),
        duplicates.get(),
        windows == null ? 0 : windows.late(),
        checkpoints.get());
  }

  /** The live aggregates of the collection (thread-safe). */
  public ComparisonSummary summary() {
    return outputs.aggregator().summary();
  }

  /** Where the collection is kept. */
  public Path out() {
    return options.out();
  }

  /** Closes without running (when {@link #run()} was never called). */
  @Override
  public void close() throws IOException {
    if (finished) {
      return;
    }
    abandon();
  }

  private void sleep(long millis) {
    long until = System.nanoTime() + millis * 1_000_000;
    while (!stopping && !halting && System.nanoTime() < until) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Resumes each partition at the checkpoint's offset; hands back a revoked one's offsets first. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (halting || finished) {
        return;
      }
      try {
        if (dirty) {
          checkpoint();
        }
      } catch (IOException e) {
        log.error("collector: could not checkpoint before a rebalance: {}", e.toString());
      }
      assigned.removeAll(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        Long offset = next.get(tp.partition());
        if (offset != null) {
          kafka.seek(tp, offset);
        }
      }
      assigned.addAll(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      assigned.removeAll(partitions); // another member has them now: nothing to commit
    }
  }
}
