package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.exchange.BodyDigest;
import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.Exchange;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.exchange.TransportError;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Instant;
import java.util.List;

/**
 * The mirrored side of one caller's request: the copy of its body kept for the shadow, the shadow's call, the capture
 * of both answers, and the hand-over of the finished pair to the record pipeline. Everything it holds is reserved in
 * the proxy's in-flight {@link dev.shadowpipeline.shadow.memory.ByteBudget}; when the budget refuses the request copy,
 * the mirror is abandoned and counted, never waited for.
 *
 * <p>Confined to the event loop of the caller's connection, like the {@link ProxiedRequest} that owns it: the shadow
 * call is made from that loop, so its events arrive there too.
 */
final class MirroredExchange {

  static final String REQUEST_ID_HEADER = "X-Shadow-Request-Id";

  private final ProxyCore core;
  private final ShadowTarget target;
  private final String id;
  private final HttpMethod method;
  private final String uri;
  private final MultiMap upstreamHeaders;
  private final BodyCapture requestCopy;
  private final BodyCapture primaryCapture;
  private BodyCapture shadowCapture;
  private CapturedRequest captured;
  private CapturedResponse primary;
  private CapturedResponse shadow;
  private boolean abandoned;
  private boolean finished;
  private boolean shadowSent;

  MirroredExchange(
      ProxyCore core,
      ShadowTarget target,
      HttpMethod method,
      String uri,
      MultiMap upstreamHeaders) {
    this.core = core;
    this.target = target;
    this.id = core.ids.next();
    this.method = method;
    this.uri = uri;
    this.upstreamHeaders = upstreamHeaders;
    long captureMax = core.config.captureMaxBytes();
    // the shadow needs the request whole; the record keeps its start and digests the rest
    this.requestCopy = new BodyCapture(core.config.maxBodyBytes(), captureMax, core.inFlightBytes);
    this.primaryCapture = BodyCapture.upTo(captureMax, core.inFlightBytes);
    core.openExchanges.incrementAndGet();
  }

  /** The request id, also sent to the shadow as {@value #REQUEST_ID_HEADER}. */
  String id() {
    return id;
  }

  boolean abandoned() {
    return abandoned;
  }

  /**
   * Keeps a chunk of the caller's request for the shadow.
   *
   * @return {@code false} when the in-flight budget refused it: the mirror is then abandoned (and counted)
   */
  boolean addRequestChunk(Buffer chunk) {
    if (abandoned) {
      return false;
    }
    if (!requestCopy.add(chunk)) {
      abandon();
      core.metrics.droppedForMemory();
      return false;
    }
    return true;
  }

  /** The capture the primary's answer is streamed into while it is relayed to the caller. */
  BodyCapture primaryCapture() {
    return primaryCapture;
  }

  /**
   * The caller's request is complete: what the record will show of it is fixed now, and in parallel mode the copy
   * goes to the shadow at once.
   */
  void requestComplete(Instant time, String path, String query, List<Header> headers) {
    if (abandoned) {
      return;
    }
    BodyDigest digest =
        requestCopy.total() > core.config.captureMaxBytes() ? requestCopy.digest() : null;
    byte[] recorded = requestCopy.prefix((int) core.config.captureMaxBytes());
    captured = new CapturedRequest(id, time, method.name(), path, query, headers, recorded, digest);
    // in after-primary mode the primary may already have answered: a model may answer once it has
    // read the body,
    // before the caller's end of request reaches the proxy (the request was paused for
    // back-pressure, say)
    if (core.config.shadowMode() == ShadowMode.PARALLEL || primary != null) {
      sendShadow();
    }
  }

  /**
   * The primary's answer is complete (or failed); in after-primary mode the copy goes to the shadow now, or as soon as
   * the caller's request is complete. (A caller that goes away before its request is complete abandons the mirror
   * through {@link #abandon()}.)
   */
  void primaryDone(CapturedResponse outcome) {
    if (abandoned || primary != null) {
      return;
    }
    primary = outcome;
    if (captured == null) {
      return; // the request is still arriving: requestComplete() goes on from here
    }
    if (core.config.shadowMode() == ShadowMode.AFTER_PRIMARY) {
      sendShadow();
    } else {
      maybeFinish();
    }
  }

