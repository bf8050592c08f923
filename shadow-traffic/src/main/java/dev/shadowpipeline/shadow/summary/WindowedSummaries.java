package dev.shadowpipeline.shadow.summary;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.record.RecordTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Aggregates records per fixed time window (by the record's time) and hands each window's summary on once it is
 * over — to be kept in the history store, where months of windows show how the comparison moves. A window closes when
 * the clock has passed its end by a grace period (late records of a slow shadow still count), or at the end of the run.
 *
 * <p>Called from the record worker only. The callback runs there too and must not block (the store's writer only
 * queues). At most a few windows are open at once: a record older than every open window opens its own, and windows
 * close as time passes. A record whose window was handed on already (later than the grace period) is left out of the
 * windows and counted ({@link #lateRecords()}): opening its window again would hand on a second, partial window with
 * the same start, which the store's upsert would put in place of the complete one.
 */
public final class WindowedSummaries implements RecordConsumer {

  /**
   * A finished window.
   *
   * @param start inclusive start
   * @param end exclusive end
   * @param summary the aggregates of the records in it
   */
  public record Window(Instant start, Instant end, ComparisonSummary summary) {}

  private final Duration width;
  private final Duration grace;
  private final Clock clock;
  private final Consumer<Window> done;
  private final TreeMap<Instant, ComparisonAggregator> open = new TreeMap<>();
  private final AtomicLong late = new AtomicLong();

  /** Windows ending at or before this have been handed on. */
  private Instant closedBefore = Instant.MIN;

  /**
   * @param width window length, e.g. one minute
   * @param grace how long after its end a window waits for late records
   * @param done receives each finished window
   */
  public WindowedSummaries(Duration width, Duration grace, Clock clock, Consumer<Window> done) {
    if (width.isZero() || width.isNegative()) {
      throw new IllegalArgumentException("window width must be positive: " + width);
    }
    this.width = width;
    this.grace = grace;
    this.clock = clock;
    this.done = done;
  }

  @Override
  public void accept(ObjectNode record) {
    Instant time = RecordTimes.parse(record.path("time").asText(""));
    if (time == null) {
      time = clock.instant();
    }
    long millis = width.toMillis();
    Instant start = Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), millis) * millis);
    if (!start.plus(width).isAfter(closedBefore)) {
      late.incrementAndGet();
      return;
    }
    open.computeIfAbsent(start, s -> new ComparisonAggregator()).accept(record);
  }

  /** Hands on the windows that are over. */
  @Override
  public void flush() {
    Instant cutoff = clock.instant().minus(grace);
    for (Iterator<Map.Entry<Instant, ComparisonAggregator>> it = open.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<Instant, ComparisonAggregator> e = it.next();
      Instant end = e.getKey().plus(width);
      if (end.isAfter(cutoff)) {
        break;
      }
      it.remove();
      done.accept(new Window(e.getKey(), end, e.getValue().summary()));
    }
    if (cutoff.isAfter(closedBefore)) {
      closedBefore = cutoff;
    }
  }

  /** Records left out of the windows because theirs had been handed on; read from any thread. */
  public long lateRecords() {
    return late.get();
  }

  /** Hands on every open window, finished or not: the run is over. */
  @Override
  public void close() {
    while (!open.isEmpty()) {
      Map.Entry<Instant, ComparisonAggregator> e = open.pollFirstEntry();
      done.accept(new Window(e.getKey(), e.getKey().plus(width), e.getValue().summary()));
    }
  }

  @Override
  public String toString() {
    return "comparison windows of " + width;
  }
}
