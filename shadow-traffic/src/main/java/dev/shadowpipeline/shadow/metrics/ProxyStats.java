package dev.shadowpipeline.shadow.metrics;

/**
 * A snapshot of what the proxy has done since it started.
 *
 * @param requests requests received from callers
 * @param rejectedTooLarge requests answered 413 because their body exceeded the limit
 * @param primaryFailures requests the primary gave no answer to (the caller got 502, 503 or 504)
 * @param mirrored copies sent to the shadow
 * @param skipped requests not mirrored by policy (sampling, method filter, paused)
 * @param dropped copies not sent because too many shadow requests were in flight, or their bytes did not fit
 * @param shadowTimeouts copies the shadow did not answer in time
 * @param shadowFailures copies that failed otherwise (refused, reset, not HTTP, ...)
 * @param matches compared pairs that agreed
 * @param mismatches compared pairs that diverged
 * @param recordDrops compared pairs not recorded (queue full in count or bytes, closing, worker failure)
 * @param primaryLatency latency of the primary's answers
 * @param shadowLatency latency of the shadow's answers
 * @param latencyDelta shadow minus primary latency, per mirrored pair
 */
public record ProxyStats(
    long requests,
    long rejectedTooLarge,
    long primaryFailures,
    long mirrored,
    long skipped,
    long dropped,
    long shadowTimeouts,
    long shadowFailures,
    long matches,
    long mismatches,
    long recordDrops,
    LatencySummary primaryLatency,
    LatencySummary shadowLatency,
    LatencySummary latencyDelta) {

  /** Share of compared pairs that agreed, or NaN when none were compared. */
  public double agreementRate() {
    long compared = matches + mismatches;
    return compared == 0 ? Double.NaN : (double) matches / compared;
  }
}
