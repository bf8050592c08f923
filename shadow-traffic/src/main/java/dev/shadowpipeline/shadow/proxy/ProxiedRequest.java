package dev.shadowpipeline.shadow.proxy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.exchange.TransportError;
import dev.shadowpipeline.shadow.llm.SseMeter;
import dev.shadowpipeline.shadow.metrics.ProxyMetrics.RequestResult;
import dev.shadowpipeline.shadow.metrics.ProxyMetrics.SecondaryOutcome;
import dev.shadowpipeline.shadow.metrics.ProxyMetrics.SkipReason;
import dev.shadowpipeline.shadow.trace.RequestTrace;
import dev.shadowpipeline.shadow.trace.TraceParent;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
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
 * One caller's request, from its first byte to the end of its answer. Confined to the event loop that received it:
 * no field is touched from another thread, so nothing here locks.
 *
 * <p>The caller's path is streamed: the request body goes to the primary as it arrives (with back-pressure, never
 * buffered whole), and the primary's answer goes back the same way, its head as soon as it arrives. What the proxy
 * keeps for the shadow and the record is the business of a {@link MirroredExchange}, bounded in bytes; nothing on this
 * path waits for it.
 */
final class ProxiedRequest {

  private static final Logger log = LoggerFactory.getLogger(ProxiedRequest.class);
  private static final long LINGER_MILLIS = 2_000;
  // HTTP/1.0 has no chunked framing: an answer without a length is gathered up to this much and
  // sent with one;
  // a longer one is streamed and ends when the connection does
  private static final int HTTP10_GATHER_LIMIT = 1 << 20;
  static final String REQUEST_ID_HEADER = MirroredExchange.REQUEST_ID_HEADER;

  private final ProxyCore core;
  private final UpstreamClients clients;
  private final HttpServerRequest req;
  private MultiMap upstreamHeaders;
  private RequestTrace trace;
  private MirroredExchange mirror;
  private HttpClientRequest primaryRequest;
  private StreamDeadline primaryDeadline;
  private TransportError primaryError;
  private long received;
  private long declaredLength = -1;
  private long requestEndedAt = -1;
  // when the primary had the whole request, where its answer's times count from: the write of the
  // last byte of a body of declared length (the model may start on it before the caller's end event
  // is handled here), else the end of the caller's request
  private long requestSentAt = -1;
  private boolean rejected;
  private boolean closeAfterResponse;
  private boolean callerGone;

  ProxiedRequest(ProxyCore core, UpstreamClients clients, HttpServerRequest req) {
    this.core = core;
    this.clients = clients;
    this.req = req;
  }

  void start() {
    long declared = declaredLength(req.getHeader(HttpHeaders.CONTENT_LENGTH));
    if (declared > core.config.maxBodyBytes()) {
      rejectTooLarge();
      return;
    }
    if (UpgradeTunnel.isUpgrade(req)) {
      new UpgradeTunnel(core, clients.primary(), req).start();
      return;
    }
    if (req.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
      req.response().writeContinue();
    }
    String remote = req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress();
    closeAfterResponse = callerListsClose();
    upstreamHeaders =
        ForwardedHeaders.forUpstream(req.headers(), remote, req.isSSL() ? "https" : "http");
    startTrace();
    decideMirror();
    // the body waits in the connection's inbound queue until there is a primary request to pass it
    // to
    req.pause();
    req.handler(this::onRequestChunk);
    req.endHandler(v -> onRequestEnd());
    req.exceptionHandler(this::onCallerFailed);
    declaredLength = declared;
    openPrimary();
  }

  // the caller's trace is continued (or one is started): the primary sees its call's span as the
  // parent; a tracestate goes on only with the traceparent it came with, and a broken traceparent
  // is never forwarded
  private void startTrace() {
    trace =
        core.tracing.start(
            req.headers().getAll(TraceParent.HEADER), req.method().name(), req.path());
    upstreamHeaders.set(TraceParent.HEADER, trace.primaryTraceparent());
    if (!trace.continued()) {
      upstreamHeaders.remove(TraceParent.STATE_HEADER);
    }
  }

  private void endTrace(int status, String errorType) {
    if (trace != null) {
      trace.end(status, errorType);
    }
  }

  private void endTraceWithoutAnswer(int callerStatus, String errorType) {
    if (trace != null) {
      trace.endWithoutAnswer(callerStatus, errorType);
    }
  }

