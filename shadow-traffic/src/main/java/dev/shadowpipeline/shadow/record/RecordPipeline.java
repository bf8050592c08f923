package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.PendingVerdict;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.exchange.Exchange;
import dev.shadowpipeline.shadow.memory.ByteBudget;
import dev.shadowpipeline.shadow.memory.MemoryDefaults;
import dev.shadowpipeline.shadow.record.PipelineListener.DropReason;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves finished exchanges off the proxy's event loops: {@link #offer} is non-blocking and drops (and counts) when
 * the queue holds its most exchanges or its most bytes; one worker thread decodes, compares and hands each exchange
 * to the sinks, flushing them at least every {@code flushInterval} and whenever the queue runs dry.
 *
 * <p>The worker never waits for a slow comparator (the semantic one, whose model has a thread and a queue of its
 * own): it starts every comparison with {@link ResponseComparator#compareLater}, writes the pairs whose verdict is
 * known at once, and sets the others aside — still holding their bytes in the queue's byte budget — until the
 * comparator's thread completes them (within its own bound, {@link ResponseComparator#longestDelay()}). Completed
 * pairs come back through the worker's queue, so the sinks are only ever called from the worker thread, once per
 * pair. Records are therefore written in the order their verdicts are complete, not the order the pairs arrived.
 * {@link Builder#awaitVerdicts} makes the worker wait for each verdict instead (offline work, where nothing is
 * lost by waiting). {@link #close(Duration)} writes the pairs set aside as they complete, and gives up on those still
 * pending shortly before its timeout: they are written without the slow measurement (counted, {@link #givenUp()}).
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

  // exchanges (Queued) and pairs whose verdict completed (Pending), in arrival order; exchanges are
  // bounded by slots and queueBytes, completions by the pairs set aside
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final int capacity;
  private final Semaphore slots;
  private final ByteBudget queueBytes;
  private final boolean awaitVerdicts;
  private final Set<Pending> pending = new LinkedHashSet<>(); // the worker's alone
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final AtomicLong givenUp = new AtomicLong();
  private final ResponseComparator comparator;
  private final List<ExchangeSink> sinks;
  private final PipelineListener listener;
  private final ObjectMapper mapper;
  private final int captureLimitBytes;
  private final long flushIntervalNanos;
  private final LongSupplier nanoTime;
  private final Thread worker;
  private final int workerNice;
  // the nice value the worker runs at, once it has started; NICE_UNKNOWN before or when unreadable
  private volatile int runsAtNice = NICE_UNKNOWN;
  private static final int NICE_UNKNOWN = Integer.MIN_VALUE;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong workerFailures = new AtomicLong();
  private volatile boolean accepting = true;
  private volatile boolean stopping;
  private volatile long giveUpAtNanos;
  private boolean givingUp; // the worker's alone
  private volatile boolean workerStopped;
  private volatile String workerProblem;
  private volatile String sinkProblem;
  private volatile long sinkProblemNanos;
  private long lastErrorLogNanos = Long.MIN_VALUE;
  private long lastFailureLogNanos = Long.MIN_VALUE;

  /** An exchange and the bytes reserved for it in the queue's budget. */
  private record Queued(Exchange exchange, long bytes) {}

  /**
   * A compared pair whose verdict (or noise verdict) may still be pending. Identity matters: it is kept in a set and
   * settled exactly once (written, or dropped and counted), whichever thread notices first.
   */
  private static final class Pending {
    final Queued queued;
    final Answer primary;
    final Answer shadow;
    final Answer secondary;
    final PendingVerdict verdict;
    final PendingVerdict noise;
    private final AtomicBoolean settled = new AtomicBoolean();

    Pending(
        Queued queued,
        Answer primary,
        Answer shadow,
        Answer secondary,
        PendingVerdict verdict,
        PendingVerdict noise) {
      this.queued = queued;
      this.primary = primary;
      this.shadow = shadow;
      this.secondary = secondary;
      this.verdict = verdict;
      this.noise = noise;
    }

    boolean isDone() {
      return verdict.isDone() && (noise == null || noise.isDone());
    }

    void await() {
      verdict.await();
      if (noise != null) {
        noise.await();
      }
    }

    void giveUp() {
      verdict.giveUp();
      if (noise != null) {
        noise.giveUp();
      }
    }

    /** Runs {@code action} once both verdicts are known, on the thread that completes the last. */
    void whenDone(Runnable action) {
      AtomicInteger left = new AtomicInteger(noise == null ? 1 : 2);
      Runnable one =
          () -> {
            if (left.decrementAndGet() == 0) {
              action.run();
            }
          };
      verdict.whenDone(one);
      if (noise != null) {
        noise.whenDone(one);
      }
    }

    /** Whether this call is the one that settles the pair. */
    boolean settle() {
      return settled.compareAndSet(false, true);
    }
  }

  private RecordPipeline(Builder b) {
    this.capacity = b.capacity;
    this.slots = new Semaphore(b.capacity);
    this.awaitVerdicts = b.awaitVerdicts;
    this.queueBytes = new ByteBudget("record-queue-bytes", b.capacityBytes);
    this.comparator = b.comparator;
    this.sinks = List.copyOf(b.sinks);
    this.listener = b.listener;
    this.mapper = b.mapper;
    this.captureLimitBytes = b.captureLimitBytes;
    this.flushIntervalNanos = b.flushInterval.toNanos();
    this.nanoTime = b.nanoTime;
    this.workerNice = b.workerNice;
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
    if (!slots.tryAcquire()) {
      queueBytes.release(bytes);
      return drop(DropReason.QUEUE_FULL);
    }
    inbox.add(new Queued(exchange, bytes));
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
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      queueBytes.release(bytes);
      throw e;
    }
    inbox.add(new Queued(exchange, bytes));
  }

  /** Exchanges waiting for the worker. */
  public int queued() {
    return capacity - slots.availablePermits();
  }

  /** Compared pairs set aside until a slow comparator (the semantic one) completes their verdict. */
  public int pending() {
    return pendingCount.get();
  }

  /** Whether {@link #close} has begun: from then on {@link #offer} refuses every exchange. */
  public boolean closing() {
    return !accepting;
  }

  /** Pairs written without their slow measurement because the pipeline closed before it came. */
  public long givenUp() {
    return givenUp.get();
  }

  /** Bytes of the exchanges waiting for the worker and of the pairs set aside. */
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

  /** Exchanges dropped because the queue was full or closed, or the worker failed on them. */
  public long dropped() {
    return dropped.get();
  }

  /** Exchanges compared and handed to the sinks. */
  public long processed() {
    return processed.get();
  }

  private void runGuarded() {
    try {
      lowerPriority();
      run();
    } catch (Throwable fatal) {
      // should not happen (process() contains its own failures), but if it does, it must show
      workerProblem = describe(fatal);
      workerStopped = true;
      workerFailures.incrementAndGet();
      listener.workerFailed(fatal);
      log.error(
          "the record worker stopped; pairs are no longer recorded: {}", workerProblem, fatal);
      for (Pending p : pending) {
        if (p.settle()) {
          queueBytes.release(p.queued.bytes());
          drop(DropReason.WORKER_FAILED);
        }
      }
      pending.clear();
      pendingCount.set(0);
      discardInbox(DropReason.WORKER_FAILED);
    }
  }

  private void lowerPriority() {
    if (workerNice == 0) {
      try {
        runsAtNice = WorkerPriority.currentNice();
      } catch (IOException | RuntimeException notLinux) {
        runsAtNice = NICE_UNKNOWN;
      }
      return;
    }
    WorkerPriority.Outcome outcome = WorkerPriority.lowerCurrentThread(workerNice);
    runsAtNice = outcome.nice();
    if (!outcome.lowered()) {
      log.info(
          "the record worker keeps its normal priority ({}): when the cores are short it competes"
              + " with the event loops for them",
          outcome.problem());
    }
  }

  /**
   * The Linux nice value the worker thread runs at (see {@link Builder#workerNice}), or {@code NaN} before it has
   * started or where it cannot be read.
   */
  public double workerNice() {
    int nice = runsAtNice;
    return nice == NICE_UNKNOWN ? Double.NaN : nice;
  }

  // what is left in the inbox once the worker is gone: exchanges and completed pairs not yet
  // written
  private int discardInbox(DropReason reason) {
    int left = 0;
    for (Object o; (o = inbox.poll()) != null; ) {
      if (o instanceof Queued q) {
        queueBytes.release(q.bytes());
        drop(reason);
        left++;
      } else if (o instanceof Pending p && p.settle()) {
        queueBytes.release(p.queued.bytes());
        drop(reason);
        left++;
      }
    }
    return left;
  }

  private void run() {
    long lastFlush = nanoTime.getAsLong();
    boolean dirty = false;
    while (true) {
      Object next;
      boolean interrupted = false;
      try {
        next = inbox.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        // close() interrupts when its time is up: stop waiting for slow comparators, keep draining
        interrupted = true;
        next = inbox.poll();
      }
      long now = nanoTime.getAsLong();
      if (stopping && !givingUp && (interrupted || now - giveUpAtNanos >= 0)) {
        giveUpPending();
      }
      if (next instanceof Queued q) {
        slots.release();
        dirty |= begin(q);
      } else if (next instanceof Pending p) {
        pending.remove(p);
        pendingCount.decrementAndGet();
        finish(p);
        dirty = true;
      } else if (stopping && pending.isEmpty()) {
        break;
      }
      if (dirty && (next == null || now - lastFlush >= flushIntervalNanos)) {
        flushAll();
        dirty = false;
        lastFlush = now;
      }
    }
    flushAll();
  }

  /**
   * Compares an exchange; writes it when its verdict is known, else sets it aside until it is.
   *
   * @return whether a record was written
   */
  private boolean begin(Queued q) {
    Pending[] started = new Pending[1];
    if (!guarded(q.exchange(), () -> started[0] = compare(q))) {
      queueBytes.release(q.bytes());
      return false;
    }
    Pending p = started[0];
    if (!p.isDone()) {
      if (awaitVerdicts) {
        p.await();
      } else if (givingUp) {
        p.giveUp(); // completes at once, on this thread
        givenUp.incrementAndGet();
      }
    }
    if (p.isDone()) {
      finish(p);
      return true;
    }
    pending.add(p);
    pendingCount.incrementAndGet();
    // on the comparator's thread: only hand the pair back, the worker writes it
    p.whenDone(() -> inbox.add(p));
    return false;
  }

  private void giveUpPending() {
    givingUp = true;
    int waiting = 0;
    for (Pending p : List.copyOf(pending)) {
      if (!p.isDone()) {
        waiting++;
        p.giveUp(); // each completes on this thread and comes back through the inbox
      }
    }
    if (waiting > 0) {
      givenUp.addAndGet(waiting);
      log.warn(
          "{} pairs were still waiting for their semantic similarity when the records closed; they are"
              + " written without it",
          waiting);
    }
  }

  // One exchange's failure is that exchange's: a deeply nested body that overflows the stack, or an
  // allocation too large for the heap, loses that pair (counted) and the worker goes on.
  private boolean guarded(Exchange exchange, Runnable work) {
    try {
      work.run();
      return true;
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
    return false;
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

  private Pending compare(Queued q) {
    Exchange exchange = q.exchange();
    Answer primary = Answer.of(exchange.primary(), mapper, captureLimitBytes);
    Answer shadow = Answer.of(exchange.shadow(), mapper, captureLimitBytes, primary);
    PendingVerdict verdict = comparator.compareLater(exchange.request(), primary, shadow);
    Answer secondary = null;
    PendingVerdict noise = null;
    if (exchange.secondary() != null) {
      secondary = Answer.of(exchange.secondary(), mapper, captureLimitBytes, primary);
      // the same comparator on a second instance of the primary: what it finds there is the
      // primary's disagreement with itself, the noise the shadow's differences are weighed against
      if (primary.error() == null && secondary.error() == null) {
        noise = comparator.compareLater(exchange.request(), primary, secondary);
      }
    }
    return new Pending(q, primary, shadow, secondary, verdict, noise);
  }

  /** Writes a pair whose verdicts are known, once, and frees its bytes. */
  private void finish(Pending p) {
    if (!p.settle()) {
      return; // already dropped
    }
    try {
      guarded(p.queued.exchange(), () -> write(p));
    } finally {
      queueBytes.release(p.queued.bytes());
    }
  }

  private void write(Pending p) {
    ComparedExchange compared =
        new ComparedExchange(
            p.queued.exchange(),
            p.primary,
            p.shadow,
            p.verdict.verdict(),
            p.secondary,
            p.noise == null ? null : p.noise.verdict());
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
   * Stops accepting, lets the worker finish everything already queued and write the pairs waiting for a slow
   * comparator as they complete, then flushes and closes every sink. Pairs still waiting shortly before the timeout
   * (a second before it, or half of it when it is shorter than two seconds) are written without the slow measurement
   * and counted ({@link #givenUp()}).
   *
   * @param timeout how long to wait for the queue to drain before closing the sinks anyway
   * @return whether the queue drained in time (when not, the exchanges left are counted as dropped)
   */
  public boolean close(Duration timeout) {
    accepting = false;
    long reserve = Math.min(timeout.toNanos() / 2, TimeUnit.SECONDS.toNanos(1));
    giveUpAtNanos = nanoTime.getAsLong() + timeout.toNanos() - reserve;
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
    int left = discardInbox(DropReason.CLOSED);
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
    private boolean awaitVerdicts;
    private int workerNice;

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

    /**
     * Whether the worker waits for each verdict of a slow comparator before it takes the next exchange: for offline
     * work (replay), where every pair then gets its semantic similarity at the model's pace. Default {@code false}:
     * the worker sets such pairs aside and writes them when the comparator completes them.
     */
    public Builder awaitVerdicts(boolean await) {
      this.awaitVerdicts = await;
      return this;
    }

    /** The monotonic clock, in nanoseconds; tests may supply their own. */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = nanoTime;
      return this;
    }

    /**
     * The Linux nice value the worker thread takes when it starts, 0 to {@value WorkerPriority#MAX_NICE} (default 0:
     * the priority of the thread that starts it). Above 0, when the cores are short the kernel runs the threads
     * serving callers first and the worker gets what is left; its queue then fills and pairs are dropped and counted,
     * which is what a proxy wants. On idle cores it runs at full speed whatever the value. See {@link WorkerPriority}.
     */
    public Builder workerNice(int nice) {
      if (nice < 0 || nice > WorkerPriority.MAX_NICE) {
        throw new IllegalArgumentException(
            "the record worker's nice value must be 0 to " + WorkerPriority.MAX_NICE + ": " + nice);
      }
      this.workerNice = nice;
      return this;
    }

    public RecordPipeline start() {
      return new RecordPipeline(this);
    }
  }
}
