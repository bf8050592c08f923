package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The deadlines of the calls one event loop has in flight, looked at together by one timer instead of a timer each.
 *
 * <p>A timer per call costs the loop a timer object, an entry in Vert.x's timer map and one in Netty's scheduled-task
 * heap when it is set, and the same work again to cancel it when the call ends: eight times per forwarded request
 * (the head and the idle deadline of the primary's call and of the copy's), and with a slow shadow a heap of a
 * thousand entries kept in order. Nearly every call ends long before its deadline. Here a call joins this loop's list
 * when its clock starts and leaves it when it ends, both in constant time and without allocating, and one timer, set
 * only while the list is not empty, checks every call each tick. A deadline is therefore noticed up to one tick after
 * it passed; the tick is a tenth of the shortest deadline configured, from 1 to 100 ms.
 *
 * <p>Confined to its event loop.
 */
final class DeadlineSweep {

  static final long MIN_TICK_MILLIS = 1;
  static final long MAX_TICK_MILLIS = 100;

  private final Vertx vertx;
  private final long tickMillis;
  private final LongSupplier nanoTime;
  private final Handler<Long> onTick = id -> tick();
  private StreamDeadline[] calls = new StreamDeadline[16];
  private int size;
  private boolean armed;
  private long ticks;

  /**
   * @param vertx the Vert.x whose event loop this list belongs to: its timer is set from that loop
   * @param tickMillis how often the calls are checked while there are any
   * @param nanoTime the clock the deadlines are measured with
   */
  DeadlineSweep(Vertx vertx, long tickMillis, LongSupplier nanoTime) {
    this.vertx = vertx;
    this.tickMillis = Math.max(MIN_TICK_MILLIS, Math.min(MAX_TICK_MILLIS, tickMillis));
    this.nanoTime = nanoTime;
  }

  /** The list for one of the proxy's event loops: its tick is a tenth of the config's shortest deadline. */
  static DeadlineSweep forLoop(Vertx vertx, ProxyConfig config, LongSupplier nanoTime) {
    return new DeadlineSweep(vertx, tickMillis(config), nanoTime);
  }

  /** A tenth of the shortest deadline a call of this proxy can have, within [1, 100] ms. */
  static long tickMillis(ProxyConfig config) {
    long shortest =
        min(
            config.primaryTimeout(),
            config.primaryIdleTimeout(),
            config.shadowTimeout(),
            config.shadowIdleTimeout());
    if (!config.shadowMaxDuration().isZero()) {
      shortest = Math.min(shortest, config.shadowMaxDuration().toMillis());
    }
    return Math.max(MIN_TICK_MILLIS, Math.min(MAX_TICK_MILLIS, shortest / 10));
  }

  private static long min(Duration... durations) {
    long min = Long.MAX_VALUE;
    for (Duration d : durations) {
      min = Math.min(min, d.toMillis());
    }
    return min;
  }

  long tickMillis() {
    return tickMillis;
  }

  /** The clock its deadlines use. */
  long now() {
    return nanoTime.getAsLong();
  }

  /** Calls being watched. */
  int size() {
    return size;
  }

  /** Ticks run so far. */
  long ticks() {
    return ticks;
  }

  /** Starts watching a call; it stays until {@link #remove} (at its end, or when its deadline passed). */
  void add(StreamDeadline call) {
    if (call.sweepIndex >= 0) {
      return;
    }
    if (size == calls.length) {
      calls = Arrays.copyOf(calls, size * 2);
    }
    call.sweepIndex = size;
    calls[size++] = call;
    if (!armed) {
      armed = true;
      vertx.setTimer(tickMillis, onTick);
    }
  }

  /** Stops watching a call: the last one takes its place. */
  void remove(StreamDeadline call) {
    int i = call.sweepIndex;
    if (i < 0) {
      return;
    }
    StreamDeadline last = calls[--size];
    calls[i] = last;
    last.sweepIndex = i;
    calls[size] = null;
    call.sweepIndex = -1;
  }

  // From the end down: a call that ends during the check (its deadline passed, its request was
  // reset and its handlers ran) is replaced by the last one, which has been looked at already; so
  // is
  // any other call that ends meanwhile. None is skipped; some are looked at twice, which changes
  // nothing.
  private void tick() {
    armed = false;
    long now = nanoTime.getAsLong();
    for (int i = size - 1; i >= 0; i--) {
      if (i < size) {
        calls[i].check(now);
      }
    }
    ticks++;
    if (size > 0) {
      armed = true;
      vertx.setTimer(tickMillis, onTick);
    }
  }
}
