package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.exchange.Exchange;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.exchange.TransportError;
import dev.shadowpipeline.shadow.metrics.ProxyMetrics.RequestResult;
import dev.shadowpipeline.shadow.metrics.ProxyMetrics.SkipReason;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One caller's request, from its first byte to its record. Confined to the event loop that received it: no field is
 * touched from another thread, so nothing here locks.
 *
 * <p>The caller's response depends only on the primary. The shadow's call runs beside it with its own deadline and
 * in-flight permit; when both are done, the pair goes to the record pipeline with a non-blocking offer.
 */
final class ProxiedRequest {

  private static final Logger log = LoggerFactory.getLogger(ProxiedRequest.class);
  private static final long LINGER_MILLIS = 2_000;
  static final String REQUEST_ID_HEADER = "X-Shadow-Request-Id";

  private final ProxyCore core;
  private final HttpServerRequest req;
  private Buffer body = Buffer.buffer();
  private boolean rejected;
  private MultiMap upstreamHeaders;
  private ShadowTarget target;
  private CapturedRequest captured;
  private Promise<CapturedResponse> primaryOutcome;
  private Promise<CapturedResponse> shadowOutcome;
  private boolean closeAfterResponse;

  ProxiedRequest(ProxyCore core, HttpServerRequest req) {
    this.core = core;
    this.req = req;
  }

  void start() {
    long declared = declaredLength(req.getHeader(HttpHeaders.CONTENT_LENGTH));
    if (declared > core.config.maxBodyBytes()) {
      rejectTooLarge();
      return;
    }
    if (req.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
      req.response().writeContinue();
    }
    req.handler(chunk -> {
      if (rejected) {
        return;
      }
      if ((long) body.length() + chunk.length() > core.config.maxBodyBytes()) {
        body = null;
        rejectTooLarge();
        return;
      }
      body.appendBuffer(chunk);
    });
    req.exceptionHandler(t -> log.debug("caller connection failed while sending its request: {}", t.toString()));
    req.endHandler(v -> {
      if (!rejected) {
        dispatch();
      }
    });
  }

