package dev.shadowpipeline.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Shadow comparison aggregates of one proxy instance over one time window. A window is identified by
 * {@code (instanceId, windowStart)}; writing it again replaces it, so retries and several writers are safe.
 *
 * @param instanceId which proxy (or replay) produced it, e.g. host name plus port
 * @param windowStart inclusive start, millisecond precision
 * @param windowEnd exclusive end, after {@code windowStart}
 * @param requests requests the primary received
 * @param compared the pairs the window's agreement is over: every request but those {@code leftOut} (a shadow that
 *     gave no answer stays in, as the disagreement it is), as {@code agreement.pairs} in summary.json
 * @param matches compared pairs that agreed, as {@code agreement.matches} in summary.json
 * @param leftOut pairs graded as agreeing though a side gave no answer (a primary failure is {@code info} by
 *     default): they compared nothing and are in neither {@code compared} nor {@code matches}, as
 *     {@code agreement.left_out} in summary.json; 0 for windows saved before the store kept it, which counted every
 *     pair in both
 * @param critical compared pairs with a critical divergence
 * @param shadowErrors shadow calls that got no answer (refused, reset, timed out: timeouts are counted here too, and
 *     again in {@code shadowTimeouts}); a 4xx or 5xx is an answer, not an error
 * @param shadowTimeouts shadow calls that did not answer in time
 * @param primaryLatency latency of the primary
 * @param shadowLatency latency of the shadow
 * @param latencyDelta shadow minus primary latency, per pair
 * @param quality both models' quality against the labels posted so far (cumulative, as of the window's close), or
 *     {@code null} when no label had come
 */
public record ComparisonWindow(
    String instanceId,
    Instant windowStart,
    Instant windowEnd,
    long requests,
    long compared,
    long matches,
    long leftOut,
    long critical,
    long shadowErrors,
    long shadowTimeouts,
    LatencyPercentiles primaryLatency,
    LatencyPercentiles shadowLatency,
    LatencyPercentiles latencyDelta,
    WindowQuality quality) {

  /** Longest accepted instance id. */
  public static final int MAX_INSTANCE_ID_LENGTH = 200;

  public ComparisonWindow {
    Objects.requireNonNull(instanceId, "instanceId");
    if (instanceId.isBlank() || instanceId.length() > MAX_INSTANCE_ID_LENGTH) {
      throw new IllegalArgumentException(
          "instanceId must be 1.."
              + MAX_INSTANCE_ID_LENGTH
              + " non-blank characters: '"
              + instanceId
              + "'");
    }
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    if (!windowEnd.isAfter(windowStart)) {
      throw new IllegalArgumentException(
          "windowEnd must be after windowStart: " + windowStart + " .. " + windowEnd);
    }
    if (requests < 0
        || compared < 0
        || matches < 0
        || critical < 0
        || shadowErrors < 0
        || shadowTimeouts < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: "
              + countsText(requests, compared, matches, critical, shadowErrors, shadowTimeouts));
    }
    if (leftOut < 0 || leftOut > requests) {
      throw new IllegalArgumentException(
          "leftOut must be 0..requests: leftOut="
              + leftOut
              + ", "
              + countsText(requests, compared, matches, critical, shadowErrors, shadowTimeouts));
    }
    if (matches > compared || critical > compared) {
      throw new IllegalArgumentException(
          "matches and critical must not exceed compared: "
              + countsText(requests, compared, matches, critical, shadowErrors, shadowTimeouts));
    }
    Objects.requireNonNull(primaryLatency, "primaryLatency");
    Objects.requireNonNull(shadowLatency, "shadowLatency");
    Objects.requireNonNull(latencyDelta, "latencyDelta");
  }

  /** A window without quality (no labels), none left out of its agreement. */
  public ComparisonWindow(
      String instanceId,
      Instant windowStart,
      Instant windowEnd,
      long requests,
      long compared,
      long matches,
      long critical,
      long shadowErrors,
      long shadowTimeouts,
      LatencyPercentiles primaryLatency,
      LatencyPercentiles shadowLatency,
      LatencyPercentiles latencyDelta) {
    this(
        instanceId,
        windowStart,
        windowEnd,
        requests,
        compared,
        matches,
        0,
        critical,
        shadowErrors,
        shadowTimeouts,
        primaryLatency,
        shadowLatency,
        latencyDelta,
        null);
  }

  /** A window none of whose pairs were left out of its agreement. */
  public ComparisonWindow(
      String instanceId,
      Instant windowStart,
      Instant windowEnd,
      long requests,
      long compared,
      long matches,
      long critical,
      long shadowErrors,
      long shadowTimeouts,
      LatencyPercentiles primaryLatency,
      LatencyPercentiles shadowLatency,
      LatencyPercentiles latencyDelta,
      WindowQuality quality) {
    this(
        instanceId,
        windowStart,
        windowEnd,
        requests,
        compared,
        matches,
        0,
        critical,
        shadowErrors,
        shadowTimeouts,
        primaryLatency,
        shadowLatency,
        latencyDelta,
        quality);
  }

  /** The same window with this quality ({@code null}: none). */
  public ComparisonWindow withQuality(WindowQuality q) {
    return new ComparisonWindow(
        instanceId,
        windowStart,
        windowEnd,
        requests,
        compared,
        matches,
        leftOut,
        critical,
        shadowErrors,
        shadowTimeouts,
        primaryLatency,
        shadowLatency,
        latencyDelta,
        q);
  }

  /** Share of compared pairs that agreed, or NaN when none were compared. */
  public double agreement() {
    return compared == 0 ? Double.NaN : (double) matches / compared;
  }

  private static String countsText(
      long requests, long compared, long matches, long critical, long errors, long timeouts) {
    return "requests="
        + requests
        + ", compared="
        + compared
        + ", matches="
        + matches
        + ", critical="
        + critical
        + ", shadowErrors="
        + errors
        + ", shadowTimeouts="
        + timeouts;
  }
}
