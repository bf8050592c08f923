package dev.shadowpipeline.shadow.trace;

import dev.shadowpipeline.shadow.exchange.TraceIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;

/**
 * The spans of one caller's request: the proxy's own (a server span, the caller's span its parent) and the call to
 * the primary (a client span under it), and — when the request is mirrored — one client span per copy, linked to the
 * primary's call and marked {@code shadow.mirrored}. Confined to the event loop that serves the request, like the
 * request itself.
 */
public final class RequestTrace {

  private final ProxyTracing tracing;
  private final TraceParent incoming;
  private final Span server;
  private final Span primary;
  private final String method;
  private boolean ended;

  RequestTrace(
      ProxyTracing tracing, TraceParent incoming, Span server, Span primary, String method) {
    this.tracing = tracing;
    this.incoming = incoming;
    this.server = server;
    this.primary = primary;
    this.method = method;
  }

  /** The trace, 32 hex digits. */
  public String traceId() {
    return server.getSpanContext().getTraceId();
  }

  /**
   * Whether the caller's trace is continued: it sent a valid {@code traceparent}. When not, the proxy started the
   * trace, and a {@code tracestate} the caller sent belongs to no trace any more and is not forwarded.
   */
  public boolean continued() {
    return incoming != null;
  }

  /** The {@code traceparent} for the primary: this trace, the primary call's span as the parent. */
  public String primaryTraceparent() {
    return header(primary.getSpanContext());
  }

  /**
   * Starts the span of a mirrored copy, when it is sent.
   *
   * @param side {@code shadow} or {@code secondary}
   * @param requestId the exchange's id, also sent as {@code X-Shadow-Request-Id}
   */
  public MirrorSpan startMirror(String side, String requestId) {
    Span span =
        tracing.start(
            method + " " + side,
            SpanKind.CLIENT,
            server.getSpanContext(),
            primary.getSpanContext());
    if (span.isRecording()) {
      span.setAttribute("http.request.method", method);
      span.setAttribute("shadow.side", side);
      span.setAttribute("shadow.mirrored", true);
      span.setAttribute("shadow.request_id", requestId);
    }
    return new MirrorSpan(span);
  }

  /** Names the exchange on the proxy's span, once the request is mirrored. */
  public void mirrored(String requestId) {
    if (server.isRecording()) {
      server.setAttribute("shadow.request_id", requestId);
    }
  }

  /**
   * Ends the proxy's span and the primary call's: the primary answered (its answer may still have broken off). Only
   * the first end counts.
   *
   * @param status the status the primary answered, which the caller got
   * @param errorType why the answer broke off, e.g. {@code timeout}, or {@code null}
   */
  public void end(int status, String errorType) {
    end(status, status, errorType);
  }

  /**
   * Ends the proxy's span and the primary call's when the primary gave no answer (or the proxy gave up on it). Only
   * the first end counts.
   *
   * @param callerStatus what the caller got instead (502, 504, 413...), or 0 when it got nothing
   * @param errorType why, e.g. {@code timeout} or {@code caller_gone}
   */
  public void endWithoutAnswer(int callerStatus, String errorType) {
    end(callerStatus, 0, errorType);
  }

  private void end(int callerStatus, int primaryStatus, String errorType) {
    if (ended) {
      return;
    }
    ended = true;
    outcome(primary, primaryStatus, errorType);
    primary.end();
    outcome(server, callerStatus, errorType);
    server.end();
  }

  /**
   * The ids for the record.
   *
   * @param shadow the shadow copy's span, or {@code null} when it was never sent
   * @param secondary the secondary copy's span, or {@code null}
   */
  public TraceIds ids(MirrorSpan shadow, MirrorSpan secondary) {
    SpanContext s = server.getSpanContext();
    return new TraceIds(
        s.getTraceId(),
        s.isSampled(),
        incoming == null ? null : incoming.parentId(),
        s.getSpanId(),
        primary.getSpanContext().getSpanId(),
        shadow == null ? null : shadow.spanId(),
        secondary == null ? null : secondary.spanId());
  }

  // OpenTelemetry's HTTP conventions: a status of 500 and above is an error for either kind of
  // span; a 4xx is the client's error, not the proxy's
  static void outcome(Span span, int status, String errorType) {
    if (!span.isRecording()) {
      return;
    }
    if (status > 0) {
      span.setAttribute("http.response.status_code", status);
    }
    if (errorType != null) {
      span.setAttribute("error.type", errorType);
      span.setStatus(StatusCode.ERROR, errorType);
    } else if (status >= 500) {
      span.setAttribute("error.type", Integer.toString(status));
      span.setStatus(StatusCode.ERROR);
    }
  }

  static String header(SpanContext span) {
    return TraceParent.header(
        span.getTraceId(), span.getSpanId(), span.getTraceFlags().asByte() & 0xff);
  }
}
