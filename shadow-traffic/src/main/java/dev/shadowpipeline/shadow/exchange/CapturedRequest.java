package dev.shadowpipeline.shadow.exchange;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The caller's request as the proxy received it.
 *
 * @param id unique id of the exchange, also sent to the shadow as {@code X-Shadow-Request-Id}
 * @param time wall-clock time the request was complete
 * @param method HTTP method
 * @param path request path, without the query
 * @param query raw query string without {@code ?}, or {@code null} when there was none
 * @param headers request headers as received (redaction happens when a record is written)
 * @param body the request body, empty when there was none; only its start when {@code digest} is set
 * @param digest size and SHA-256 of the whole body when {@code body} holds only its start, else {@code null}
 */
public record CapturedRequest(
    String id,
    Instant time,
    String method,
    String path,
    String query,
    List<Header> headers,
    byte[] body,
    BodyDigest digest) {

  public CapturedRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** A request whose body was captured whole. */
  public CapturedRequest(
      String id,
      Instant time,
      String method,
      String path,
      String query,
      List<Header> headers,
      byte[] body) {
    this(id, time, method, path, query, headers, body, null);
  }

  /** Whether {@code body} holds only the start of the body. */
  public boolean bodyTruncated() {
    return digest != null && digest.size() > body.length;
  }

  /** Bytes this request holds in memory, roughly: the body plus headers. */
  public long retainedBytes() {
    long bytes = body.length + 128L + path.length() + (query == null ? 0 : query.length());
    for (Header h : headers) {
      bytes += h.name().length() + h.value().length() + 32L;
    }
    return bytes;
  }

  /** The path with its query, as it goes on the request line. */
  public String uri() {
    return query == null ? path : path + '?' + query;
  }
}
