package dev.shadowpipeline.shadow.exchange;

import dev.shadowpipeline.shadow.llm.StreamTiming;
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
 * @param digest size and SHA-256 of the whole body when {@code body} holds only its start, else {@code null}
 * @param stream how a server-sent events answer arrived (time to first token, the gaps between tokens), measured
 *     as it was received; {@code null} for any other answer
 */
public record CapturedResponse(
    int status,
    List<Header> headers,
    byte[] body,
    boolean bodyTruncated,
    long latencyNanos,
    TransportError error,
    BodyDigest digest,
    StreamTiming stream) {

  private static final byte[] NO_BODY = new byte[0];

  public CapturedResponse {
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
    if (latencyNanos < 0) {
      throw new IllegalArgumentException("latencyNanos must not be negative: " + latencyNanos);
    }
  }

  /** An answer that was not measured as a stream. */
  public CapturedResponse(
      int status,
      List<Header> headers,
      byte[] body,
      boolean bodyTruncated,
      long latencyNanos,
      TransportError error,
      BodyDigest digest) {
    this(status, headers, body, bodyTruncated, latencyNanos, error, digest, null);
  }

  /** An answer whose body was captured whole, or cut without a digest. */
  public CapturedResponse(
      int status,
      List<Header> headers,
      byte[] body,
      boolean bodyTruncated,
      long latencyNanos,
      TransportError error) {
    this(status, headers, body, bodyTruncated, latencyNanos, error, null, null);
  }

  /** An answer that never came. */
  public static CapturedResponse failed(TransportError error, long latencyNanos) {
    return new CapturedResponse(
        0, List.of(), NO_BODY, false, latencyNanos, Objects.requireNonNull(error));
  }

  /** Bytes of the whole body on the wire: the digest's size when only the start was kept. */
  public long bodySize() {
    return digest != null ? digest.size() : body.length;
  }

  /** Bytes this answer holds in memory, roughly: the body plus headers. */
  public long retainedBytes() {
    long bytes = body.length + 64L;
    for (Header h : headers) {
      bytes += h.name().length() + h.value().length() + 32L;
    }
    return bytes;
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