  private void decideMirror() {
    ShadowTarget current = core.control.current();
    SkipReason skip = core.policy.skipReason(req.method().name(), req.headers(), current);
    if (skip != null) {
      core.metrics.skipped(skip);
    } else if (!core.inFlight.tryAcquire()) {
      core.metrics.droppedInFlightLimit();
    } else {
      mirror =
          new MirroredExchange(
              core,
              clients,
              current,
              decideSecondary(current),
              req.method(),
              req.uri(),
              upstreamHeaders,
              trace);
    }
  }

  // only requests mirrored to the shadow get here: the secondary's copy is the same one
  private UpstreamAddress decideSecondary(ShadowTarget current) {
    ProxyConfig config = core.config;
    if (config.secondary() == null) {
      return null;
    }
    if (!core.policy.secondarySelected(req.headers(), current, config.secondarySampleRate())) {
      core.metrics.secondary(SecondaryOutcome.SKIPPED);
      return null;
    }
    if (!core.secondaryInFlight.tryAcquire()) {
      core.metrics.secondary(SecondaryOutcome.DROPPED_IN_FLIGHT_LIMIT);
      return null;
    }
    return config.secondary();
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

  // ---- the request, streamed to the primary ----

  private void openPrimary() {
    UpstreamAddress address = core.config.primary();
    RequestOptions options =
        options(address, upstreamHeaders, core.config.primaryTimeout().toMillis());
    clients
        .primary()
        .request(options)
        .onComplete(
            ar -> {
              if (rejected || callerGone) {
                if (ar.succeeded()) {
                  ar.result().reset();
                }
                return;
              }
              if (ar.failed()) {
                // no connection: the body is still read (the shadow may get its copy), then the
                // caller gets the error
                primaryError = failure(ar.cause(), null, address);
                req.resume();
                if (requestEndedAt >= 0) {
                  primaryFailed();
                }
                return;
              }
              HttpClientRequest creq = ar.result();
              primaryRequest = creq;
              primaryDeadline =
                  new StreamDeadline(
                      clients.deadlines(),
                      core.vertx.getOrCreateContext(),
                      core.config.primaryTimeout().toMillis(),
                      core.config.primaryIdleTimeout().toMillis(),
                      0);
              primaryDeadline.attach(creq);
              creq.exceptionHandler(
                  t -> {}); // the response future below reports every failure of this call
              if (isChunked(req.headers())) {
                creq.setChunked(true);
              } else if (declaredLength >= 0) {
                creq.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(declaredLength));
              }
              // handlers are set on the answer in this same callback, on this event loop, so no
              // chunk can arrive unseen
              // (a Vert.x client used through futures from other threads can lose the first chunks:
              // vert.x#5825, #5904)
              creq.response()
                  .onComplete(
                      rar -> {
                        if (rar.succeeded()) {
                          relayPrimary(rar.result());
                        } else {
                          primaryError = failure(rar.cause(), primaryDeadline, address);
                          primaryDeadline.finish();
                          if (requestEndedAt >= 0) {
                            primaryFailed();
                          }
                        }
                      });
              req.resume();
            });
  }

  private static boolean isChunked(MultiMap headers) {
    String te = headers.get(HttpHeaders.TRANSFER_ENCODING);
    return te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked");
  }

  private void onRequestChunk(Buffer chunk) {
    if (rejected) {
      return;
    }
    received += chunk.length();
    if (received > core.config.maxBodyBytes()) {
      if (primaryRequest != null) {
        primaryRequest.reset();
      }
      abandonMirror();
      rejectTooLarge();
      return;
    }
    if (mirror != null && !mirror.addRequestChunk(chunk)) {
      mirror =
          null; // over the in-flight budget: abandoned and counted; the caller is served all the
      // same
    }
    if (primaryRequest != null && primaryError == null) {
      if (declaredLength >= 0 && received >= declaredLength && requestSentAt < 0) {
        requestSentAt = core.nanoTime.getAsLong();
      }
      primaryRequest.write(chunk);
      if (primaryRequest.writeQueueFull()) {
        req.pause();
        primaryRequest.drainHandler(v -> req.resume());
      }
    }
  }

  private void onRequestEnd() {
    if (rejected) {
      return;
    }
    requestEndedAt = core.nanoTime.getAsLong();
    if (requestSentAt < 0) {
      requestSentAt = requestEndedAt;
    }
    if (mirror != null) {
      mirror.requestComplete(
          core.clock.instant(), req.path(), req.query(), headerList(req.headers()));
    }
    if (primaryError != null) {
      primaryFailed();
      return;
    }
    if (primaryRequest != null) {
      primaryRequest.end();
      primaryDeadline.start();
    }
  }

