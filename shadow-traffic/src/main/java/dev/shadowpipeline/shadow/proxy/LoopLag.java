package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * How far behind the proxy's event loops run: each loop sets a timer every {@link #PERIOD_MILLIS} ms and notes how
 * late it fired. A loop whose thread gets too little CPU (cores shared with the record worker, the models, the load)
 * fires late; that lateness is what every caller's next event waits for on top of its own work.
 *
 * <p>A loop's lag is the smallest lateness of its last {@link #TICKS} ticks: late on every tick for a while, that is,
 * short of CPU; one late tick alone (a garbage collection, a class loaded for the first request) is not, and shedding
 * records would not help it.
 */
final class LoopLag {

  static final long PERIOD_MILLIS = 10;
  static final int TICKS = 4;
  private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);

  private final LongSupplier nanoTime;
  private final int loops;
  // per loop: TICKS lateness values in a ring, and the tick count that picks the slot
  private final AtomicLongArray late;
  private final AtomicLongArray ticks;
  private final AtomicInteger registered = new AtomicInteger();

  /**
   * @param loops how many event loops will {@link #watch} (more are not measured)
   */
  LoopLag(int loops, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.loops = loops;
    this.late = new AtomicLongArray(loops * TICKS);
    this.ticks = new AtomicLongArray(loops);
  }

  /** Starts measuring the event loop of the calling verticle; call from its {@code start()}. */
  void watch(Vertx vertx) {
    int slot = registered.getAndIncrement();
    if (slot < loops) {
      schedule(vertx, slot, nanoTime.getAsLong() + PERIOD_NANOS);
    }
  }

  // a timer set again on each tick (not a periodic one, which catches up on missed ticks and would
  // hide lateness), on the verticle's own context and therefore its event loop
  private void schedule(Vertx vertx, int slot, long due) {
    vertx.setTimer(
        PERIOD_MILLIS,
        id -> {
          long now = nanoTime.getAsLong();
          long tick = ticks.get(slot);
          late.set(slot * TICKS + (int) (tick % TICKS), Math.max(0, now - due));
          ticks.set(slot, tick + 1);
          schedule(vertx, slot, now + PERIOD_NANOS);
        });
  }

  /**
   * The lag of the worst loop, in nanoseconds: per loop the smallest lateness of its last {@link #TICKS} ticks; 0
   * until a loop has ticked that often.
   */
  long lagNanos() {
    long worst = 0;
    int watched = Math.min(registered.get(), loops);
    for (int i = 0; i < watched; i++) {
      if (ticks.get(i) < TICKS) {
        continue;
      }
      long least = Long.MAX_VALUE;
      for (int t = 0; t < TICKS; t++) {
        least = Math.min(least, late.get(i * TICKS + t));
      }
      worst = Math.max(worst, least);
    }
    return worst;
  }
}
