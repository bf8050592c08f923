package dev.shadowpipeline.shadow.proxy;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts shadow requests in flight and refuses more than the limit, without ever blocking. */
final class InFlightLimit {

  private final int max;
  private final AtomicInteger current = new AtomicInteger();

  InFlightLimit(int max) {
    this.max = max;
  }

  boolean tryAcquire() {
    while (true) {
      int n = current.get();
      if (n >= max) {
        return false;
      }
      if (current.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void release() {
    current.decrementAndGet();
  }

  int current() {
    return current.get();
  }
}