  private static long declaredLength(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1; // the HTTP decoder has already refused a malformed length; nothing to add here
    }
  }

  private void rejectTooLarge() {
    rejected = true;
    core.metrics.request(RequestResult.TOO_LARGE);
    HttpServerResponse resp = req.response();
    resp.setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(errorJson("request body too large",
            "the proxy accepts request bodies up to " + core.config.maxBodyBytes() + " bytes (--max-body)"));
    // Read and discard what the caller is still sending before closing, for a short while, so that it sees the 413
    // instead of a connection reset.
    HttpConnection connection = req.connection();
    if (req.isEnded()) {
      connection.close();
      return;
    }
    long timer = core.vertx.setTimer(LINGER_MILLIS, id -> connection.close());
    req.handler(chunk -> {});
    req.endHandler(v -> {
      core.vertx.cancelTimer(timer);
      connection.close();
    });
  }

  private void dispatch() {
    String remote = req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress();
    closeAfterResponse = callerListsClose();
    upstreamHeaders = ForwardedHeaders.forUpstream(req.headers(), remote, req.isSSL() ? "https" : "http");
    ShadowTarget current = core.control.current();
    SkipReason skip = core.policy.skipReason(req.method().name(), req.headers(), current);
    if (skip != null) {
      core.metrics.skipped(skip);
    } else if (!core.inFlight.tryAcquire()) {
      core.metrics.droppedInFlightLimit();
    } else {
      target = current;
    }
    if (target != null) {
      captured = new CapturedRequest(core.ids.next(), core.clock.instant(), req.method().name(), req.path(),
          req.query(), headerList(req.headers()), body.getBytes());
      primaryOutcome = Promise.promise();
      shadowOutcome = Promise.promise();
      ShadowTarget mirroredTo = target;
      core.openExchanges.incrementAndGet();
      Future.all(primaryOutcome.future(), shadowOutcome.future()).onComplete(both -> {
        core.pipeline.offer(new Exchange(captured, primaryOutcome.future().result(),
            shadowOutcome.future().result(), mirroredTo.address().url()));
        core.openExchanges.decrementAndGet();
      });
      if (core.config.shadowMode() == ShadowMode.PARALLEL) {
        sendShadow();
      }
    }
    sendPrimary();
  }

  // ---- primary: the caller's answer ----

  private void sendPrimary() {
    UpstreamAddress address = core.config.primary();
    long timeoutMillis = core.config.primaryTimeout().toMillis();
    Deadline deadline = new Deadline(core.vertx, timeoutMillis);
    long sentAt = core.nanoTime.getAsLong();
    core.primaryClient.request(options(address, upstreamHeaders, timeoutMillis))
        .compose(creq -> {
          deadline.attach(creq);
          return creq.send(body);
        })
        .onComplete(ar -> {
          if (ar.succeeded()) {
            relayPrimary(ar.result(), deadline, sentAt);
          } else {
            deadline.finish();
            primaryFailed(failure(ar.cause(), deadline, address, timeoutMillis), sentAt);
          }
        });
  }

  private void relayPrimary(HttpClientResponse presp, Deadline deadline, long sentAt) {
    HttpServerResponse resp = req.response();
    BodyCapture capture = target == null ? null : new BodyCapture(core.config.maxBodyBytes());
    // HTTP/1.0 has no chunked framing: without a Content-Length the body must be gathered to learn its length.
    Buffer http10Body = null;
    if (!resp.closed()) {
      resp.setStatusCode(presp.statusCode());
      resp.setStatusMessage(presp.statusMessage());
      ForwardedHeaders.copyResponse(presp.headers(), resp.headers());
      if (closeAfterResponse) {
        resp.putHeader(HttpHeaders.CONNECTION, "close");
      }
      if (!resp.headers().contains(HttpHeaders.CONTENT_LENGTH) && mayHaveBody(presp.statusCode())) {
        if (req.version() == HttpVersion.HTTP_1_0) {
          http10Body = Buffer.buffer();
        } else {
          resp.setChunked(true);
        }
      }
    }
    Buffer gathered = http10Body;
    resp.closeHandler(v -> presp.resume()); // caller gone: keep reading the primary's answer for the record
    presp.handler(chunk -> {
      if (capture != null) {
        capture.add(chunk);
      }
      if (resp.closed()) {
        return;
      }
      if (gathered != null) {
        gathered.appendBuffer(chunk);
        return;
      }
      resp.write(chunk);
      if (resp.writeQueueFull()) {
        presp.pause();
        resp.drainHandler(v -> presp.resume());
      }
    });
    presp.exceptionHandler(t -> {
      deadline.finish();
      TransportError error = failure(t, deadline, core.config.primary(), core.config.primaryTimeout().toMillis());
      warn("primary", error);
      core.metrics.request(error.kind() == ErrorKind.TIMEOUT ? RequestResult.PRIMARY_TIMEOUT
          : RequestResult.PRIMARY_UNREACHABLE);
      if (!resp.closed() && !resp.ended()) {
        resp.reset(); // the head is already out: break the response as the primary broke it
      }
      primaryDone(CapturedResponse.failed(error, core.nanoTime.getAsLong() - sentAt));
    });
    presp.endHandler(v -> {
      deadline.finish();
      long latency = core.nanoTime.getAsLong() - sentAt;
      // counted before the caller sees the end, so a caller that has its answer also sees it in the metrics
      core.metrics.request(RequestResult.FORWARDED);
      core.metrics.primaryLatency(latency);
      if (!resp.closed() && !resp.ended()) {
        endResponse(resp, gathered);
      }
      if (target != null) {
        primaryDone(new CapturedResponse(presp.statusCode(), headerList(presp.headers()), capture.bytes(),
            capture.truncated(), latency, null));
      }
    });
  }

  /**
   * Whether the caller asked to close the connection after this exchange. Vert.x honours a bare
   * {@code Connection: close} itself, but not {@code close} inside a list such as {@code close, X-Trace}.
   */
  private boolean callerListsClose() {
    for (String value : req.headers().getAll(HttpHeaders.CONNECTION)) {
      if (value.contains(",")) {
        for (String token : value.split(",")) {
          if (token.trim().equalsIgnoreCase("close")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private void endResponse(HttpServerResponse resp, Buffer body) {
    Future<Void> ended = body == null ? resp.end() : resp.end(body);
    if (closeAfterResponse) {
      ended.onComplete(v -> req.connection().close());
    }
  }

  private boolean mayHaveBody(int status) {
    return req.method() != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
  }

  private void primaryFailed(TransportError error, long sentAt) {
    warn("primary", error);
    int status;
    RequestResult result;
    String title;
    switch (error.kind()) {
      case TIMEOUT -> {
        status = 504;
        result = RequestResult.PRIMARY_TIMEOUT;
        title = "primary timed out";
      }
      case OVERLOADED -> {
        status = 503;
        result = RequestResult.OVERLOADED;
        title = "proxy overloaded";
      }
      default -> {
        status = 502;
        result = RequestResult.PRIMARY_UNREACHABLE;
        title = "primary unreachable";
      }
    }
    core.metrics.request(result);
    HttpServerResponse resp = req.response();
    if (!resp.closed() && !resp.ended()) {
      resp.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      if (closeAfterResponse) {
        resp.putHeader(HttpHeaders.CONNECTION, "close");
      }
      endResponse(resp, Buffer.buffer(errorJson(title, error.message())));
    }
    primaryDone(CapturedResponse.failed(error, core.nanoTime.getAsLong() - sentAt));
  }

  private void primaryDone(CapturedResponse outcome) {
    if (target == null) {
      return;
    }
    primaryOutcome.tryComplete(outcome);
    if (core.config.shadowMode() == ShadowMode.AFTER_PRIMARY) {
      sendShadow();
    }
  }

  // ---- shadow: the copy, off the caller's path ----

  private void sendShadow() {
    UpstreamAddress address = target.address();
    long timeoutMillis = core.config.shadowTimeout().toMillis();
    Deadline deadline = new Deadline(core.vertx, timeoutMillis);
    core.activeShadowCalls.add(deadline);
    core.metrics.mirrored();
    MultiMap headers = HttpHeaders.headers().addAll(upstreamHeaders).set(REQUEST_ID_HEADER, captured.id());
    long sentAt = core.nanoTime.getAsLong();
    HttpClient client = core.shadowClient;
    // its own buffer over the captured bytes: the primary's send may read `body` at the same moment on another event
    // loop, and a Buffer's read position is not safe to share between threads (the primary once got an empty body)
    Buffer shadowBody = Buffer.buffer(captured.body());
    client.request(options(address, headers, timeoutMillis))
        .compose(creq -> {
          deadline.attach(creq);
          return creq.send(shadowBody);
        })
        .compose(sresp -> collect(sresp, sentAt))
        .onComplete(ar -> {
          deadline.finish();
          core.activeShadowCalls.remove(deadline);
          core.inFlight.release();
          CapturedResponse outcome;
          if (ar.succeeded()) {
            outcome = ar.result();
            core.metrics.shadowOutcome(outcome.latencyNanos(), null);
          } else {
            TransportError error = failure(ar.cause(), deadline, address, timeoutMillis);
            outcome = CapturedResponse.failed(error, core.nanoTime.getAsLong() - sentAt);
            core.metrics.shadowOutcome(outcome.latencyNanos(), error.kind());
            if (log.isDebugEnabled()) {
              log.debug("shadow copy {} failed: {}", captured.id(), error.message());
            }
          }
          shadowOutcome.tryComplete(outcome);
        });
  }

  private Future<CapturedResponse> collect(HttpClientResponse sresp, long sentAt) {
    Promise<CapturedResponse> done = Promise.promise();
    BodyCapture capture = new BodyCapture(core.config.maxBodyBytes());
    sresp.handler(capture::add);
    sresp.exceptionHandler(done::tryFail);
    sresp.endHandler(v -> done.tryComplete(new CapturedResponse(sresp.statusCode(), headerList(sresp.headers()),
        capture.bytes(), capture.truncated(), core.nanoTime.getAsLong() - sentAt, null)));
    return done.future();
  }

  // ---- shared ----

  private RequestOptions options(UpstreamAddress address, MultiMap headers, long timeoutMillis) {
    return new RequestOptions()
        .setMethod(req.method())
        .setHost(address.host())
        .setPort(address.port())
        .setSsl(address.ssl())
        .setURI(address.target(req.uri()))
        .setHeaders(address.authorize(headers)) // the URL's user:password, as Basic auth
        .setConnectTimeout(timeoutMillis);
  }

  private static TransportError failure(Throwable t, Deadline deadline, UpstreamAddress address, long timeoutMillis) {
    if (deadline.cancelled()) {
      return new TransportError(ErrorKind.CANCELLED, "proxy shut down before " + address + " answered");
    }
    if (deadline.expired()) {
      return new TransportError(ErrorKind.TIMEOUT,
          "no complete answer from " + address + " within " + timeoutMillis + " ms");
    }
    return UpstreamErrors.classify(t, address);
  }

  private void warn(String side, TransportError error) {
    long suppressed = core.logThrottle.admit(side + ':' + error.kind());
    if (suppressed >= 0) {
      log.warn("{} failed: {}{}", side, error.message(),
          suppressed > 0 ? " (" + suppressed + " more like it since the last report)" : "");
    }
  }

  private static List<Header> headerList(MultiMap headers) {
    List<Header> list = new ArrayList<>(headers.size());
    for (Map.Entry<String, String> h : headers) {
      list.add(new Header(h.getKey(), h.getValue()));
    }
    return list;
  }

  private static String errorJson(String error, String detail) {
    return "{\"error\":" + jsonString(error) + ",\"detail\":" + jsonString(detail) + ",\"source\":\"shadow-proxy\"}";
  }

  static String jsonString(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
