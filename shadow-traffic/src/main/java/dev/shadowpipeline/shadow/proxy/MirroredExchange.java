package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.exchange.BodyDigest;
import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.Exchange;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.metrics.ProxyMetrics.SecondaryOutcome;
import dev.shadowpipeline.shadow.trace.MirrorSpan;
import dev.shadowpipeline.shadow.trace.RequestTrace;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.time.Instant;
import java.util.List;

/**
 * The mirrored side of one caller's request: the copy of its body kept for the shadow (and the secondary, when one is
 * configured and this request was chosen for it), their calls, the capture of every answer, and the hand-over of the
 * finished exchange to the record pipeline. Everything it holds is reserved in the proxy's in-flight
 * {@link dev.shadowpipeline.shadow.memory.ByteBudget}; when the budget refuses the request copy, the mirror is
 * abandoned and counted, never waited for. When it refuses part of the secondary's answer, only the secondary side is
 * dropped (and counted): the shadow's pair is recorded as usual.
 *
 * <p>Accounting: each call holds one permit of its side's in-flight limit and gives it back when it ends, or at once
 * when the copy is never sent; the request copy and the captured answers are released once nothing can read them any
 * more — when the exchange is handed over, or, for an abandoned one, when the last call in progress has ended.
 *
 * <p>Confined to the event loop of the caller's connection, like the {@link ProxiedRequest} that owns it. Its calls
 * run on the {@link MirrorLoop} paired with that loop and hand their outcomes back to it, so everything here happens on
 * the caller's loop.
 */
final class MirroredExchange {

  static final String REQUEST_ID_HEADER = "X-Shadow-Request-Id";

  private final ProxyCore core;
  private final ShadowTarget target;
  private final String id;
  private final HttpMethod method;
  private final String uri;
  private final MultiMap upstreamHeaders;
  private final RequestTrace trace;
  private final BodyCapture requestCopy;
  private final BodyCapture primaryCapture;
  private final MirrorCall shadowCall;
  private final MirrorCall secondaryCall;
  private CapturedRequest captured;
  private CapturedResponse primary;
  private boolean abandoned;
  private boolean finished;
  private boolean copiesSent;
  private boolean released;

  /**
   * @param secondary where the secondary copy goes, or {@code null} when this request has none; a permit of
   *     {@code core.secondaryInFlight} has been taken for it (as one of {@code core.inFlight} for the shadow)
   * @param trace the caller's request's spans: each copy gets a span of its own in the same trace
   */
  MirroredExchange(
      ProxyCore core,
      UpstreamClients clients,
      ShadowTarget target,
      UpstreamAddress secondary,
      HttpMethod method,
      String uri,
      MultiMap upstreamHeaders,
      RequestTrace trace) {
    this.core = core;
    this.target = target;
    this.id = core.ids.next();
    this.method = method;
    this.uri = uri;
    this.upstreamHeaders = upstreamHeaders;
    this.trace = trace;
    trace.mirrored(id);
    long captureMax = core.config.captureMaxBytes();
    // the shadow needs the request whole; the record keeps its start and digests the rest
    this.requestCopy = new BodyCapture(core.config.maxBodyBytes(), captureMax, core.inFlightBytes);
    this.primaryCapture = BodyCapture.upTo(captureMax, core.inFlightBytes);
    this.shadowCall =
        new MirrorCall(
            core,
            MirrorCall.Side.SHADOW,
            target.address(),
            clients.mirror(),
            core.inFlight,
            this::maybeFinish);
    this.secondaryCall =
        secondary == null
            ? null
            : new MirrorCall(
                core,
                MirrorCall.Side.SECONDARY,
                secondary,
                clients.mirror(),
                core.secondaryInFlight,
                this::maybeFinish);
    core.openExchanges.incrementAndGet();
  }

  /** The request id, also sent to the shadow and the secondary as {@value #REQUEST_ID_HEADER}. */
  String id() {
    return id;
  }

  boolean abandoned() {
    return abandoned;
  }

  /**
   * Keeps a chunk of the caller's request for the copies.
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
      if (secondaryCall != null) {
        core.metrics.secondary(SecondaryOutcome.DROPPED_MEMORY);
      }
      return false;
    }
    return true;
  }

  /** The capture the primary's answer is streamed into while it is relayed to the caller. */
  BodyCapture primaryCapture() {
    return primaryCapture;
  }

  /**
   * The caller's request is complete: what the record will show of it is fixed now, and in parallel mode the copies
   * go out at once.
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
    // read the body, before the caller's end of request reaches the proxy (the request was paused
    // for back-pressure, say)
    if (core.config.shadowMode() == ShadowMode.PARALLEL || primary != null) {
      sendCopies();
    }
  }

  /**
   * The primary's answer is complete (or failed); in after-primary mode the copies go out now, or as soon as the
   * caller's request is complete. (A caller that goes away before its request is complete abandons the mirror
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
      sendCopies();
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
    shadowCall.cancelUnsent();
    if (secondaryCall != null) {
      secondaryCall.cancelUnsent();
    }
    // a call in progress still reads from the copy: the bytes go back when the last one ends
    releaseWhenIdle();
    core.openExchanges.decrementAndGet();
  }

  // ---- the copies: the shadow's, and the secondary's at the same moment ----

  private void sendCopies() {
    if (copiesSent) {
      return;
    }
    copiesSent = true;
    // marked as copies: the record's id, and a header saying that no caller waits for the answer;
    // each call puts in the traceparent of its own span
    MultiMap headers =
        HttpHeaders.headers()
            .addAll(upstreamHeaders)
            .set(REQUEST_ID_HEADER, id)
            .set(MirrorSpan.MIRRORED_HEADER, "1");
    Buffer body = requestCopy.keptBuffer(); // each send writes its own slice of it
    shadowCall.send(method, uri, headers, body, trace, id);
    if (secondaryCall != null) {
      secondaryCall.send(method, uri, headers, body, trace, id);
    }
  }

  // ---- the record ----

  private void maybeFinish() {
    if (abandoned) {
      releaseWhenIdle(); // a call that still read from the copy has ended
      return;
    }
    if (finished
        || primary == null
        || captured == null
        || !shadowCall.done()
        || (secondaryCall != null && !secondaryCall.done())) {
      return;
    }
    finished = true;
    CapturedResponse secondary = null;
    if (secondaryCall != null) {
      if (secondaryCall.refused()) {
        // a cut answer would be compared by digest and count as noise on the whole body: dropped
        core.metrics.secondary(SecondaryOutcome.DROPPED_MEMORY);
      } else {
        secondary = secondaryCall.outcome();
      }
    }
    if (core.shedding.shed()) {
      // the event loops lag: this pair is counted, not compared (the caller was answered already)
      release();
      core.openExchanges.decrementAndGet();
      return;
    }
    Exchange exchange =
        new Exchange(
            captured,
            primary,
            shadowCall.outcome(),
            target.address().url(),
            secondary,
            trace.ids(shadowCall.span(), secondary == null ? null : secondaryCall.span()));
    release();
    core.pipeline.offer(exchange);
    core.openExchanges.decrementAndGet();
  }

  private void releaseWhenIdle() {
    if (!shadowCall.inProgress() && (secondaryCall == null || !secondaryCall.inProgress())) {
      release();
    }
  }

  private void release() {
    if (released) {
      return;
    }
    released = true;
    requestCopy.release();
    primaryCapture.release();
    shadowCall.release();
    if (secondaryCall != null) {
      secondaryCall.release();
    }
  }
}