  private void onCallerFailed(Throwable t) {
    log.debug("caller connection failed while sending its request: {}", t.toString());
    if (requestEndedAt < 0) {
      callerGone = true;
      endTraceWithoutAnswer(0, "caller_gone");
      if (primaryRequest != null) {
        primaryRequest.reset();
      }
      abandonMirror();
    }
  }

  private void abandonMirror() {
    if (mirror != null) {
      mirror.abandon();
      mirror = null;
    }
  }

  private void rejectTooLarge() {
    rejected = true;
    core.metrics.request(RequestResult.TOO_LARGE);
    endTraceWithoutAnswer(413, "request_too_large");
    HttpServerResponse resp = req.response();
    if (resp.headWritten() || resp.closed()) {
      resp.reset();
      return;
    }
    resp.setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(
            errorJson(
                "request body too large",
                "the proxy accepts request bodies up to "
                    + core.config.maxBodyBytes()
                    + " bytes (--max-body)"));
    // Read and discard what the caller is still sending before closing, for a short while, so that
    // it sees the 413
    // instead of a connection reset.
    HttpConnection connection = req.connection();
    if (req.isEnded()) {
      connection.close();
      return;
    }
    long timer = core.vertx.setTimer(LINGER_MILLIS, id -> connection.close());
    req.handler(chunk -> {});
    req.endHandler(
        v -> {
          core.vertx.cancelTimer(timer);
          connection.close();
        });
    req.resume();
  }

  // ---- the primary's answer, streamed to the caller ----

  private void relayPrimary(HttpClientResponse presp) {
    primaryDeadline.headReceived();
    HttpServerResponse resp = req.response();
    BodyCapture capture = mirror == null ? null : mirror.primaryCapture();
    long headAt = core.nanoTime.getAsLong();
    long sentAt = requestSentAt >= 0 ? requestSentAt : headAt;
    boolean hasBody = mayHaveBody(presp.statusCode());
    boolean headNow = false;
    Buffer[] http10 = {null};
    if (!resp.closed()) {
      resp.setStatusCode(presp.statusCode());
      // only an unusual reason phrase is set: Vert.x recognizes 304 by its standard status object,
      // and a 304 with a
      // custom phrase would gain a "content-length: 0" the primary never sent
      if (!presp.statusMessage().equals(resp.getStatusMessage())) {
        resp.setStatusMessage(presp.statusMessage());
      }
      ForwardedHeaders.copyResponse(presp.headers(), resp.headers());
      if (hasBody && !resp.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
        if (req.version() == HttpVersion.HTTP_1_0) {
          http10[0] = Buffer.buffer();
        } else {
          resp.setChunked(true);
          headNow = true;
        }
      } else if (hasBody) {
        headNow = true;
      }
      if (closeAfterResponse) {
        resp.putHeader(HttpHeaders.CONNECTION, "close");
      }
    }
    if (headNow) {
      // The caller gets the head as soon as it arrived, not with the first body chunk (an LLM may
      // think for seconds
      // before its first token). When the first chunk came in the same read, it goes out with the
      // head instead.
      core.vertx.runOnContext(
          v -> {
            if (!resp.headWritten() && !resp.ended() && !resp.closed()) {
              resp.writeHead();
            }
          });
    }
    if (resp.closed()) {
      callerLeft(presp); // gone before the answer even started
    }
    resp.closeHandler(
        v -> {
          if (!resp.ended()) {
            callerLeft(presp);
          }
        });
    // a mirrored stream is timed as it passes: the time is taken when a chunk arrives, and the
    // chunk
    // is read for the meter only after it went on to the caller
    SseMeter meter =
        capture != null
                && SseMeter.measurable(
                    presp.getHeader(HttpHeaders.CONTENT_TYPE),
                    presp.getHeader(HttpHeaders.CONTENT_ENCODING))
            ? new SseMeter(sentAt, headAt)
            : null;
    presp.handler(
        chunk -> {
          long arrived = meter == null ? 0 : core.nanoTime.getAsLong();
          primaryDeadline.activity();
          if (capture != null) {
            capture.add(chunk);
          }
          relayChunk(presp, resp, http10, chunk);
          if (meter != null) {
            meter.add(chunk.getBytes(), 0, chunk.length(), arrived);
          }
        });
    presp.exceptionHandler(
        t -> {
          primaryDeadline.finish();
          TransportError error = failure(t, primaryDeadline, core.config.primary());
          core.warnings.failed("primary", error);
          core.metrics.request(
              error.kind() == ErrorKind.TIMEOUT
                  ? RequestResult.PRIMARY_TIMEOUT
                  : RequestResult.PRIMARY_UNREACHABLE);
          if (!resp.closed() && !resp.ended()) {
            resp.reset(); // the head may already be out: break the response as the primary broke it
          }
          endTrace(presp.statusCode(), error.kind().label());
          primaryDone(CapturedResponse.failed(error, core.nanoTime.getAsLong() - sentAt));
        });
    presp.endHandler(
        v -> {
          primaryDeadline.finish();
          long endedAt = core.nanoTime.getAsLong();
          long latency = endedAt - sentAt;
          // counted before the caller sees the end, so a caller that has its answer also sees it in
          // the metrics
          core.metrics.request(RequestResult.FORWARDED);
          core.metrics.primaryLatency(latency);
          if (!resp.closed() && !resp.ended()) {
            endResponse(resp, http10[0]);
          }
          endTrace(presp.statusCode(), null);
          if (capture != null) {
            primaryDone(
                new CapturedResponse(
                    presp.statusCode(),
                    headerList(presp.headers()),
                    capture.bytes(),
                    capture.truncated(),
                    latency,
                    null,
                    capture.digest(),
                    meter == null ? null : meter.finish(endedAt)));
          }
        });
  }

