package dev.shadowpipeline.shadow.replay;

import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.exchange.TransportError;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;

/**
 * Sends one request to a model and captures its answer the way the proxy does: status, headers, body up to a limit,
 * monotonic latency, and a transport error classified by kind instead of an exception. Never throws; a failed call is
 * a {@link CapturedResponse} with an error.
 */
public final class ModelClient {

  // restricted by the JDK client, or describing the caller's connection rather than the request
  private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
      "keep-alive", "te", "trailer", "transfer-encoding", "proxy-connection", "http2-settings");

  private final HttpClient http;
  private final URI base;
  private final Duration timeout;
  private final int captureLimit;

  /**
   * @param base the model's URL; request paths are appended to its path
   * @param timeout deadline for the whole answer
   * @param captureLimit most body bytes kept (the rest is read and discarded)
   */
  public ModelClient(HttpClient http, URI base, Duration timeout, int captureLimit) {
    this.http = http;
    this.base = base;
    this.timeout = timeout;
    this.captureLimit = captureLimit;
  }

  /** A client suited to replays: HTTP/1.1, a connect timeout, redirects not followed (the proxy does not either). */
  public static HttpClient defaultHttpClient(Duration connectTimeout) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** The model's URL. */
  public URI base() {
    return base;
  }

  /** Sends the request; the future always completes normally. */
  public CompletableFuture<CapturedResponse> send(String method, String pathAndQuery, List<Header> headers,
      byte[] body) {
    long start = System.nanoTime();
    HttpRequest request;
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(resolve(pathAndQuery)).timeout(timeout)
          .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      for (Header h : headers) {
        if (!NOT_FORWARDED.contains(h.name().toLowerCase(Locale.ROOT))) {
          b.header(h.name(), h.value());
        }
      }
      request = b.build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(CapturedResponse.failed(
          new TransportError(ErrorKind.OTHER, "bad request for " + base + ": " + e.getMessage()), 0));
    }
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenApply(response -> capture(response, start))
        .exceptionally(error -> CapturedResponse.failed(classify(error), System.nanoTime() - start));
  }

  private URI resolve(String pathAndQuery) {
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    if (basePath.endsWith("/")) {
      basePath = basePath.substring(0, basePath.length() - 1);
    }
    String path = pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery;
    return URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + path);
  }

  private CapturedResponse capture(HttpResponse<InputStream> response, long start) {
    byte[] body;
    boolean truncated;
    try (InputStream in = response.body()) {
      body = in.readNBytes(captureLimit);
      truncated = in.read() >= 0;
      if (truncated) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
    } catch (IOException e) {
      return CapturedResponse.failed(classify(e), System.nanoTime() - start);
    }
    List<Header> headers = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : response.headers().map().entrySet()) {
      if (e.getKey().startsWith(":")) {
        continue;
      }
      for (String v : e.getValue()) {
        headers.add(new Header(e.getKey(), v));
      }
    }
    return new CapturedResponse(response.statusCode(), headers, body, truncated, System.nanoTime() - start, null);
  }

  static TransportError classify(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    ErrorKind kind;
    if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
      kind = ErrorKind.TIMEOUT;
    } else if (t instanceof ConnectException) {
      kind = hasCause(t, UnresolvedAddressException.class) ? ErrorKind.UNKNOWN_HOST : ErrorKind.CONNECTION_REFUSED;
    } else if (t instanceof UnknownHostException || hasCause(t, UnresolvedAddressException.class)) {
      kind = ErrorKind.UNKNOWN_HOST;
    } else if (t instanceof SSLException) {
      kind = ErrorKind.TLS;
    } else if (t instanceof IOException && (message.contains("reset") || message.contains("closed")
        || message.contains("EOF"))) {
      kind = ErrorKind.CONNECTION_RESET;
    } else if (t instanceof IOException && message.toLowerCase(Locale.ROOT).contains("protocol")) {
      kind = ErrorKind.PROTOCOL;
    } else {
      kind = ErrorKind.OTHER;
    }
    return new TransportError(kind, message);
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
