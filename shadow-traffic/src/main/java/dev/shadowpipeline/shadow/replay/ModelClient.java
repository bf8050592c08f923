package dev.shadowpipeline.shadow.replay;

import dev.shadowpipeline.shadow.exchange.BodyDigest;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.exchange.TransportError;
import dev.shadowpipeline.shadow.llm.SseMeter;
import dev.shadowpipeline.shadow.proxy.HostPort;
import dev.shadowpipeline.shadow.proxy.UpstreamAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * Sends one request to a model and captures its answer the way the proxy does: status, headers, body up to a limit,
 * monotonic latency, and a transport error classified by kind instead of an exception. Never throws; a failed call is
 * a {@link CapturedResponse} with an error.
 *
 * <p>Credentials in the model's URL are sent as HTTP Basic authentication, replacing any {@code Authorization}
 * header of the request, as the proxy does.
 */
public final class ModelClient {

  // restricted by the JDK client, or describing the caller's connection rather than the request
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "host",
          "content-length",
          "connection",
          "expect",
          "upgrade",
          "keep-alive",
          "te",
          "trailer",
          "transfer-encoding",
          "proxy-connection",
          "http2-settings");

  private final HttpClient http;
  private final UpstreamAddress base;
  private final Duration timeout;
  private final int captureLimit;

  /**
   * @param base the model's URL; request paths are appended to its path, its credentials become Basic auth
   * @param timeout deadline for the whole answer
   * @param captureLimit most body bytes kept (the rest is read and discarded)
   */
  public ModelClient(HttpClient http, UpstreamAddress base, Duration timeout, int captureLimit) {
    this.http = http;
    this.base = base;
    this.timeout = timeout;
    this.captureLimit = captureLimit;
  }

  /** A client suited to replays: HTTP/1.1, a connect timeout, redirects not followed (the proxy does not either). */
  public static HttpClient defaultHttpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** The model's URL (prints with its password masked). */
  public UpstreamAddress base() {
    return base;
  }

  /** Sends the request; the future always completes normally. */
  public CompletableFuture<CapturedResponse> send(
      String method, String pathAndQuery, List<Header> headers, byte[] body) {
    long start = System.nanoTime();
    HttpRequest request;
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(resolve(pathAndQuery))
              .timeout(timeout)
              .method(
                  method,
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      for (Header h : headers) {
        String name = h.name().toLowerCase(Locale.ROOT);
        if (!NOT_FORWARDED.contains(name)
            && !(base.credentials() != null && name.equals("authorization"))) {
          b.header(h.name(), h.value());
        }
      }
      if (base.credentials() != null) {
        b.header("Authorization", base.credentials().basicAuthorization());
      }
      request = b.build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          CapturedResponse.failed(
              new TransportError(
                  ErrorKind.OTHER, "bad request for " + base + ": " + e.getMessage()),
              0));
    }
    // the head's time is taken where the client hands the head over, on its reading thread: the
    // future's own stage runs a thread hop later, which a busy machine can delay by tens of
    // milliseconds and so shorten the time to the first token measured from it
    AtomicLong headAt = new AtomicLong();
    HttpResponse.BodyHandler<InputStream> stamped =
        info -> {
          headAt.set(System.nanoTime());
          return HttpResponse.BodySubscribers.ofInputStream();
        };
    return http.sendAsync(request, stamped)
        .thenApply(response -> capture(response, start, headAt.get()))
        .exceptionally(
            error -> CapturedResponse.failed(classify(error), System.nanoTime() - start));
  }

  private URI resolve(String pathAndQuery) {
    String target = base.target(pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery);
    return URI.create(
        (base.ssl() ? "https" : "http")
            + "://"
            + HostPort.of(base.host(), base.port())
            + encodeIllegal(target));
  }

  /**
   * Percent-encodes what {@link URI} refuses in a path or query, e.g. the {@code [REDACTED]} that replaced a
   * credential in a recorded query: the model then gets the mask, not a request that cannot be sent.
   */
  static String encodeIllegal(String target) {
    StringBuilder out = null;
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      boolean legal =
          c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0);
      if (legal) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(target.length() + 16).append(target, 0, i);
      }
      int end = Character.isHighSurrogate(c) && i + 1 < target.length() ? i + 2 : i + 1;
      for (byte b : target.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
      }
      i = end - 1;
    }
    return out == null ? target : out.toString();
  }

  private CapturedResponse capture(HttpResponse<InputStream> response, long start, long headAt) {
    byte[] body;
    boolean truncated;
    BodyDigest digest = null;
    // a stream is timed as it is read: each read returns what has arrived, with the time it
    // returned
    SseMeter meter =
        SseMeter.measurable(
                response.headers().firstValue("content-type").orElse(null),
                response.headers().firstValue("content-encoding").orElse(null))
            ? new SseMeter(start, headAt)
            : null;
    MessageDigest sha = sha256();
    java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
    long total = 0;
    byte[] buffer = new byte[8192];
    try (InputStream in = response.body()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        long arrived = System.nanoTime();
        if (meter != null) {
          meter.add(buffer, 0, n, arrived);
        }
        sha.update(buffer, 0, n);
        int keep = (int) Math.max(0, Math.min(n, captureLimit - total));
        kept.write(buffer, 0, keep);
        total += n;
      }
    } catch (IOException e) {
      return CapturedResponse.failed(classify(e), System.nanoTime() - start);
    }
    body = kept.toByteArray();
    truncated = total > body.length;
    if (truncated) {
      digest = new BodyDigest(total, HexFormat.of().formatHex(sha.digest()));
    }
    long endedAt = System.nanoTime();
    List<Header> headers = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : response.headers().map().entrySet()) {
      if (e.getKey().startsWith(":")) {
        continue;
      }
      for (String v : e.getValue()) {
        headers.add(new Header(e.getKey(), v));
      }
    }
    return new CapturedResponse(
        response.statusCode(),
        headers,
        body,
        truncated,
        endedAt - start,
        null,
        digest,
        meter == null ? null : meter.finish(endedAt));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  static TransportError classify(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? "" : t.getMessage();
    ErrorKind kind;
    if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
      kind = ErrorKind.TIMEOUT;
    } else if (t instanceof ConnectException) {
      kind =
          hasCause(t, UnresolvedAddressException.class)
              ? ErrorKind.UNKNOWN_HOST
              : ErrorKind.CONNECTION_REFUSED;
    } else if (t instanceof UnknownHostException || hasCause(t, UnresolvedAddressException.class)) {
      kind = ErrorKind.UNKNOWN_HOST;
    } else if (t instanceof SSLException) {
      kind = ErrorKind.TLS;
    } else if (t instanceof IOException
        && (message.contains("reset") || message.contains("closed") || message.contains("EOF"))) {
      kind = ErrorKind.CONNECTION_RESET;
    } else if (t instanceof IOException && message.toLowerCase(Locale.ROOT).contains("protocol")) {
      kind = ErrorKind.PROTOCOL;
    } else {
      kind = ErrorKind.OTHER;
    }
    // the JDK's client refuses a connection without a message: the kind says it all then, and
    // only an error of no known kind is named by its class
    return new TransportError(
        kind,
        message.isEmpty() && kind == ErrorKind.OTHER ? t.getClass().getSimpleName() : message);
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
