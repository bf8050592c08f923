package dev.shadowpipeline.shadow.proxy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps recording from taking the event loops' CPU when there is too little of it: while the loops lag more than
 * {@code --shed-lag} ({@link LoopLag}: late on several ticks in a row, not once), and for {@link #HOLD_MILLIS} ms after, only one finished pair in
 * {@link #KEEP_ONE_IN} is handed to the record worker; the others are shed — neither compared nor written — and
 * counted ({@link #shed()}, metric {@code shadow.records.shed}, {@code drops.shed} of the proxy's row in
 * {@code summary.json}), so that the comparison is known to be a sample. The caller's answer is never affected:
 * shedding happens after it was relayed. A threshold of zero turns shedding off.
 */
final class RecordShedding implements MeterBinder {

  /** Of the pairs finished while the loops lag, one in this many is still compared and recorded. */
  static final int KEEP_ONE_IN = 10;

  /** Shedding goes on this long after the lag was last seen above the threshold, so it does not flap. */
  static final long HOLD_MILLIS = 500;

  private static final Logger log = LoggerFactory.getLogger(RecordShedding.class);
  private static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(HOLD_MILLIS);
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final LoopLag lag;
  private final long thresholdNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong finished = new AtomicLong();
  private final AtomicLong shed = new AtomicLong();
  private final AtomicLong lastOverNanos = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong lastLogNanos = new AtomicLong(Long.MIN_VALUE);

  RecordShedding(LoopLag lag, Duration threshold, LongSupplier nanoTime) {
    this.lag = lag;
    this.thresholdNanos = threshold.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Whether this finished pair is shed instead of recorded; called on an event loop, once per pair, and cheap (a few
   * volatile reads). A shed pair is counted here.
   */
  boolean shed() {
    if (thresholdNanos <= 0) {
      return false;
    }
    long now = nanoTime.getAsLong();
    long lagNanos = lag.lagNanos();
    if (lagNanos > thresholdNanos) {
      lastOverNanos.set(now);
    }
    long lastOver = lastOverNanos.get();
    if (lastOver == Long.MIN_VALUE || now - lastOver > HOLD_NANOS) {
      return false;
    }
    if (finished.incrementAndGet() % KEEP_ONE_IN == 0) {
      return false;
    }
    long total = shed.incrementAndGet();
    long lastLog = lastLogNanos.get();
    if ((lastLog == Long.MIN_VALUE || now - lastLog >= LOG_INTERVAL_NANOS)
        && lastLogNanos.compareAndSet(lastLog, now)) {
      log.warn(
          "event loops lag {} ms (over --shed-lag {} ms): only 1 pair in {} is compared and recorded;"
              + " {} shed so far (drops.shed in summary.json)",
          lagNanos / 1_000_000,
          thresholdNanos / 1_000_000,
          KEEP_ONE_IN,
          total);
    }
    return true;
  }

  /** Pairs shed so far. */
  long shedCount() {
    return shed.get();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("shadow.records.shed", shed, AtomicLong::get)
        .description(
            "Finished pairs neither compared nor recorded because the event loops lagged over --shed-lag"
                + " (one in "
                + KEEP_ONE_IN
                + " is still recorded)")
        .register(registry);
    Gauge.builder("shadow.eventloop.lag", lag, l -> l.lagNanos() / 1e9)
        .description("How late the event loops run their timers now, the largest over the loops")
        .baseUnit("seconds")
        .register(registry);
  }
}
