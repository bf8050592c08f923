package dev.shadowpipeline.fleet.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.record.RecordTimes;
import dev.shadowpipeline.shadow.summary.WindowedSummaries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The history windows of a fleet's records: one series of per-minute windows per proxy (by the record's
 * {@code instance_id}, or the collector's own name for records without one), closed by the {@link Watermark}. A record
 * that comes for a window already closed is left out of the windows and counted ({@link #late()}): written again, that
 * window would replace the complete one in the database with this one record.
 */
final class FleetWindows implements RecordConsumer {

  /** At most this many series: a fleet of proxies, not one per request. */
  static final int MAX_INSTANCES = 1000;

  private final Duration width;
  private final Duration grace;
  private final Clock watermark;
  private final String fallbackInstance;
  private final BiConsumer<String, WindowedSummaries.Window> done;
  private final Map<String, WindowedSummaries> series = new LinkedHashMap<>();
  private Instant closedBefore;
  private final AtomicLong late = new AtomicLong();

  /**
   * @param closedBefore windows ending at or before this are written already (from the checkpoint); {@code null} for
   *     none
   */
  FleetWindows(
      Duration width,
      Duration grace,
      Clock watermark,
      String fallbackInstance,
      Instant closedBefore,
      BiConsumer<String, WindowedSummaries.Window> done) {
    this.width = width;
    this.grace = grace;
    this.watermark = watermark;
    this.fallbackInstance = fallbackInstance;
    this.closedBefore = closedBefore == null ? Instant.EPOCH : closedBefore;
    this.done = done;
  }

  @Override
  public void accept(ObjectNode record) {
    Instant time = RecordTimes.parse(record.path("time").asText(""));
    if (time == null) {
      time = watermark.instant();
    }
    long millis = width.toMillis();
    Instant end =
        Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), millis) * millis + millis);
    if (!end.isAfter(closedBefore)) {
      late.incrementAndGet();
      return;
    }
    seriesOf(instance(record)).accept(record);
  }

  private String instance(ObjectNode record) {
    JsonNode id = record.get("instance_id");
    String name = id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
    if (name == null || (!series.containsKey(name) && series.size() >= MAX_INSTANCES)) {
      return fallbackInstance;
    }
    return name;
  }

  private WindowedSummaries seriesOf(String instance) {
    return series.computeIfAbsent(
        instance, i -> new WindowedSummaries(width, grace, watermark, w -> done.accept(i, w)));
  }

  /** Hands on the windows the watermark has passed by the grace period. */
  @Override
  public void flush() {
    Instant cutoff = watermark.instant().minus(grace);
    for (WindowedSummaries s : series.values()) {
      s.flush();
    }
    if (cutoff.isAfter(closedBefore)) {
      closedBefore = cutoff;
    }
  }

  /** Hands on every open window, over or not (shutting down: they are written again, complete, after a restart). */
  @Override
  public void close() {
    for (WindowedSummaries s : series.values()) {
      s.close();
    }
  }

  /** Windows ending at or before this have been handed on. */
  Instant closedBefore() {
    return closedBefore;
  }

  /** Records left out of the windows because theirs was closed already; read from any thread. */
  long late() {
    return late.get();
  }
}
