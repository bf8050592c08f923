package dev.shadowpipeline.shadow.metrics;

import dev.shadowpipeline.shadow.compare.Difference;
import dev.shadowpipeline.shadow.compare.DifferenceKind;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.record.ComparedExchange;
import dev.shadowpipeline.shadow.record.PipelineListener;
import dev.shadowpipeline.shadow.record.PipelineListener.DropReason;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Every number the proxy publishes. Meters are created up front, so the hot path only increments; histograms are
 * HdrHistogram-backed and wait-free. Safe to call from any thread.
 */
public final class ProxyMetrics implements PipelineListener {

  /** Why a request was not mirrored although it could have been. */
  public enum SkipReason {
    SAMPLING,
    METHOD,
    PAUSED
  }

  /** How a caller's request ended, as far as the proxy is concerned. */
  public enum RequestResult {
    FORWARDED,
    TOO_LARGE,
    PRIMARY_UNREACHABLE,
    PRIMARY_TIMEOUT,
    OVERLOADED,
    TUNNELED
  }

  /** What became of the secondary's copy of a mirrored request (the noise baseline). */
  public enum SecondaryOutcome {
    /** Sent to the secondary. */
    SENT,
    /** Not chosen by {@code --secondary-sample-rate}. */
    SKIPPED,
    /** Too many secondary requests in flight. */
    DROPPED_IN_FLIGHT_LIMIT,
    /** The in-flight byte bound could not hold the request copy or the secondary's answer. */
    DROPPED_MEMORY
  }

  private static final Duration MAX_EXPECTED = Duration.ofSeconds(60);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<RequestResult, Counter> requests = new EnumMap<>(RequestResult.class);
  private final Map<SkipReason, Counter> skipped = new EnumMap<>(SkipReason.class);
  private final Map<ErrorKind, Counter> shadowFailures = new EnumMap<>(ErrorKind.class);
  private final Map<DifferenceKind, Counter> differences = new EnumMap<>(DifferenceKind.class);
  private final Counter mirrored;
  private final Map<SecondaryOutcome, Counter> secondaryCopies =
      new EnumMap<>(SecondaryOutcome.class);
  private final Map<ErrorKind, Counter> secondaryFailures = new EnumMap<>(ErrorKind.class);
  private final Map<ErrorKind, Counter> shadowUpstreamFailures = new EnumMap<>(ErrorKind.class);
  private final Timer secondaryTimer;
  private final Counter dropped;
  private final Counter droppedForMemory;
  private final Counter matches;
  private final Counter mismatches;
  private final Map<DropReason, Counter> recordDrops = new EnumMap<>(DropReason.class);
  private final Counter workerFailures;
  private final Counter sinkErrors;
  private final Timer primaryTimer;
  private final Timer shadowTimer;
  private final DistributionSummary shadowSlower;
  private final DistributionSummary shadowFaster;
  private final LatencyHistogram primaryLatency = new LatencyHistogram();
  private final LatencyHistogram shadowLatency = new LatencyHistogram();
  private final SignedLatencyHistogram latencyDelta = new SignedLatencyHistogram();
  private final LlmMetrics llm = new LlmMetrics(registry);

