package dev.shadowpipeline.shadow.trace;

import io.opentelemetry.api.trace.Span;

/**
 * The span of one mirrored copy (to the shadow or the secondary): a child of the proxy's span in the caller's trace,
 * linked to the primary's call, marked {@code shadow.mirrored}. Confined to the event loop that sends the copy.
 */
public final class MirrorSpan {

  /** The header that tells an upstream its request is a mirrored copy, whose answer no caller waits for. */
  public static final String MIRRORED_HEADER = "X-Shadow-Mirrored";

  private final Span span;
  private boolean ended;

  MirrorSpan(Span span) {
    this.span = span;
  }

  /** The {@code traceparent} for the copy: the caller's trace, this span as the parent. */
  public String traceparent() {
    return RequestTrace.header(span.getSpanContext());
  }

  /** This span's id, 16 hex digits. */
  public String spanId() {
    return span.getSpanContext().getSpanId();
  }

  /**
   * Ends the span with the copy's outcome; only the first call counts.
   *
   * @param status the status the upstream answered, or 0 when it did not
   * @param errorType why there was no answer, e.g. {@code timeout}, or {@code null}
   */
  public void end(int status, String errorType) {
    if (ended) {
      return;
    }
    ended = true;
    RequestTrace.outcome(span, status, errorType);
    span.end();
  }
}
