package dev.shadowpipeline.shadow.gate;

/**
 * What a candidate must meet to be promoted.
 *
 * @param minAgreement the 95% Wilson lower bound of the agreement rate must be at least this
 * @param maxCritical at most this many critical divergences
 * @param maxLatencyDeltaP99Millis the p99 of shadow-minus-primary latency must be at most this
 * @param maxShadowErrorRate the share of pairs the shadow failed to answer must be at most this
 * @param minRequests at least this many pairs must have been compared
 */
public record GateCriteria(
    double minAgreement,
    long maxCritical,
    double maxLatencyDeltaP99Millis,
    double maxShadowErrorRate,
    long minRequests) {

  /** The defaults of {@code shadow gate}. */
  public static final GateCriteria DEFAULTS = new GateCriteria(0.99, 0, 200, 0.01, 1);

  public GateCriteria {
    if (!(minAgreement >= 0 && minAgreement <= 1)) {
      throw new IllegalArgumentException("min-agreement must be between 0 and 1: " + minAgreement);
    }
    if (maxCritical < 0) {
      throw new IllegalArgumentException("max-critical must not be negative: " + maxCritical);
    }
    if (!(maxShadowErrorRate >= 0 && maxShadowErrorRate <= 1)) {
      throw new IllegalArgumentException(
          "max-shadow-error-rate must be between 0 and 1: " + maxShadowErrorRate);
    }
    if (minRequests < 0) {
      throw new IllegalArgumentException("min-requests must not be negative: " + minRequests);
    }
  }
}
