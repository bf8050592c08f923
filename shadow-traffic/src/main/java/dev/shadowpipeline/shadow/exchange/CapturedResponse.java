package dev.shadowpipeline.shadow.exchange;

import java.util.List;
import java.util.Objects;

/**
 * One upstream's answer, or the error that took its place.
 *
 * @param status HTTP status, or 0 when no response head arrived
 * @param headers response headers as received
 * @param body the body bytes as received on the wire (still compressed when the upstream compressed them), at most
 *     the capture limit
 * @param bodyTruncated whether the body was longer than the capture limit and {@code body} holds only its start
 * @param latencyNanos from sending the request to the last byte of the answer (or to the error), monotonic clock
 * @param error the transport error, or {@code null} when a complete answer arrived
 */
public record CapturedResponse(
    int status, List<Header> headers, byte[] body, boolean bodyTruncated, long latencyNanos, TransportError error) {

  private static final byte[] NO_BODY = new byte[0];

  public CapturedResponse {
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
    if (latencyNanos < 0) {
      throw new IllegalArgumentException("latencyNanos must not be negative: " + latencyNanos);
    }
  }

  /** An answer that never came. */
  public static CapturedResponse failed(TransportError error, long latencyNanos) {
    return new CapturedResponse(0, List.of(), NO_BODY, false, latencyNanos, Objects.requireNonNull(error));
  }

  /** Whether a complete answer arrived (whatever its status). */
  public boolean answered() {
    return error == null;
  }

  /** The first value of the named header (case-insensitive), or {@code null}. */
  public String header(String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** Latency in milliseconds, with microsecond resolution. */
  public double latencyMillis() {
    return latencyNanos / 1_000_000.0;
  }
}
