package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.exchange.RequestIds;
import dev.shadowpipeline.shadow.memory.ByteBudget;
import dev.shadowpipeline.shadow.metrics.ProxyMetrics;
import dev.shadowpipeline.shadow.record.RecordPipeline;
import dev.shadowpipeline.shadow.trace.ProxyTracing;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** What every request handler shares: configuration, upstream settings, limits, metrics and the record pipeline. */
final class ProxyCore {

  final ProxyConfig config;
  final Vertx vertx;

  /** The copies' event loops ({@link MirrorLoop}), apart from the callers'. */
  final Vertx mirrorVertx;

  /** What every upstream pool is built with; each event loop opens its own ({@link UpstreamClients}). */
  final HttpClientOptions upstreamOptions;

  final ShadowControl control;
  final MirrorPolicy policy;
  final InFlightLimit inFlight;

  /** Secondary requests in flight, bounded like the shadow's by {@code --max-in-flight}. */
  final InFlightLimit secondaryInFlight;

  final ProxyMetrics metrics;
  final RecordPipeline pipeline;
  final RequestIds ids;
  final Clock clock;
  final LongSupplier nanoTime;
  final UpstreamWarnings warnings;

  /** This proxy's fleet identity, in every record and in the resource of its spans. */
  final String instanceId;

  /** The spans of each caller's request: ids for the headers and records, exported when configured. */
  final ProxyTracing tracing;

  /** Request copies and captured answers of mirrored requests in flight. */
  final ByteBudget inFlightBytes;

  final Set<StreamDeadline> activeShadowCalls = ConcurrentHashMap.newKeySet();

  /** How far behind the event loops run. */
  final LoopLag loopLag;

  /** Whether a finished pair is recorded or shed while the event loops lag. */
  final RecordShedding shedding;

  /** Mirrored exchanges whose record has not been handed to the pipeline yet; shutdown waits for them. */
  final AtomicInteger openExchanges = new AtomicInteger();

  ProxyCore(
      ProxyConfig config,
      Vertx vertx,
      Vertx mirrorVertx,
      HttpClientOptions upstreamOptions,
      ShadowControl control,
      MirrorPolicy policy,
      InFlightLimit inFlight,
      InFlightLimit secondaryInFlight,
      ByteBudget inFlightBytes,
      ProxyMetrics metrics,
      RecordPipeline pipeline,
      Clock clock,
      LongSupplier nanoTime,
      String instanceId,
      ProxyTracing tracing) {
    this.config = config;
    this.vertx = vertx;
    this.mirrorVertx = mirrorVertx;
    this.upstreamOptions = upstreamOptions;
    this.secondaryInFlight = secondaryInFlight;
    this.control = control;
    this.policy = policy;
    this.inFlight = inFlight;
    this.metrics = metrics;
    this.pipeline = pipeline;
    this.ids = new RequestIds(clock);
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.warnings =
        new UpstreamWarnings(new LogThrottle(10, java.util.concurrent.TimeUnit.SECONDS, nanoTime));
    this.inFlightBytes = inFlightBytes;
    this.instanceId = instanceId;
    this.tracing = tracing;
    // the real clock, whatever clock the records use: the lag is of real timers on real threads
    this.loopLag = new LoopLag(config.eventLoops(), System::nanoTime);
    this.shedding = new RecordShedding(loopLag, config.shedLag(), System::nanoTime);
  }
}
