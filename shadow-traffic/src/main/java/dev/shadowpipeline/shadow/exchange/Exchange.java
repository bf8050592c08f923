package dev.shadowpipeline.shadow.exchange;

import java.util.Objects;

/**
 * One mirrored request with both answers: what every sink and comparator works from.
 *
 * @param request the caller's request
 * @param primary the primary model's answer (the one the caller got)
 * @param shadow the shadow model's answer to the copy
 * @param shadowTarget the shadow URL the copy went to (it can change at run time)
 * @param secondary the secondary's answer to the same copy (a second instance of the primary, the noise baseline), or
 *     {@code null} when the request was not sent to a secondary
 * @param trace the request's place in a distributed trace, or {@code null} when it has none (a replay)
 */
public record Exchange(
    CapturedRequest request,
    CapturedResponse primary,
    CapturedResponse shadow,
    String shadowTarget,
    CapturedResponse secondary,
    TraceIds trace) {
  public Exchange {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(shadow, "shadow");
    Objects.requireNonNull(shadowTarget, "shadowTarget");
  }

  /** An exchange outside any trace. */
  public Exchange(
      CapturedRequest request,
      CapturedResponse primary,
      CapturedResponse shadow,
      String shadowTarget,
      CapturedResponse secondary) {
    this(request, primary, shadow, shadowTarget, secondary, null);
  }

  /** An exchange without a secondary answer. */
  public Exchange(
      CapturedRequest request,
      CapturedResponse primary,
      CapturedResponse shadow,
      String shadowTarget) {
    this(request, primary, shadow, shadowTarget, null, null);
  }

  /** Bytes this exchange holds in memory, roughly: what the record queue's byte bound counts. */
  public long retainedBytes() {
    return request.retainedBytes()
        + primary.retainedBytes()
        + shadow.retainedBytes()
        + shadowTarget.length()
        + (secondary == null ? 0 : secondary.retainedBytes())
        + (trace == null ? 0 : trace.retainedBytes());
  }

  /** Shadow latency minus primary latency; positive when the shadow was slower. */
  public long latencyDeltaNanos() {
    return shadow.latencyNanos() - primary.latencyNanos();
  }
}