  /** The caller's request will not complete: no copy is sent, nothing is recorded. */
  void abandon() {
    if (abandoned || finished) {
      return;
    }
    abandoned = true;
    if (!shadowSent) {
      // a call in progress still reads from the copy and gives back its permit when it ends
      release();
      core.inFlight.release();
    }
    core.openExchanges.decrementAndGet();
  }

  // ---- the shadow's call ----

  private void sendShadow() {
    if (shadowSent) {
      return;
    }
    shadowSent = true;
    ProxyConfig config = core.config;
    UpstreamAddress address = target.address();
    StreamDeadline deadline =
        new StreamDeadline(
            core.vertx,
            config.shadowTimeout().toMillis(),
            config.shadowIdleTimeout().toMillis(),
            config.shadowMaxDuration().toMillis(),
            core.nanoTime);
    deadline.start();
    core.activeShadowCalls.add(deadline);
    core.metrics.mirrored();
    MultiMap headers = HttpHeaders.headers().addAll(upstreamHeaders).set(REQUEST_ID_HEADER, id);
    long sentAt = core.nanoTime.getAsLong();
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setHost(address.host())
            .setPort(address.port())
            .setSsl(address.ssl())
            .setURI(address.target(uri))
            .setHeaders(address.authorize(headers)) // the URL's user:password, as Basic auth
            .setConnectTimeout(config.shadowTimeout().toMillis());
    core.shadowClient
        .request(options)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                shadowFailed(ar.cause(), deadline, address, sentAt);
                return;
              }
              HttpClientRequest creq = ar.result();
              deadline.attach(creq);
              creq.exceptionHandler(
                  t -> {}); // the response future below reports every failure of this call
              // handlers are set on the response in this same callback, on this event loop, so no
              // chunk can arrive unseen
              creq.response()
                  .onComplete(
                      rar -> {
                        if (rar.failed()) {
                          shadowFailed(rar.cause(), deadline, address, sentAt);
                        } else {
                          collect(rar.result(), deadline, address, sentAt);
                        }
                      });
              creq.end(requestCopy.keptBuffer());
            });
  }

  private void collect(
      HttpClientResponse sresp, StreamDeadline deadline, UpstreamAddress address, long sentAt) {
    deadline.headReceived();
    shadowCapture = BodyCapture.upTo(core.config.captureMaxBytes(), core.inFlightBytes);
    BodyCapture capture = shadowCapture;
    sresp.handler(
        chunk -> {
          deadline.activity();
          capture.add(chunk);
        });
    sresp.exceptionHandler(t -> shadowFailed(t, deadline, address, sentAt));
    sresp.endHandler(
        v -> {
          if (shadow != null) {
            return;
          }
          long latency = core.nanoTime.getAsLong() - sentAt;
          deadline.finish();
          core.activeShadowCalls.remove(deadline);
          core.inFlight.release();
          core.metrics.shadowOutcome(latency, null);
          shadow =
              new CapturedResponse(
                  sresp.statusCode(),
                  ProxiedRequest.headerList(sresp.headers()),
                  capture.bytes(),
                  capture.truncated(),
                  latency,
                  null,
                  capture.digest());
          maybeFinish();
        });
  }

  private void shadowFailed(
      Throwable cause, StreamDeadline deadline, UpstreamAddress address, long sentAt) {
    if (shadow != null) {
      return;
    }
    deadline.finish();
    core.activeShadowCalls.remove(deadline);
    core.inFlight.release();
    TransportError error = ProxiedRequest.failure(cause, deadline, address);
    long latency = core.nanoTime.getAsLong() - sentAt;
    core.metrics.shadowOutcome(latency, error.kind());
    core.warnings.failed("shadow", error);
    shadow = CapturedResponse.failed(error, latency);
    maybeFinish();
  }

  // ---- the record ----

  private void maybeFinish() {
    if (abandoned && shadow != null) {
      release(); // the call that still read from the copy has ended
      return;
    }
    if (finished || abandoned || primary == null || shadow == null || captured == null) {
      return;
    }
    finished = true;
    Exchange exchange = new Exchange(captured, primary, shadow, target.address().url());
    release();
    core.pipeline.offer(exchange);
    core.openExchanges.decrementAndGet();
  }

  private void release() {
    requestCopy.release();
    primaryCapture.release();
    if (shadowCapture != null) {
      shadowCapture.release();
    }
  }
}
