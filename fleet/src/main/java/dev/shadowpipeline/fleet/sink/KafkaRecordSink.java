package dev.shadowpipeline.fleet.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.fleet.kafka.KafkaAddress;
import dev.shadowpipeline.fleet.kafka.KafkaClients;
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
import dev.shadowpipeline.fleet.kafka.KafkaSetupException;
import dev.shadowpipeline.fleet.kafka.RecordMessages;
import dev.shadowpipeline.fleet.kafka.TopicCheck;
import dev.shadowpipeline.shadow.memory.ByteBudget;
import dev.shadowpipeline.shadow.record.RecordLineConsumer;
import dev.shadowpipeline.shadow.record.SinkState;
import dev.shadowpipeline.shadow.redact.UrlSecrets;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every record to a Kafka topic: the record's line of {@code records.jsonl}, keyed by its {@code input_key},
 * through an idempotent, compressing producer.
 *
 * <p>The record worker only ever queues: {@link #acceptLine} reserves the record's bytes in a budget of
 * {@link KafkaSettings#bufferBytes()} and returns; the bytes stay reserved until the broker acknowledges the record
 * (or it is dropped), so the budget bounds everything the sink holds, in its queue and in the producer. A record that
 * does not fit is dropped and counted ({@code buffer_full}); in {@link Mode#OFFLINE} (replay, where nobody waits on the
 * other side) the worker waits for room instead. The sink's own thread checks the topic (creating it when allowed),
 * hands records to the producer — which may wait there for the brokers' metadata, never on the worker — and keeps
 * trying while the brokers are away: a record not handed on within the delivery timeout is dropped
 * ({@code delivery_failed}), and so is one the producer could not deliver within it. The producer reconnects by itself;
 * the sink reports what it sees through {@link #stateJson()} ({@code /health}) and its meters ({@code /metrics}).
 */
public final class KafkaRecordSink implements RecordLineConsumer, SinkState, MeterBinder {

  /** Whether the record worker may wait for room. */
  public enum Mode {
    /** A proxy: a record that does not fit is dropped and counted, the worker never waits. */
    LIVE,
    /** A replay: the worker waits for room, and closing waits for every acknowledgement (up to the timeout). */
    OFFLINE
  }

  /** Why a record was not delivered. */
  public enum DropReason {
    /** The buffer held its most bytes of records not yet acknowledged. */
    BUFFER_FULL,
    /** The topic does not exist and may not be created. */
    TOPIC_MISSING,
    /** No broker acknowledged it within the delivery timeout. */
    DELIVERY_FAILED,
    /** Larger than the broker or the topic accepts. */
    TOO_LARGE,
    /** The broker refused it (authorization, say). */
    REJECTED,
    /** Still unacknowledged when the sink closed. */
    CLOSED;

    /** The lower-case name used in metrics and {@code /health}, e.g. {@code buffer_full}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The sink's view of the brokers. */
  public enum Delivery {
    /** Not yet known: starting. */
    CONNECTING,
    /** The topic is there and records are acknowledged. */
    CONNECTED,
    /** No broker answers, or acknowledgements stopped coming. */
    UNREACHABLE,
    /** The topic does not exist and may not be created: every record is dropped. */
    TOPIC_MISSING;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(KafkaRecordSink.class);
  // what one queued record costs besides its key and line: the queue's node, the record objects,
  // the producer's per-record header
  static final long RECORD_OVERHEAD_BYTES = 256;
  private static final Duration MAX_BLOCK = Duration.ofSeconds(5);
  private static final Duration TOPIC_CHECK_TIMEOUT = Duration.ofSeconds(5);
  private static final long MAX_BACKOFF_MILLIS = 10_000;
  private static final long TOPIC_RECHECK_MILLIS = 30_000;
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final KafkaAddress address;
  private final KafkaSettings settings;
  private final Mode mode;
  private final Clock clock;
  private final ByteBudget buffer;
  private final LinkedBlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
  private final Map<DropReason, AtomicLong> dropped = new EnumMap<>(DropReason.class);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong unacknowledged = new AtomicLong();
  private final AtomicLong progressNanos = new AtomicLong(System.nanoTime());
  private final AtomicReference<Instant> progressAt = new AtomicReference<>();
  private final long stallNanos;
  private final Thread sender;
  private volatile Delivery delivery = Delivery.CONNECTING;
  private volatile Instant unreachableSince;
  private volatile String problem;
  private volatile boolean closing;
  private volatile boolean stopNow;
  private volatile KafkaProducer<byte[], byte[]> producer;
  private long lastDropLogNanos = Long.MIN_VALUE;

  /** A record on its way: the bytes it holds in the budget until it is acknowledged or dropped. */
  private record Outgoing(byte[] key, byte[] value, long bytes, long queuedNanos) {}

  private KafkaRecordSink(KafkaAddress address, KafkaSettings settings, Mode mode, Clock clock) {
    this.address = address;
    this.settings = settings;
    this.mode = mode;
    this.clock = clock;
    this.buffer = new ByteBudget("kafka-buffer", settings.bufferBytes());
    for (DropReason r : DropReason.values()) {
      dropped.put(r, new AtomicLong());
    }
    this.progressAt.set(clock.instant());
    // acknowledgements stopped for longer than a request may take: the brokers are away, whatever
    // the producer's retries still hope for
    this.stallNanos =
        TimeUnit.MILLISECONDS.toNanos(
            Math.max(1000, Math.min(30_000, settings.deliveryTimeout().toMillis() / 3)));
    this.sender = new Thread(this::run, "shadow-kafka-sink-" + address.topic());
    this.sender.setDaemon(true);
  }

  /**
   * Starts a sink; returns at once, whether the brokers answer or not (the sink's thread connects, checks the topic
   * and reconnects by itself).
   */
  public static KafkaRecordSink start(KafkaAddress address, KafkaSettings settings, Mode mode) {
    return start(address, settings, mode, Clock.systemUTC());
  }

  /** Starts a sink whose state times ({@code unreachable_since}) come from {@code clock}. */
  public static KafkaRecordSink start(
      KafkaAddress address, KafkaSettings settings, Mode mode, Clock clock) {
    KafkaRecordSink sink = new KafkaRecordSink(address, settings, mode, clock);
    sink.sender.start();
    return sink;
  }

  /** The topic records go to. */
  public KafkaAddress address() {
    return address;
  }

  @Override
  public void accept(ObjectNode record) throws IOException {
    throw new IOException(
        "the Kafka sink takes each record with its line of records.jsonl: give it to a RecordFanout");
  }

  @Override
  public void acceptLine(ObjectNode record, byte[] line) throws IOException {
    if (closing) {
      drop(DropReason.CLOSED);
      return;
    }
    if (delivery == Delivery.TOPIC_MISSING) {
      drop(DropReason.TOPIC_MISSING);
      return;
    }
    JsonNode inputKey = record.get("input_key");
    byte[] key =
        inputKey != null && inputKey.isTextual()
            ? inputKey.asText().getBytes(StandardCharsets.UTF_8)
            : null;
    long bytes = line.length + (key == null ? 0 : key.length) + RECORD_OVERHEAD_BYTES;
    if (mode == Mode.OFFLINE) {
      try {
        buffer.reserve(bytes);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        drop(DropReason.CLOSED);
        return;
      }
    } else if (!buffer.tryReserve(bytes)) {
      drop(DropReason.BUFFER_FULL);
      return;
    }
    queue.add(new Outgoing(key, line, bytes, System.nanoTime()));
  }

  private void drop(DropReason reason) {
    dropped.get(reason).incrementAndGet();
  }

  private void dropHeld(Outgoing o, DropReason reason) {
    buffer.release(o.bytes());
    drop(reason);
  }

  // ---- the sink's thread

  private void run() {
    long backoff = 250;
    boolean topicReady = false;
    Outgoing held = null; // a record the producer did not take yet (no metadata)
    Admin admin = null;
    try {
      while (!stopNow) {
        if (closing && queue.isEmpty() && held == null) {
          break;
        }
        if (producer == null) {
          try {
            producer =
                KafkaClients.producer(
                    address, settings, "shadow-sink-" + address.topic(), MAX_BLOCK);
          } catch (KafkaSetupException e) {
            // an unknown host, a store not there (yet): said as the user can act on it
            unreachable(e.getMessage());
            pause(backoff);
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            continue;
          } catch (KafkaException e) {
            unreachable("cannot start a producer: " + settings.mask(e.getMessage()));
            pause(backoff);
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            continue;
          }
        }
        if (!topicReady) {
          try {
            if (admin == null) {
              admin = KafkaClients.admin(address, settings, "shadow-sink-admin-" + address.topic());
            }
            TopicCheck.Outcome outcome =
                TopicCheck.ensure(admin, address, settings, TOPIC_CHECK_TIMEOUT);
            if (outcome == TopicCheck.Outcome.MISSING) {
              topicMissing();
              dropQueued(DropReason.TOPIC_MISSING);
              if (held != null) {
                dropHeld(held, DropReason.TOPIC_MISSING);
                held = null;
              }
              if (closing) {
                break;
              }
              pause(TOPIC_RECHECK_MILLIS);
              continue;
            }
            if (outcome == TopicCheck.Outcome.CREATED) {
              log.info("kafka sink: created topic {}", address);
            }
            topicReady = true;
            admin.close(Duration.ofSeconds(1));
            admin = null;
            connected();
            backoff = 250;
          } catch (IOException | KafkaException | KafkaSetupException e) {
            unreachable(e.getMessage());
            expireQueued();
            if (closing) {
              break; // nobody to deliver to; what is left is counted below
            }
            pause(backoff);
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            continue;
          }
        }
        Outgoing next = held != null ? held : queue.poll(100, TimeUnit.MILLISECONDS);
        held = null;
        if (next == null) {
          continue;
        }
        if (expired(next)) {
          dropHeld(next, DropReason.DELIVERY_FAILED);
          logDrops();
          continue;
        }
        if (!send(next)) {
          held = next; // no metadata yet: the brokers are away; keep it and try again
          pause(backoff);
          backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        } else {
          backoff = 250;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (held != null) {
        dropHeld(held, DropReason.CLOSED);
      }
      if (admin != null) {
        admin.close(Duration.ZERO);
      }
    }
  }

  /**
   * Hands a record to the producer.
   *
   * @return false when the producer could not take it for want of the topic's metadata (no broker answered)
   */
  private boolean send(Outgoing o) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(address.topic(), null, o.key(), o.value());
    RecordMessages.mark(record.headers());
    if (unacknowledged.getAndIncrement() == 0) {
      markProgress();
    }
    try {
      Future<RecordMetadata> unused = producer.send(record, callback(o));
      return true;
    } catch (TimeoutException e) {
      unacknowledged.decrementAndGet();
      unreachable("no broker answered within " + MAX_BLOCK.toSeconds() + " s");
      return false;
    } catch (RecordTooLargeException e) {
      unacknowledged.decrementAndGet();
      dropHeld(o, DropReason.TOO_LARGE);
      logDrops();
      return true;
    } catch (KafkaException | IllegalStateException e) {
      unacknowledged.decrementAndGet();
      dropHeld(o, closing ? DropReason.CLOSED : DropReason.REJECTED);
      problem = e.getClass().getSimpleName() + ": " + e.getMessage();
      logDrops();
      return true;
    }
  }

  // runs on the producer's I/O thread: counts and releases, nothing that could wait
  private Callback callback(Outgoing o) {
    return (metadata, error) -> {
      buffer.release(o.bytes());
      unacknowledged.decrementAndGet();
      if (error == null) {
        sent.incrementAndGet();
        markProgress();
        connected();
        return;
      }
      DropReason reason;
      if (closing && !(error instanceof TimeoutException)) {
        reason = DropReason.CLOSED;
      } else if (error instanceof RecordTooLargeException) {
        reason = DropReason.TOO_LARGE;
      } else if (error instanceof TimeoutException || error instanceof RetriableException) {
        reason = DropReason.DELIVERY_FAILED;
        unreachable(error.getClass().getSimpleName() + ": " + error.getMessage());
      } else {
        reason = DropReason.REJECTED;
        problem = error.getClass().getSimpleName() + ": " + error.getMessage();
      }
      drop(reason);
    };
  }

  private boolean expired(Outgoing o) {
    return System.nanoTime() - o.queuedNanos() > settings.deliveryTimeout().toNanos();
  }

  // records queued longer than the delivery timeout while no broker answers are given up on, so
  // that the newest records get the room
  private void expireQueued() {
    for (Outgoing o : queue) {
      if (expired(o) && queue.remove(o)) {
        dropHeld(o, DropReason.DELIVERY_FAILED);
      }
    }
    logDrops();
  }

  private void dropQueued(DropReason reason) {
    for (Outgoing o; (o = queue.poll()) != null; ) {
      dropHeld(o, reason);
    }
  }

  private void markProgress() {
    progressNanos.set(System.nanoTime());
    progressAt.set(clock.instant());
  }

  private void connected() {
    Delivery before = delivery;
    if (before == Delivery.CONNECTED) {
      return;
    }
    delivery = Delivery.CONNECTED;
    Instant since = unreachableSince;
    unreachableSince = null;
    problem = null;
    if (before == Delivery.UNREACHABLE && since != null) {
      log.info(
          "kafka sink: delivering to {} again (unreachable since {}); {} records dropped so far",
          address,
          since,
          droppedTotal());
    } else {
      log.info("kafka sink: delivering to {}", address);
    }
  }

  private void unreachable(String why) {
    problem = why;
    if (delivery != Delivery.UNREACHABLE) {
      unreachableSince = clock.instant();
      delivery = Delivery.UNREACHABLE;
      log.warn(
          "kafka sink: {} is unreachable ({}); records wait in a buffer of {} bytes, then are dropped and"
              + " counted",
          address,
          why,
          buffer.limit());
    }
  }

  private void topicMissing() {
    if (delivery != Delivery.TOPIC_MISSING) {
      delivery = Delivery.TOPIC_MISSING;
      problem = TopicCheck.missingMessage(address);
      log.error("kafka sink: {}; its records are dropped and counted", problem);
    }
  }

  private void logDrops() {
    long now = System.nanoTime();
    if (lastDropLogNanos == Long.MIN_VALUE || now - lastDropLogNanos >= LOG_INTERVAL_NANOS) {
      lastDropLogNanos = now;
      long total = droppedTotal();
      if (total > 0) {
        log.warn("kafka sink: {} records for {} dropped so far: {}", total, address, dropCounts());
      }
    }
  }

  private void pause(long millis) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!stopNow && !closing && System.nanoTime() < until) {
      Thread.sleep(Math.min(50, millis));
    }
  }

  // ---- state

  /** What the sink's view of the brokers is now; a stall of acknowledgements counts as unreachable. */
  public Delivery delivery() {
    Delivery d = delivery;
    if (d == Delivery.CONNECTED && stalled()) {
      return Delivery.UNREACHABLE;
    }
    return d;
  }

  private boolean stalled() {
    return unacknowledged.get() > 0 && System.nanoTime() - progressNanos.get() > stallNanos;
  }

  @Override
  public boolean delivering() {
    return delivery() == Delivery.CONNECTED;
  }

  /** Records the brokers acknowledged. */
  public long sent() {
    return sent.get();
  }

  /** Records dropped for {@code reason}. */
  public long dropped(DropReason reason) {
    return dropped.get(reason).get();
  }

  /** Records dropped for any reason. */
  public long droppedTotal() {
    long total = 0;
    for (AtomicLong n : dropped.values()) {
      total += n.get();
    }
    return total;
  }

  /** The most bytes held for records not yet acknowledged. */
  public long bufferLimitBytes() {
    return buffer.limit();
  }

  /** Bytes held for records not yet acknowledged. */
  public long bufferedBytes() {
    return buffer.used();
  }

  /** The reasons records were dropped for, with their counts, e.g. {@code closed 50}; empty when none was. */
  public String dropCounts() {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<DropReason, AtomicLong> e : dropped.entrySet()) {
      if (e.getValue().get() > 0) {
        s.append(s.length() == 0 ? "" : ", ").append(e.getKey().label()).append(' ');
        s.append(e.getValue().get());
      }
    }
    return s.toString();
  }

  @Override
  public ObjectNode stateJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    Delivery d = delivery();
    node.put("sink", "kafka");
    node.put("target", UrlSecrets.mask(address.toString()));
    node.put("state", d.label());
    Instant since =
        d == Delivery.UNREACHABLE
            ? unreachableSince != null ? unreachableSince : progressAt.get()
            : null;
    if (since != null) {
      node.put("unreachable_since", since.toString());
    } else {
      node.putNull("unreachable_since");
    }
    String why = d == Delivery.CONNECTED ? null : problem;
    if (why == null && d == Delivery.UNREACHABLE) {
      why = "no acknowledgement for " + unacknowledged.get() + " records";
    }
    if (why != null) {
      node.put("problem", why);
    }
    node.put("sent", sent.get());
    ObjectNode drops = node.putObject("dropped");
    for (Map.Entry<DropReason, AtomicLong> e : dropped.entrySet()) {
      drops.put(e.getKey().label(), e.getValue().get());
    }
    node.put("dropped_total", droppedTotal());
    node.put("waiting_acks", Math.max(0, unacknowledged.get()));
    node.put("buffered_bytes", buffer.used());
    node.put("buffer_bytes", buffer.limit());
    return node;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    String topic = address.topic();
    FunctionCounter.builder("shadow.sink.sent", sent, AtomicLong::get)
        .tags("sink", "kafka", "topic", topic)
        .description("Records the brokers acknowledged")
        .register(registry);
    for (DropReason reason : DropReason.values()) {
      FunctionCounter.builder("shadow.sink.dropped", dropped.get(reason), AtomicLong::get)
          .tags("sink", "kafka", "topic", topic, "reason", reason.label())
          .description("Records not delivered, by reason")
          .register(registry);
    }
    Gauge.builder("shadow.sink.buffered.bytes", buffer, ByteBudget::used)
        .tags("sink", "kafka", "topic", topic)
        .description("Bytes held for records not yet acknowledged")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("shadow.sink.connected", this, s -> s.delivering() ? 1 : 0)
        .tags("sink", "kafka", "topic", topic)
        .description("1 while records are being delivered, else 0")
        .register(registry);
  }

  @Override
  public void flush() {
    // delivery is continuous; closing waits for the acknowledgements
  }

  /**
   * Stops taking records, lets the sink's thread hand on what is queued and waits for the acknowledgements: up to
   * {@code min(10 s, delivery timeout)} for a proxy, the delivery timeout and five seconds more for a replay. What is
   * still unacknowledged then is dropped and counted ({@code closed}).
   */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    Duration timeout =
        mode == Mode.LIVE
            ? min(Duration.ofSeconds(10), settings.deliveryTimeout())
            : settings.deliveryTimeout().plusSeconds(5);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      sender.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopNow = true;
    sender.interrupt();
    try {
      sender.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dropQueued(DropReason.CLOSED);
    KafkaProducer<byte[], byte[]> p = producer;
    if (p != null) {
      long left = Math.max(0, deadline - System.nanoTime());
      // records the producer still holds then fail, and their callbacks count them as closed
      p.close(Duration.ofNanos(left));
    }
    log.info(
        "kafka sink {}: {} records delivered{}",
        address,
        sent.get(),
        droppedTotal() == 0 ? "" : ", " + droppedTotal() + " dropped (" + dropCounts() + ")");
  }

  /**
   * Stops at once, without waiting for acknowledgements (what a crash would do, for tests of what survives one).
   */
  public void abandon() {
    closing = true;
    stopNow = true;
    sender.interrupt();
    KafkaProducer<byte[], byte[]> p = producer;
    if (p != null) {
      p.close(Duration.ZERO);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public String toString() {
    return "kafka sink " + address;
  }
}
