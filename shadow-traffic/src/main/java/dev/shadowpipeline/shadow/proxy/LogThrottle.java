package dev.shadowpipeline.shadow.proxy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets a repeated warning through once per interval per key and counts the rest, so that an upstream that is down
 * for a minute writes a handful of lines instead of one per request.
 */
final class LogThrottle {

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  LogThrottle(long interval, TimeUnit unit, LongSupplier nanoTime) {
    this.intervalNanos = unit.toNanos(interval);
    this.nanoTime = nanoTime;
  }

  /**
   * Returns -1 when this occurrence of {@code key} should not be logged, else how many were suppressed since the last
   * one logged.
   */
  long admit(String key) {
    Window w = windows.computeIfAbsent(key, k -> new Window());
    long now = nanoTime.getAsLong();
    long last = w.lastLogged.get();
    if ((last == Long.MIN_VALUE || now - last >= intervalNanos)
        && w.lastLogged.compareAndSet(last, now)) {
      return w.suppressed.getAndSet(0);
    }
    w.suppressed.incrementAndGet();
    return -1;
  }

  private static final class Window {
    final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong suppressed = new AtomicLong();
  }
}
