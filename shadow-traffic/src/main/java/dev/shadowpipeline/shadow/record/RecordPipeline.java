package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.exchange.Exchange;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves finished exchanges off the proxy's event loops: {@link #offer} is non-blocking and drops (and counts) when
 * the bounded queue is full; one worker thread decodes, compares and hands each exchange to the sinks, flushing
 * them at least every {@code flushInterval} and whenever the queue runs dry.
 */
public final class RecordPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RecordPipeline.class);
  private static final long POLL_MILLIS = 100;
  private static final long ERROR_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final BlockingQueue<Exchange> queue;
  private final ResponseComparator comparator;
  private final List<ExchangeSink> sinks;
  private final PipelineListener listener;
  private final ObjectMapper mapper;
  private final int captureLimitBytes;
  private final long flushIntervalNanos;
  private final LongSupplier nanoTime;
  private final Thread worker;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private volatile boolean accepting = true;
  private volatile boolean stopping;
  private long lastErrorLogNanos = Long.MIN_VALUE;

  private RecordPipeline(Builder b) {
    this.queue = new ArrayBlockingQueue<>(b.capacity);
    this.comparator = b.comparator;
    this.sinks = List.copyOf(b.sinks);
    this.listener = b.listener;
    this.mapper = b.mapper;
    this.captureLimitBytes = b.captureLimitBytes;
    this.flushIntervalNanos = b.flushInterval.toNanos();
    this.nanoTime = b.nanoTime;
    this.worker = new Thread(this::run, "shadow-records");
    this.worker.setDaemon(true);
    this.worker.start();
  }

  public static Builder builder(ResponseComparator comparator, ObjectMapper mapper) {
    return new Builder(comparator, mapper);
  }

  /**
   * Queues an exchange without ever blocking.
   *
   * @return {@code false} when it was dropped because the queue was full or the pipeline is closing
   */
  public boolean offer(Exchange exchange) {
    if (accepting && queue.offer(exchange)) {
      return true;
    }
    dropped.incrementAndGet();
    listener.dropped();
    return false;
  }

  /**
   * Queues an exchange, waiting for room when the queue is full. Only for offline work (replay, regress) where
   * nothing waits on the caller's side; the proxy uses {@link #offer}.
   *
   * @throws IllegalStateException when the pipeline is closing
   */
  public void put(Exchange exchange) throws InterruptedException {
    if (!accepting) {
      throw new IllegalStateException("the record pipeline is closed");
    }
    queue.put(exchange);
  }

  /** Exchanges waiting for the worker. */
  public int queued() {
    return queue.size();
  }

  /** Exchanges dropped because the queue was full or closed. */
  public long dropped() {
    return dropped.get();
  }

  /** Exchanges compared and handed to the sinks. */
  public long processed() {
    return processed.get();
  }

  private void run() {
    long lastFlush = nanoTime.getAsLong();
    boolean dirty = false;
    while (true) {
      Exchange next;
      try {
        next = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        next = queue.poll(); // close() interrupts only to cut the wait short; keep draining
      }
      if (next != null) {
        process(next);
        dirty = true;
      } else if (stopping) {
        break;
      }
      long now = nanoTime.getAsLong();
      if (dirty && (next == null || now - lastFlush >= flushIntervalNanos)) {
        flushAll();
        dirty = false;
        lastFlush = now;
      }
    }
    flushAll();
  }

  private void process(Exchange exchange) {
    ComparedExchange compared;
    try {
      Answer primary = Answer.of(exchange.primary(), mapper, captureLimitBytes);
      Answer shadow = Answer.of(exchange.shadow(), mapper, captureLimitBytes);
      Verdict verdict = comparator.compare(exchange.request(), primary, shadow);
      compared = new ComparedExchange(exchange, primary, shadow, verdict);
    } catch (RuntimeException bug) {
      log.error("could not compare exchange {}; it is not recorded", exchange.request().id(), bug);
      return;
    }
    processed.incrementAndGet();
    listener.compared(compared);
    for (ExchangeSink sink : sinks) {
      try {
        sink.accept(compared);
      } catch (IOException | RuntimeException e) {
        sinkFailed(sink, e);
      }
    }
  }

  private void flushAll() {
    for (ExchangeSink sink : sinks) {
      try {
        sink.flush();
      } catch (IOException | RuntimeException e) {
        sinkFailed(sink, e);
      }
    }
  }

  private void sinkFailed(ExchangeSink sink, Exception e) {
    listener.sinkFailed(sink.toString(), e);
    long now = nanoTime.getAsLong();
    // a full disk fails every write: one line every few seconds says it without flooding the log
    if (lastErrorLogNanos == Long.MIN_VALUE || now - lastErrorLogNanos >= ERROR_LOG_INTERVAL_NANOS) {
      lastErrorLogNanos = now;
      log.error("writing to {} failed: {}", sink, e.toString());
    }
  }

  /**
   * Stops accepting, lets the worker finish everything already queued, then flushes and closes every sink.
   *
   * @param timeout how long to wait for the queue to drain before closing the sinks anyway
   * @return whether the queue drained in time (when not, the exchanges left are counted as dropped)
   */
  public boolean close(Duration timeout) {
    accepting = false;
    stopping = true;
    boolean drained;
    try {
      worker.join(Math.max(1, timeout.toMillis()));
      drained = !worker.isAlive();
      if (!drained) {
        worker.interrupt();
        worker.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drained = false;
    }
    int left = queue.size();
    queue.clear();
    if (left > 0) {
      dropped.addAndGet(left);
      log.warn("{} exchanges were still queued at shutdown and are not recorded", left);
    }
    for (ExchangeSink sink : sinks) {
      try {
        sink.close();
      } catch (IOException | RuntimeException e) {
        log.error("closing {} failed: {}", sink, e.toString());
      }
    }
    return drained && left == 0;
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /** Configures a pipeline; {@link #start()} starts its worker thread. */
  public static final class Builder {
    private final ResponseComparator comparator;
    private final ObjectMapper mapper;
    private List<ExchangeSink> sinks = List.of();
    private PipelineListener listener = PipelineListener.NONE;
    private int capacity = 10_000;
    private int captureLimitBytes = 10 << 20;
    private Duration flushInterval = Duration.ofSeconds(1);
    private LongSupplier nanoTime = System::nanoTime;

    private Builder(ResponseComparator comparator, ObjectMapper mapper) {
      this.comparator = comparator;
      this.mapper = mapper;
    }

    public Builder sinks(List<ExchangeSink> sinks) {
      this.sinks = List.copyOf(sinks);
      return this;
    }

    public Builder listener(PipelineListener listener) {
      this.listener = listener;
      return this;
    }

    /** Queue capacity; beyond it exchanges are dropped and counted. */
    public Builder capacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("record queue capacity must be at least 1: " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /** Cap on decoded bodies, so a compressed body cannot expand without limit. */
    public Builder captureLimitBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("capture limit must be at least 1 byte: " + bytes);
      }
      this.captureLimitBytes = bytes;
      return this;
    }

    /** Longest time a record may sit in a sink's buffer under constant load. */
    public Builder flushInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("flush interval must be positive: " + interval);
      }
      this.flushInterval = interval;
      return this;
    }

    /** The monotonic clock, in nanoseconds; tests may supply their own. */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = nanoTime;
      return this;
    }

    public RecordPipeline start() {
      return new RecordPipeline(this);
    }
  }
}
