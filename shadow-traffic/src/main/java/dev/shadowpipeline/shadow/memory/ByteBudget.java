package dev.shadowpipeline.shadow.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A number of bytes shared by many threads. A reservation either fits under the limit and is granted, or is refused
 * at once: nothing ever waits on the caller's path. What is reserved must be released exactly once.
 *
 * <pre>{@code
 * if (budget.tryReserve(body.length)) {
 *   try { ... } finally { budget.release(body.length); }
 * } else {
 *   droppedForMemory.increment();
 * }
 * }</pre>
 */
public final class ByteBudget {

  private final String name;
  private final long limit;
  private final AtomicLong used = new AtomicLong();
  private final Object waiters = new Object();

  /**
   * @param name what the bytes are for, in messages and metrics (e.g. {@code record-queue})
   * @param limit the most bytes reserved at once, at least 1
   */
  public ByteBudget(String name, long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 byte: " + limit);
    }
    this.name = name;
    this.limit = limit;
  }

  /** Reserves {@code bytes} if they fit under the limit; never blocks. */
  public boolean tryReserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative reservation: " + bytes);
    }
    while (true) {
      long current = used.get();
      long next = current + bytes;
      if (next > limit) {
        return false;
      }
      if (used.compareAndSet(current, next)) {
        return true;
      }
    }
  }

  /**
   * Reserves {@code bytes}, waiting until they fit. Only for offline work (replay, regress) where the producer may be
   * slowed down; a reservation larger than the whole limit is granted when nothing else is reserved, so that one large
   * item cannot wait forever.
   */
  public void reserve(long bytes) throws InterruptedException {
    while (!tryReserve(bytes)) {
      synchronized (waiters) {
        if (bytes > limit && used.compareAndSet(0, bytes)) {
          return;
        }
        if (!tryReserve(bytes)) {
          waiters.wait(10);
        } else {
          return;
        }
      }
    }
  }

  /** Gives back bytes reserved earlier. */
  public void release(long bytes) {
    if (bytes == 0) {
      return;
    }
    long after = used.addAndGet(-bytes);
    if (after < 0) {
      throw new IllegalStateException(name + ": released more than was reserved (" + after + ")");
    }
    synchronized (waiters) {
      waiters.notifyAll();
    }
  }

  /** Bytes reserved now. */
  public long used() {
    return used.get();
  }

  /** The most bytes reserved at once. */
  public long limit() {
    return limit;
  }

  /** What the bytes are for. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name + " " + used.get() + "/" + limit + " bytes";
  }
}
