package dev.shadowpipeline.store.writer;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds and pacing of a {@link WindowWriter}. Immutable; {@code with...} methods return a changed copy.
 *
 * @param capacity most windows waiting to be written (a batch being written is held in addition)
 * @param batchSize most windows written in one transaction
 * @param initialBackoff wait after the first failed write; doubles after each further failure
 * @param maxBackoff longest wait between attempts during an outage
 */
public record WindowWriterOptions(
    int capacity, int batchSize, Duration initialBackoff, Duration maxBackoff) {

  public WindowWriterOptions {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive: " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must not be shorter than initialBackoff: "
              + maxBackoff
              + " < "
              + initialBackoff);
    }
  }

  /**
   * 10 000 windows (about a week of one proxy's one-minute windows), batches of 100, backoff from 500 ms to 30 s.
   */
  public static WindowWriterOptions defaults() {
    return new WindowWriterOptions(10_000, 100, Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  public WindowWriterOptions withCapacity(int newCapacity) {
    return new WindowWriterOptions(newCapacity, batchSize, initialBackoff, maxBackoff);
  }

  public WindowWriterOptions withBatchSize(int newBatchSize) {
    return new WindowWriterOptions(capacity, newBatchSize, initialBackoff, maxBackoff);
  }

  public WindowWriterOptions withBackoff(Duration newInitial, Duration newMax) {
    return new WindowWriterOptions(capacity, batchSize, newInitial, newMax);
  }
}