  private void relayChunk(
      HttpClientResponse presp, HttpServerResponse resp, Buffer[] http10, Buffer chunk) {
    if (resp.closed() || resp.ended()) {
      return;
    }
    if (http10[0] != null) {
      if (http10[0].length() + chunk.length() <= HTTP10_GATHER_LIMIT) {
        http10[0].appendBuffer(chunk);
        return;
      }
      closeAfterResponse =
          true; // too long to gather: it is streamed, and ends when the connection does
      resp.putHeader(HttpHeaders.CONNECTION, "close");
      resp.write(http10[0]);
      http10[0] = null;
    }
    resp.write(chunk);
    if (resp.writeQueueFull()) {
      presp.pause();
      resp.drainHandler(v -> presp.resume());
    }
  }

  // Nobody waits for this answer any more. When it is mirrored, it is still read for the record
  // (bounded by the idle
  // deadline and the capture); otherwise reading it would only waste the primary's work and a
  // connection.
  private void callerLeft(HttpClientResponse presp) {
    if (mirror != null && !mirror.abandoned()) {
      presp.resume();
    } else if (primaryRequest != null) {
      primaryRequest.reset();
    }
  }

  /**
   * Whether the caller asked to close the connection after this exchange. Vert.x honours a bare
   * {@code Connection: close} itself, but not {@code close} inside a list such as {@code close, X-Trace}.
   */
  private boolean callerListsClose() {
    for (String value : req.headers().getAll(HttpHeaders.CONNECTION)) {
      if (value.contains(",")) {
        for (String token : value.split(",", -1)) {
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
    return !HttpMethod.HEAD.equals(req.method()) && status >= 200 && status != 204 && status != 304;
  }

  private void primaryFailed() {
    TransportError error = primaryError;
    core.warnings.failed("primary", error);
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
    if (!resp.closed() && !resp.ended() && !resp.headWritten()) {
      resp.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      if (closeAfterResponse) {
        resp.putHeader(HttpHeaders.CONNECTION, "close");
      }
      endResponse(resp, Buffer.buffer(errorJson(title, error.message())));
    } else if (!resp.closed() && !resp.ended()) {
      resp.reset();
    }
    endTraceWithoutAnswer(status, error.kind().label());
    long since = requestSentAt >= 0 ? requestSentAt : core.nanoTime.getAsLong();
    primaryDone(CapturedResponse.failed(error, core.nanoTime.getAsLong() - since));
  }

  private void primaryDone(CapturedResponse outcome) {
    if (mirror != null) {
      mirror.primaryDone(outcome);
    }
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

  /** What a failed upstream call threw, as a recorded error: a passed deadline says which one. */
  static TransportError failure(Throwable t, StreamDeadline deadline, UpstreamAddress address) {
    if (deadline != null && deadline.cancelled()) {
      return new TransportError(
          ErrorKind.CANCELLED, "proxy shut down before " + address + " answered");
    }
    if (deadline != null && deadline.expired() != null) {
      return new TransportError(ErrorKind.TIMEOUT, address + ": " + deadline.describeExpiry());
    }
    return UpstreamErrors.classify(t, address);
  }

  static List<Header> headerList(MultiMap headers) {
    List<Header> list = new ArrayList<>(headers.size());
    for (Map.Entry<String, String> h : headers) {
      list.add(new Header(h.getKey(), h.getValue()));
    }
    return list;
  }

  static String errorJson(String error, String detail) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("error", error);
    node.put("detail", detail);
    node.put("source", "shadow-proxy");
    return node.toString();
  }
}
