package dev.shadowpipeline.store.writer;

import dev.shadowpipeline.store.ComparisonWindow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes comparison windows from one background thread so that the proxy never waits for the database.
 *
 * <p>{@link #offer} never waits for the database or for space: windows go into a bounded buffer. When the buffer
 * is full the <em>oldest</em> waiting window is dropped and counted: during a long outage the newest windows say
 * most about the shadow as it is now (the dashboard's current status and a promotion gate read the latest
 * windows), while old windows only thin out history that is already summarised elsewhere (records files,
 * metrics).
 *
 * <p>When a write fails the batch goes back to the front of the buffer and is retried with exponential backoff;
 * the first failure of an outage, drops, and the recovery are logged (not every retry). {@link #close(Duration)}
 * stops accepting windows and keeps writing until the buffer is empty or the timeout passes; what is left is
 * counted as dropped.
 */
public final class WindowWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WindowWriter.class);
  private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final WindowSink sink;
  private final WindowWriterOptions options;
  private final Thread thread;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  // guarded by lock
  private final ArrayDeque<ComparisonWindow> buffer = new ArrayDeque<>();
  private int inFlight;
  private boolean closing;
  private long closeDeadlineNanos;

  private final AtomicLong offered = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong droppedSinceLog = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private volatile boolean sinkAvailable = true;
  private volatile boolean lastDrainComplete = true;

  private WindowWriter(WindowSink sink, WindowWriterOptions options, String threadName) {
    this.sink = sink;
    this.options = options;
    this.thread = new Thread(this::run, threadName);
    // a stuck database must never keep the JVM alive after the proxy has shut down
    this.thread.setDaemon(true);
  }

  /** Starts a writer with its background thread. */
  public static WindowWriter start(WindowSink sink, WindowWriterOptions options) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(options, "options");
    WindowWriter writer = new WindowWriter(sink, options, "shadow-window-writer");
    writer.thread.start();
    return writer;
  }

  /**
   * Queues a window for writing; returns at once.
   *
   * @return false when the writer is closed (the window is counted as dropped)
   */
  public boolean offer(ComparisonWindow window) {
    Objects.requireNonNull(window, "window");
    offered.incrementAndGet();
    lock.lock();
    try {
      if (closing) {
        countDropped(1);
        return false;
      }
      buffer.addLast(window);
      trimToCapacity();
      wake.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** A snapshot of the counters. */
  public WriterStats stats() {
    int waiting;
    lock.lock();
    try {
      waiting = buffer.size() + inFlight;
    } finally {
      lock.unlock();
    }
    return new WriterStats(
        offered.get(), written.get(), dropped.get(), waiting, failedAttempts.get(), sinkAvailable);
  }

  /** Closes with a 10 s drain timeout. */
  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  /**
   * Stops accepting windows and waits up to {@code timeout} for the buffer to be written.
   *
   * @return true when every accepted window was written
   */
  public boolean close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    lock.lock();
    try {
      if (!closing) {
        closing = true;
        closeDeadlineNanos = System.nanoTime() + timeout.toNanos();
      }
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(Math.max(1, timeout.toMillis() + 100));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      // the sink is stuck in a write longer than the timeout; give up on it
      thread.interrupt();
      int left = stats().buffered();
      LOG.warn(
          "window writer closed with {} window(s) unwritten: the database did not answer within {}",
          left,
          timeout);
      return false;
    }
    return stats().buffered() == 0 && lastDrainComplete;
  }

  private void run() {
    Duration backoff = options.initialBackoff();
    long failuresThisOutage = 0;
    long outageStartNanos = 0;
    while (true) {
      List<ComparisonWindow> batch = nextBatch();
      if (batch == null) {
        return;
      }
      try {
        sink.write(batch);
        written.addAndGet(batch.size());
        finishBatch(null);
        if (failuresThisOutage > 0) {
          LOG.info(
              "window writes resumed after {} failed attempt(s) over {} s; {} window(s) dropped so far",
              failuresThisOutage,
              TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageStartNanos),
              dropped.get());
        }
        failuresThisOutage = 0;
        backoff = options.initialBackoff();
        sinkAvailable = true;
      } catch (Exception e) {
        failedAttempts.incrementAndGet();
        sinkAvailable = false;
        if (failuresThisOutage++ == 0) {
          outageStartNanos = System.nanoTime();
          LOG.warn(
              "cannot write comparison windows, buffering up to {} and retrying: {}",
              options.capacity(),
              e.getMessage());
        } else {
          LOG.debug("window write attempt {} failed: {}", failuresThisOutage, e.getMessage());
        }
        finishBatch(batch);
        logDrops();
        if (!pause(backoff)) {
          abandonBuffer();
          return;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(options.maxBackoff()) > 0
                ? options.maxBackoff()
                : backoff.multipliedBy(2);
      }
      logDrops();
    }
  }

  /** Waits for windows; null when closing and nothing is left. */
  private List<ComparisonWindow> nextBatch() {
    lock.lock();
    try {
      while (buffer.isEmpty()) {
        if (closing) {
          return null;
        }
        wake.awaitUninterruptibly();
      }
      List<ComparisonWindow> batch = new ArrayList<>(Math.min(buffer.size(), options.batchSize()));
      while (!buffer.isEmpty() && batch.size() < options.batchSize()) {
        batch.add(buffer.pollFirst());
      }
      inFlight = batch.size();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the in-flight batch; a failed one goes back to the front, and the buffer is trimmed again. */
  private void finishBatch(List<ComparisonWindow> failed) {
    lock.lock();
    try {
      inFlight = 0;
      if (failed != null) {
        for (int i = failed.size() - 1; i >= 0; i--) {
          buffer.addFirst(failed.get(i));
        }
        trimToCapacity();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Sleeps for the backoff, cut short by the close deadline; false when the deadline has passed. */
  private boolean pause(Duration backoff) {
    lock.lock();
    try {
      long waitNanos = backoff.toNanos();
      if (closing) {
        long remaining = closeDeadlineNanos - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        waitNanos = Math.min(waitNanos, remaining);
      }
      long end = System.nanoTime() + waitNanos;
      long left = waitNanos;
      while (left > 0) {
        try {
          // close() signals this condition; a close during an outage shortens the wait to its
          // deadline
          wake.awaitNanos(left);
        } catch (InterruptedException e) {
          return false;
        }
        if (closing) {
          long remaining = closeDeadlineNanos - System.nanoTime();
          if (remaining <= 0) {
            return false;
          }
          end = Math.min(end, closeDeadlineNanos);
        }
        left = end - System.nanoTime();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void abandonBuffer() {
    int left;
    lock.lock();
    try {
      left = buffer.size();
      buffer.clear();
    } finally {
      lock.unlock();
    }
    lastDrainComplete = left == 0;
    if (left > 0) {
      countDropped(left);
      LOG.warn(
          "window writer closed with {} window(s) unwritten: the database stayed unavailable",
          left);
    }
  }

  // caller holds lock
  private void trimToCapacity() {
    int excess = buffer.size() - options.capacity();
    for (int i = 0; i < excess; i++) {
      buffer.pollFirst();
    }
    if (excess > 0) {
      countDropped(excess);
    }
  }

  private void countDropped(int count) {
    dropped.addAndGet(count);
    droppedSinceLog.addAndGet(count);
  }

  private void logDrops() {
    long recent = droppedSinceLog.getAndSet(0);
    if (recent > 0) {
      LOG.warn(
          "dropped {} comparison window(s) (total {}): buffer of {} full while the database is unavailable",
          recent,
          dropped.get(),
          options.capacity());
    }
  }
}
