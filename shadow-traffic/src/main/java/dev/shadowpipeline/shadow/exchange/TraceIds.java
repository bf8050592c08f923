package dev.shadowpipeline.shadow.exchange;

import java.util.Objects;

/**
 * Where one mirrored request sits in a distributed trace (W3C Trace Context): the trace, the caller's span when the
 * caller sent one, the proxy's own span, and the spans of the calls it made — each upstream saw its call's span as
 * the parent in its {@code traceparent}.
 *
 * @param traceId 32 lower-case hex digits
 * @param sampled whether the trace is recorded (the {@code sampled} flag the upstreams got)
 * @param callerSpanId the span of the caller's {@code traceparent}, or {@code null} when the proxy started the trace
 * @param proxySpanId the proxy's span for the caller's request
 * @param primarySpanId the span of the call to the primary
 * @param shadowSpanId the span of the copy to the shadow, or {@code null} when the copy was never sent
 * @param secondarySpanId the span of the copy to the secondary, or {@code null} without one
 */
public record TraceIds(
    String traceId,
    boolean sampled,
    String callerSpanId,
    String proxySpanId,
    String primarySpanId,
    String shadowSpanId,
    String secondarySpanId) {
  public TraceIds {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(proxySpanId, "proxySpanId");
    Objects.requireNonNull(primarySpanId, "primarySpanId");
  }

  /** Bytes these ids hold in memory, roughly. */
  public long retainedBytes() {
    return 48L + 5 * 56L;
  }
}
