package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.exchange.Exchange;
import dev.shadowpipeline.shadow.memory.ByteBudget;
import dev.shadowpipeline.shadow.memory.MemoryDefaults;
import dev.shadowpipeline.shadow.record.PipelineListener.DropReason;
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
 * the queue holds its most exchanges or its most bytes; one worker thread decodes, compares and hands each exchange
 * to the sinks, flushing them at least every {@code flushInterval} and whenever the queue runs dry.
 *
 * <p>The worker never dies silently: an exchange it cannot compare is logged (rate-limited) and skipped; an error
 * that is not about one exchange (out of memory, say) is counted, reported through {@link #health()}, and the worker
 * goes on with the next exchange. Should the thread end anyway, every later offer is dropped and counted, and the
 * health says why.
 */
public final class RecordPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RecordPipeline.class);
  private static final long POLL_MILLIS = 100;
  private static final long ERROR_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  // a failed write shows in /health for this long after it happened
  private static final long SINK_PROBLEM_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final BlockingQueue<Queued> queue;
  private final ByteBudget queueBytes;
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
  private final AtomicLong workerFailures = new AtomicLong();
  private volatile boolean accepting = true;
  private volatile boolean stopping;
  private volatile boolean workerStopped;
  private volatile String workerProblem;
  private volatile String sinkProblem;
  private volatile long sinkProblemNanos;
  private long lastErrorLogNanos = Long.MIN_VALUE;
  private long lastFailureLogNanos = Long.MIN_VALUE;

  /** An exchange and the bytes reserved for it in the queue's budget. */
  private record Queued(Exchange exchange, long bytes) {}

  private RecordPipeline(Builder b) {
    this.queue = new ArrayBlockingQueue<>(b.capacity);
    this.queueBytes = new ByteBudget("record-queue-bytes", b.capacityBytes);
    this.comparator = b.comparator;
    this.sinks = List.copyOf(b.sinks);
    this.listener = b.listener;
    this.mapper = b.mapper;
    this.captureLimitBytes = b.captureLimitBytes;
    this.flushIntervalNanos = b.flushInterval.toNanos();
    this.nanoTime = b.nanoTime;
    this.worker = new Thread(this::runGuarded, "shadow-records");
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
    if (!accepting || workerStopped) {
      return drop(workerStopped ? DropReason.WORKER_FAILED : DropReason.CLOSED);
    }
    long bytes = exchange.retainedBytes();
    if (!queueBytes.tryReserve(bytes)) {
      return drop(DropReason.QUEUE_BYTES);
    }
    if (!queue.offer(new Queued(exchange, bytes))) {
      queueBytes.release(bytes);
      return drop(DropReason.QUEUE_FULL);
    }
    return true;
  }

  private boolean drop(DropReason reason) {
    dropped.incrementAndGet();
    listener.dropped(reason);
    return false;
  }

  /**
   * Queues an exchange, waiting for room when the queue is full. Only for offline work (replay, regress) where
   * nothing waits on the caller's side; the proxy uses {@link #offer}.
   *
   * @throws IllegalStateException when the pipeline is closing
   */
  public void put(Exchange exchange) throws InterruptedException {
    if (!accepting || workerStopped) {
      throw new IllegalStateException(
          "the record pipeline is closed" + (workerStopped ? ": " + workerProblem : ""));
    }
    long bytes = exchange.retainedBytes();
    queueBytes.reserve(bytes);
    queue.put(new Queued(exchange, bytes));
  }

  /** Exchanges waiting for the worker. */
  public int queued() {
    return queue.size();
  }

  /** Bytes of the exchanges waiting for the worker. */
  public long queuedBytes() {
    return queueBytes.used();
  }

  /** The most bytes the queue holds. */
  public long capacityBytes() {
    return queueBytes.limit();
  }

  /** Errors of the worker that were not about one exchange (out of memory, say). */
  public long workerFailures() {
    return workerFailures.get();
  }

  /** Whether recording works; what is wrong when it does not. */
  public PipelineHealth health() {
    if (workerStopped) {
      return new PipelineHealth(
          false, "the record worker stopped: " + workerProblem + "; pairs are dropped");
    }
    if (workerProblem != null) {
      return new PipelineHealth(
          false,
          "the record worker failed "
              + workerFailures.get()
              + " time(s), last: "
              + workerProblem
              + "; pairs it was working on were dropped");
    }
    String sink = sinkProblem;
    if (sink != null && nanoTime.getAsLong() - sinkProblemNanos < SINK_PROBLEM_NANOS) {
      return new PipelineHealth(false, "writing records failed: " + sink);
    }
    return PipelineHealth.OK;
  }

  /** Exchanges dropped because the queue was full or closed. */
  public long dropped() {
    return dropped.get();
  }

  /** Exchanges compared and handed to the sinks. */
  public long processed() {
    return processed.get();
  }

  private void runGuarded() {
    try {
      run();
    } catch (Throwable fatal) {
      // should not happen (process() contains its own failures), but if it does, it must show
      workerProblem = describe(fatal);
      workerStopped = true;
      workerFailures.incrementAndGet();
      listener.workerFailed(fatal);
      log.error(
          "the record worker stopped; pairs are no longer recorded: {}", workerProblem, fatal);
      for (Queued q; (q = queue.poll()) != null; ) {
        queueBytes.release(q.bytes());
        drop(DropReason.WORKER_FAILED);
      }
    }
  }

  private void run() {
    long lastFlush = nanoTime.getAsLong();
    boolean dirty = false;
    while (true) {
      Queued next;
      try {
        next = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        next = queue.poll(); // close() interrupts only to cut the wait short; keep draining
      }
      if (next != null) {
        try {
          processGuarded(next.exchange());
        } finally {
          queueBytes.release(next.bytes());
        }
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

  // One exchange's failure is that exchange's: a deeply nested body that overflows the stack, or an
  // allocation too
  // large for the heap, loses that pair (counted) and the worker goes on.
  private void processGuarded(Exchange exchange) {
    try {
      process(exchange);
    } catch (RuntimeException | StackOverflowError bug) {
      drop(DropReason.WORKER_FAILED);
      logFailure(
          "could not compare exchange " + exchange.request().id() + "; it is not recorded", bug);
    } catch (VirtualMachineError severe) {
      workerFailures.incrementAndGet();
      workerProblem = describe(severe);
      drop(DropReason.WORKER_FAILED);
      listener.workerFailed(severe);
      logFailure(
          "the record worker failed on exchange "
              + exchange.request().id()
              + " ("
              + workerProblem
              + "); it is not recorded",
          null);
    }
  }

  private void logFailure(String message, Throwable error) {
    long now = nanoTime.getAsLong();
    if (lastFailureLogNanos == Long.MIN_VALUE
        || now - lastFailureLogNanos >= ERROR_LOG_INTERVAL_NANOS) {
      lastFailureLogNanos = now;
      if (error == null) {
        log.error(message);
      } else {
        log.error(message, error);
      }
    }
  }

  private static String describe(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private void process(Exchange exchange) {
    Answer primary = Answer.of(exchange.primary(), mapper, captureLimitBytes);
    Answer shadow = Answer.of(exchange.shadow(), mapper, captureLimitBytes);
    Verdict verdict = comparator.compare(exchange.request(), primary, shadow);
    Answer secondary = null;
    Verdict noise = null;
    if (exchange.secondary() != null) {
      secondary = Answer.of(exchange.secondary(), mapper, captureLimitBytes);
      // the same comparator on a second instance of the primary: what it finds there is the
      // primary's disagreement with itself, the noise the shadow's differences are weighed against
      if (primary.error() == null && secondary.error() == null) {
        noise = comparator.compare(exchange.request(), primary, secondary);
      }
    }
    ComparedExchange compared =
        new ComparedExchange(exchange, primary, shadow, verdict, secondary, noise);
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
    sinkProblem = sink + ": " + e.getMessage();
    sinkProblemNanos = now;
    // a full disk fails every write: one line every few seconds says it without flooding the log
    if (lastErrorLogNanos == Long.MIN_VALUE
        || now - lastErrorLogNanos >= ERROR_LOG_INTERVAL_NANOS) {
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
    int left = 0;
    for (Queued q; (q = queue.poll()) != null; left++) {
      queueBytes.release(q.bytes());
      drop(DropReason.CLOSED);
    }
    if (left > 0) {
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
    private long capacityBytes = MemoryDefaults.recordQueueBytes();
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

    /** Bytes the queue may hold (of captured bodies and headers); beyond it exchanges are dropped and counted. */
    public Builder capacityBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("record queue bytes must be at least 1: " + bytes);
      }
      this.capacityBytes = bytes;
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
