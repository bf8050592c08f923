package dev.shadowpipeline.shadow.exchange;

import java.util.Objects;

/**
 * One mirrored request with both answers: what every sink and comparator works from.
 *
 * @param request the caller's request
 * @param primary the primary model's answer (the one the caller got)
 * @param shadow the shadow model's answer to the copy
 * @param shadowTarget the shadow URL the copy went to (it can change at run time)
 */
public record Exchange(
    CapturedRequest request,
    CapturedResponse primary,
    CapturedResponse shadow,
    String shadowTarget) {
  public Exchange {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(shadow, "shadow");
    Objects.requireNonNull(shadowTarget, "shadowTarget");
  }

  /** Bytes this exchange holds in memory, roughly: what the record queue's byte bound counts. */
  public long retainedBytes() {
    return request.retainedBytes()
        + primary.retainedBytes()
        + shadow.retainedBytes()
        + shadowTarget.length();
  }

  /** Shadow latency minus primary latency; positive when the shadow was slower. */
  public long latencyDeltaNanos() {
    return shadow.latencyNanos() - primary.latencyNanos();
  }
}