  /**
   * Creates every counter and distribution. The gauges of parts built later (the record queue is built with these
   * metrics as its listener) are published with {@link #shadowCopiesInFlight}, {@link #recordQueue} and
   * {@link #memoryPool} once those parts exist.
   */
  public ProxyMetrics() {
    for (RequestResult r : RequestResult.values()) {
      requests.put(
          r,
          Counter.builder("shadow.requests")
              .description("Requests received from callers, by result")
              .tag("result", r.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
    for (SkipReason r : SkipReason.values()) {
      skipped.put(
          r,
          Counter.builder("shadow.copies.skipped")
              .description("Requests not mirrored, by policy")
              .tag("reason", r.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
    for (ErrorKind k : ErrorKind.values()) {
      shadowFailures.put(
          k,
          Counter.builder("shadow.copies.failed")
              .description("Shadow copies that got no complete answer, by error (timeout included)")
              .tag("error", k.label())
              .register(registry));
    }
    for (DifferenceKind k : DifferenceKind.values()) {
      differences.put(
          k,
          Counter.builder("shadow.differences")
              .description("Differences found between the answers, by kind (at most 20 per pair)")
              .tag("kind", k.label())
              .register(registry));
    }
    for (SecondaryOutcome o : SecondaryOutcome.values()) {
      secondaryCopies.put(
          o,
          Counter.builder("shadow.secondary.copies")
              .description(
                  "Copies of mirrored requests for the secondary (the noise baseline), by outcome")
              .tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
    for (ErrorKind k : ErrorKind.values()) {
      shadowUpstreamFailures.put(k, upstreamFailures("shadow", k));
      secondaryFailures.put(k, upstreamFailures("secondary", k));
    }
    mirrored =
        Counter.builder("shadow.copies.mirrored")
            .description("Copies sent to the shadow")
            .register(registry);
    dropped =
        Counter.builder("shadow.copies.dropped")
            .description(
                "Copies not sent to the shadow: too many in flight, or over the in-flight byte bound")
            .tag("reason", "in_flight_limit")
            .register(registry);
    droppedForMemory =
        Counter.builder("shadow.copies.dropped")
            .description(
                "Copies not sent to the shadow: too many in flight, or over the in-flight byte bound")
            .tag("reason", "memory")
            .register(registry);
    matches =
        Counter.builder("shadow.comparisons")
            .tag("verdict", "match")
            .description("Compared pairs, by verdict")
            .register(registry);
    mismatches =
        Counter.builder("shadow.comparisons")
            .tag("verdict", "mismatch")
            .description("Compared pairs, by verdict")
            .register(registry);
    for (DropReason r : DropReason.values()) {
      recordDrops.put(
          r,
          Counter.builder("shadow.records.dropped")
              .description(
                  "Compared pairs not recorded: queue full (count or bytes), closing, or the worker failed")
              .tag("reason", r.label())
              .register(registry));
    }
    workerFailures =
        Counter.builder("shadow.records.worker.failures")
            .description(
                "Errors of the record worker that were not about one pair (e.g. out of memory)")
            .register(registry);
    sinkErrors =
        Counter.builder("shadow.records.write.errors")
            .description("Failed writes to a record sink")
            .register(registry);
    primaryTimer = latencyTimer("primary");
    shadowTimer = latencyTimer("shadow");
    secondaryTimer = latencyTimer("secondary");
    shadowSlower = deltaSummary("shadow_slower");
    shadowFaster = deltaSummary("shadow_faster");
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
  }

  private Timer latencyTimer(String side) {
    return Timer.builder("shadow.upstream.latency")
        .description("Time from sending a request upstream to the last byte of its answer")
        .tag("side", side)
        .publishPercentileHistogram()
        .maximumExpectedValue(MAX_EXPECTED)
        .register(registry);
  }

  private Counter upstreamFailures(String side, ErrorKind kind) {
    return Counter.builder("shadow.upstream.failures")
        .description("Copies that got no complete answer, by upstream and error (timeout included)")
        .tag("side", side)
        .tag("error", kind.label())
        .register(registry);
  }

  private DistributionSummary deltaSummary(String direction) {
    return DistributionSummary.builder("shadow.latency.delta")
        .description(
            "How much slower (or faster) the shadow answered than the primary, per mirrored pair")
        .baseUnit("seconds")
        .tag("direction", direction)
        .publishPercentileHistogram()
        .minimumExpectedValue(0.0001)
        .maximumExpectedValue(60.0)
        .register(registry);
  }

  public void request(RequestResult result) {
    requests.get(result).increment();
  }

  public void skipped(SkipReason reason) {
    skipped.get(reason).increment();
  }

  public void mirrored() {
    mirrored.increment();
  }

  public void droppedInFlightLimit() {
    dropped.increment();
  }

  /** A copy was not sent because the in-flight byte bound could not hold its request body. */
  public void droppedForMemory() {
    droppedForMemory.increment();
  }

  /** Publishes the number of shadow requests waiting for an answer, as {@code shadow_copies_in_flight}. */
  public void shadowCopiesInFlight(IntSupplier inFlight) {
    Gauge.builder("shadow.copies.in.flight", inFlight::getAsInt)
        .description("Shadow requests waiting for an answer")
        .register(registry);
  }

  /** Publishes the depth of the record queue, as {@code shadow_records_queued}. */
  public void recordQueue(IntSupplier depth) {
    Gauge.builder("shadow.records.queued", depth::getAsInt)
        .description("Exchanges waiting to be compared and written")
        .register(registry);
  }

  /**
   * Publishes the Linux nice value the record worker runs at ({@code --record-nice}), as
   * {@code shadow_record_worker_nice}; NaN where it cannot be read.
   */
  public void recordWorkerNice(DoubleSupplier nice) {
    Gauge.builder("shadow.record.worker.nice", nice::getAsDouble)
        .description(
            "The Linux nice value of the thread that compares and records pairs (--record-nice):"
                + " above the event loops' 0, it yields the cores to them when they are short")
        .register(registry);
  }

  /**
   * Publishes how many compared pairs wait for a slow comparator (the semantic model) before they are written, as
   * {@code shadow_records_pending}.
   */
  public void recordsPending(IntSupplier pending) {
    Gauge.builder("shadow.records.pending", pending::getAsInt)
        .description("Compared pairs waiting for their semantic similarity before they are written")
        .register(registry);
  }

  /**
   * Publishes how many bytes a bounded pool holds and may hold, as {@code shadow_memory_used_bytes{pool}} and
   * {@code shadow_memory_limit_bytes{pool}}.
   */
  public void memoryPool(String pool, LongSupplier used, long limit) {
    Gauge.builder("shadow.memory.used", used::getAsLong)
        .baseUnit("bytes")
        .tag("pool", pool)
        .description("Bytes held by a bounded pool of the proxy")
        .register(registry);
    Gauge.builder("shadow.memory.limit", () -> limit)
        .baseUnit("bytes")
        .tag("pool", pool)
        .description("Most bytes a bounded pool of the proxy may hold")
        .register(registry);
  }

  public void primaryLatency(long nanos) {
    primaryTimer.record(nanos, TimeUnit.NANOSECONDS);
    primaryLatency.recordNanos(nanos);
  }

  /** The shadow's outcome: its latency, or the error that ended it. */
  public void shadowOutcome(long nanos, ErrorKind error) {
    if (error == null) {
      shadowTimer.record(nanos, TimeUnit.NANOSECONDS);
      shadowLatency.recordNanos(nanos);
    } else {
      shadowFailures.get(error).increment();
      shadowUpstreamFailures.get(error).increment();
    }
  }

  /** The secondary's outcome: its latency, or the error that ended it. */
  public void secondaryOutcome(long nanos, ErrorKind error) {
    if (error == null) {
      secondaryTimer.record(nanos, TimeUnit.NANOSECONDS);
    } else {
      secondaryFailures.get(error).increment();
    }
  }

  /** Counts what became of a secondary copy. */
  public void secondary(SecondaryOutcome outcome) {
    secondaryCopies.get(outcome).increment();
  }

  /** Publishes the number of secondary requests waiting for an answer, as {@code shadow_secondary_in_flight}. */
  public void secondaryCopiesInFlight(IntSupplier inFlight) {
    Gauge.builder("shadow.secondary.in.flight", inFlight::getAsInt)
        .description("Secondary requests (the noise baseline) waiting for an answer")
        .register(registry);
  }

  @Override
  public void compared(ComparedExchange exchange) {
    (exchange.verdict().agrees() ? matches : mismatches).increment();
    for (Difference d : exchange.verdict().differences()) {
      differences.get(d.kind()).increment();
    }
    if (exchange.primary().error() == null && exchange.shadow().error() == null) {
      long delta = exchange.exchange().latencyDeltaNanos();
      latencyDelta.recordNanos(delta);
      (delta >= 0 ? shadowSlower : shadowFaster).record(Math.abs(delta) / 1e9);
    }
  }

  @Override
  public void dropped(DropReason reason) {
    recordDrops.get(reason).increment();
  }

  @Override
  public void workerFailed(Throwable error) {
    workerFailures.increment();
  }

  @Override
  public void sinkFailed(String sink, Exception error) {
    sinkErrors.increment();
  }

  /** The registry behind {@link #scrape()}, for meters of parts beside the proxy (the judge, the semantic engine). */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * The consumer of records that publishes their LLM answers (time to first token, token usage, cost) under the
   * OpenTelemetry GenAI names; hand it to the record pipeline's consumers.
   */
  public RecordConsumer llmRecords() {
    return llm;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** The counters and distributions so far. */
  public ProxyStats stats() {
    long failures = 0;
    for (Map.Entry<ErrorKind, Counter> e : shadowFailures.entrySet()) {
      if (e.getKey() != ErrorKind.TIMEOUT) {
        failures += (long) e.getValue().count();
      }
    }
    long skippedTotal = 0;
    for (Counter c : skipped.values()) {
      skippedTotal += (long) c.count();
    }
    long primaryFailures =
        count(requests.get(RequestResult.PRIMARY_UNREACHABLE))
            + count(requests.get(RequestResult.PRIMARY_TIMEOUT))
            + count(requests.get(RequestResult.OVERLOADED));
    long total = 0;
    for (Counter c : requests.values()) {
      total += count(c);
    }
    long recordDropTotal = 0;
    for (Counter c : recordDrops.values()) {
      recordDropTotal += count(c);
    }
    return new ProxyStats(
        total,
        count(requests.get(RequestResult.TOO_LARGE)),
        primaryFailures,
        count(mirrored),
        skippedTotal,
        count(dropped) + count(droppedForMemory),
        count(shadowFailures.get(ErrorKind.TIMEOUT)),
        failures,
        count(matches),
        count(mismatches),
        recordDropTotal,
        primaryLatency.summary(),
        shadowLatency.summary(),
        latencyDelta.summary());
  }

  private static long count(Counter c) {
    return (long) c.count();
  }
}
