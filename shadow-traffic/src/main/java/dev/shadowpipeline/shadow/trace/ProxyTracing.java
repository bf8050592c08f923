package dev.shadowpipeline.shadow.trace;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's part in distributed traces (W3C Trace Context): every caller's request continues the caller's trace —
 * or starts one when it came with no valid {@code traceparent} — in a span of the proxy's own; the call to the
 * primary and each mirrored copy get spans of their own in that trace, and each upstream is told its call's span
 * as its parent.
 *
 * <p>Two ways to run. {@link #idsOnly()}, the default: spans exist only as ids, for the headers and the records,
 * and nothing is exported. {@link #exporting}: the spans are recorded by the OpenTelemetry SDK and exported in
 * batches on the SDK's own thread; a span finished when the export queue is full is dropped and counted, so neither a
 * caller nor an event loop ever waits for the collector. The queue is bounded in spans, and each span in bytes by
 * the {@link SpanLimits} below (at most {@value #MAX_ATTRIBUTES} attributes of at most {@value
 * #MAX_ATTRIBUTE_CHARS} characters, two links, no events).
 *
 * <p>Ids come from the SDK's random generator, {@link java.util.concurrent.ThreadLocalRandom}: fast, never blocking
 * an event loop on an entropy pool, and random enough for ids that must only not collide (the W3C recommendation
 * asks for no more).
 */
public final class ProxyTracing implements AutoCloseable, MeterBinder {

  private static final Logger log = LoggerFactory.getLogger(ProxyTracing.class);

  static final int MAX_ATTRIBUTES = 16;
  static final int MAX_ATTRIBUTE_CHARS = 256;

  /** Spans waiting for export by default; beyond it they are dropped and counted. */
  public static final int DEFAULT_QUEUE_SPANS = 2048;

  /** The instrumentation scope the proxy's spans are recorded under. */
  static final String SCOPE = "dev.shadowpipeline.shadow-proxy";

  private final Tracer tracer;
  private final SdkTracerProvider provider;
  private final SpanCounts counts;
  private final IdGenerator ids = IdGenerator.random();

  private ProxyTracing(Tracer tracer, SdkTracerProvider provider, SpanCounts counts) {
    this.tracer = tracer;
    this.provider = provider;
    this.counts = counts;
  }

  /** Trace context in headers and records, no export: the default. */
  public static ProxyTracing idsOnly() {
    return new ProxyTracing(null, null, null);
  }

  /**
   * Spans recorded and exported through {@code exporter}, in batches, off the caller's path.
   *
   * @param exporter where the spans go, e.g. {@link OtlpExport#http}
   * @param instanceId this proxy's fleet identity, the resource's {@code service.instance.id}
   * @param queueSpans most spans waiting for export; more are dropped and counted
   * @param scheduleDelay longest a finished span waits before its batch is sent
   */
  public static ProxyTracing exporting(
      SpanExporter exporter, String instanceId, int queueSpans, Duration scheduleDelay) {
    Objects.requireNonNull(exporter, "exporter");
    Objects.requireNonNull(instanceId, "instanceId");
    if (queueSpans < 1) {
      throw new IllegalArgumentException("the span queue must hold at least 1 span: " + queueSpans);
    }
    SpanCounts counts = new SpanCounts(queueSpans);
    BatchSpanProcessor batch =
        BatchSpanProcessor.builder(new CountingExporter(exporter, counts))
            .setMaxQueueSize(queueSpans)
            .setMaxExportBatchSize(Math.min(512, queueSpans))
            .setScheduleDelay(scheduleDelay)
            .build();
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"),
                        "shadow-proxy",
                        AttributeKey.stringKey("service.instance.id"),
                        instanceId)));
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(resource)
            // the caller's sampling decision is kept; a trace the proxy starts is sampled
            .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
            .setSpanLimits(
                SpanLimits.builder()
                    .setMaxNumberOfAttributes(MAX_ATTRIBUTES)
                    .setMaxAttributeValueLength(MAX_ATTRIBUTE_CHARS)
                    .setMaxNumberOfLinks(2)
                    .setMaxNumberOfEvents(0)
                    .build())
            .addSpanProcessor(new SpanGate(batch, counts))
            .build();
    return new ProxyTracing(provider.get(SCOPE), provider, counts);
  }

  /** Whether spans are exported (else they exist only as ids). */
  public boolean exporting() {
    return provider != null;
  }

  /**
   * Starts the spans of one caller's request. Call it on the event loop that serves the request; it neither blocks
   * nor allocates more than the spans.
   *
   * @param traceparents the values of every traceparent header line the caller sent
   * @param method the request's method
   * @param path the request's path, without the query (which may carry secrets)
   */
  public RequestTrace start(List<String> traceparents, String method, String path) {
    TraceParent incoming = TraceParent.fromHeaders(traceparents);
    SpanContext parent =
        incoming == null
            ? SpanContext.getInvalid()
            : SpanContext.createFromRemoteParent(
                incoming.traceId(),
                incoming.parentId(),
                TraceFlags.fromByte((byte) incoming.flags()),
                TraceState.getDefault());
    Span server = start(method, SpanKind.SERVER, parent, null);
    if (server.isRecording()) {
      server.setAttribute("http.request.method", method);
      server.setAttribute("url.path", path);
    }
    Span primary = start(method + " primary", SpanKind.CLIENT, server.getSpanContext(), null);
    if (primary.isRecording()) {
      primary.setAttribute("http.request.method", method);
      primary.setAttribute("shadow.side", "primary");
    }
    return new RequestTrace(this, incoming, server, primary, method);
  }

  /**
   * A span: recorded by the SDK when exporting, else only a new id in the parent's trace (a trace of its own without
   * a parent), carrying the parent's flags.
   */
  Span start(String name, SpanKind kind, SpanContext parent, SpanContext link) {
    if (tracer != null) {
      var builder = tracer.spanBuilder(name).setSpanKind(kind);
      if (parent.isValid()) {
        builder.setParent(Context.root().with(Span.wrap(parent)));
      } else {
        builder.setNoParent();
      }
      if (link != null) {
        builder.addLink(link, Attributes.of(AttributeKey.stringKey("shadow.link"), "mirror_of"));
      }
      return builder.startSpan();
    }
    String traceId = parent.isValid() ? parent.getTraceId() : ids.generateTraceId();
    TraceFlags flags = parent.isValid() ? parent.getTraceFlags() : TraceFlags.getSampled();
    return Span.wrap(
        SpanContext.create(traceId, ids.generateSpanId(), flags, TraceState.getDefault()));
  }

  /** Spans exported so far. */
  public long exportedSpans() {
    return counts == null ? 0 : counts.exported();
  }

  /** Spans dropped because the export queue was full. */
  public long droppedSpans() {
    return counts == null ? 0 : counts.dropped();
  }

  /** Spans the collector refused or did not take in time. */
  public long failedSpans() {
    return counts == null ? 0 : counts.failed();
  }

  /** Spans waiting for export now. */
  public int queuedSpans() {
    return counts == null ? 0 : counts.pending();
  }

  /**
   * {@code shadow_trace_spans_total{outcome="exported|dropped|failed"}} and {@code shadow_trace_spans_queued}, when
   * exporting.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    if (counts == null) {
      return;
    }
    for (String outcome : new String[] {"exported", "dropped", "failed"}) {
      FunctionCounter.builder(
              "shadow_trace_spans",
              counts,
              c ->
                  switch (outcome) {
                    case "exported" -> c.exported();
                    case "dropped" -> c.dropped();
                    default -> c.failed();
                  })
          .description(
              "Spans handed to the OTLP exporter, by outcome: exported, dropped (queue full), failed (refused)")
          .tag("outcome", outcome)
          .register(registry);
    }
    Gauge.builder("shadow_trace_spans_queued", counts, SpanCounts::pending)
        .description("Spans waiting for export")
        .register(registry);
  }

  /**
   * Sends what is still queued, for up to {@code timeout}, then stops exporting. Spans not sent by then are lost and
   * logged as such.
   */
  public void close(Duration timeout) {
    if (provider == null) {
      return;
    }
    var done = provider.shutdown().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!done.isSuccess()) {
      log.warn(
          "could not export every span before shutdown ({} waiting, {} failed so far)",
          counts.pending(),
          counts.failed());
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
