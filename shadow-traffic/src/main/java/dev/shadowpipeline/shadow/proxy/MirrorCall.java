package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.TransportError;
import dev.shadowpipeline.shadow.llm.SseMeter;
import dev.shadowpipeline.shadow.metrics.ProxyMetrics.SecondaryOutcome;
import dev.shadowpipeline.shadow.trace.MirrorSpan;
import dev.shadowpipeline.shadow.trace.RequestTrace;
import dev.shadowpipeline.shadow.trace.TraceParent;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Locale;

/**
 * One call of a mirrored copy to an upstream that is not the primary: the shadow, or the secondary (a second instance
 * of the primary, the noise baseline). Both get the same copy at the same moment, under the same deadlines, with
 * their answers captured under the same in-flight byte budget.
 *
 * <p>The call holds one permit of its side's {@link InFlightLimit}, taken before it was created; it gives it back
 * exactly once: when the call ends (answered, failed, timed out or cancelled), or through {@link #cancelUnsent()}
 * when the copy is never sent. The bytes of its captured answer stay reserved until {@link #release()}.
 *
 * <p>Two threads, each with its own part: the caller's event loop (where the {@link MirroredExchange} that owns it
 * lives) starts the call, and reads its outcome once it is done; the call itself — the request, the answer's capture,
 * the deadline — runs on the paired {@link MirrorLoop}, which hands the finished outcome back to the caller's loop as a
 * task. Every field is written on one of the two threads only, or before a hand-over that orders it for the other.
 */
final class MirrorCall {

  /** Which upstream a call goes to. */
  enum Side {
    SHADOW,
    SECONDARY;

    /** The lower-case name used in logs and metrics. */
    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final ProxyCore core;
  private final Side side;
  private final UpstreamAddress address;
  private final MirrorLoop mirror;
  private final Context callerLoop;
  private final InFlightLimit permits;
  private final Runnable onDone;
  private BodyCapture capture; // written on the mirror loop, read after the hand-over
  private CapturedResponse outcome; // the caller's loop's
  private boolean refused; // the caller's loop's
  private MirrorSpan span; // the caller's loop's
  private boolean sent; // the caller's loop's
  private boolean over; // the mirror loop's: the call has ended
  private boolean permitHeld = true;

  /**
   * Made on the caller's event loop, which is where {@code onDone} will run.
   *
   * @param mirror the loop the call runs on, with the pools of the shadow and the secondary
   * @param permits the limit a permit was taken from for this call
   * @param onDone called on the caller's event loop once the call has ended and its outcome is known
   */
  MirrorCall(
      ProxyCore core,
      Side side,
      UpstreamAddress address,
      MirrorLoop mirror,
      InFlightLimit permits,
      Runnable onDone) {
    this.core = core;
    this.side = side;
    this.address = address;
    this.mirror = mirror;
    this.callerLoop = core.vertx.getOrCreateContext();
    this.permits = permits;
    this.onDone = onDone;
  }

  /**
   * Sends the copy; {@code body} is the kept request copy, which must stay untouched until this call has ended.
   *
   * @param headers the copy's headers, shared with the other copy: this call sends its own copy of them, with the
   *     traceparent of its span
   * @param trace the caller's request's spans; this call's span is one more in it
   * @param requestId the exchange's id
   */
  void send(
      HttpMethod method,
      String uri,
      MultiMap headers,
      Buffer body,
      RequestTrace trace,
      String requestId) {
    if (sent || !permitHeld) {
      return;
    }
    sent = true;
    span = trace.startMirror(side.label(), requestId);
    MultiMap own =
        HttpHeaders.headers().addAll(headers).set(TraceParent.HEADER, span.traceparent());
    if (side == Side.SHADOW) {
      core.metrics.mirrored();
    } else {
      core.metrics.secondary(SecondaryOutcome.SENT);
    }
    // handed over: from here on the caller's loop touches neither the headers nor the body
    mirror.loop().runOnContext(v -> call(method, uri, own, body));
  }

  // on the mirror loop
  private void call(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    ProxyConfig config = core.config;
    StreamDeadline deadline =
        new StreamDeadline(
            mirror.deadlines(),
            core.mirrorVertx.getOrCreateContext(),
            config.shadowTimeout().toMillis(),
            config.shadowIdleTimeout().toMillis(),
            config.shadowMaxDuration().toMillis());
    deadline.start();
    core.activeShadowCalls.add(deadline);
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
    HttpClient client = side == Side.SHADOW ? mirror.shadow() : mirror.secondary();
    client
        .request(options)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                failed(ar.cause(), deadline, sentAt);
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
                          failed(rar.cause(), deadline, sentAt);
                        } else {
                          collect(rar.result(), deadline, sentAt);
                        }
                      });
              creq.end(body);
            });
  }

  private void collect(HttpClientResponse resp, StreamDeadline deadline, long sentAt) {
    long headAt = core.nanoTime.getAsLong();
    deadline.headReceived();
    capture = BodyCapture.upTo(core.config.captureMaxBytes(), core.inFlightBytes);
    BodyCapture kept = capture;
    // a stream is timed as it arrives, past the capture limit too (its usage chunk comes last)
    SseMeter meter =
        SseMeter.measurable(
                resp.getHeader(HttpHeaders.CONTENT_TYPE),
                resp.getHeader(HttpHeaders.CONTENT_ENCODING))
            ? new SseMeter(sentAt, headAt)
            : null;
    resp.handler(
        chunk -> {
          if (over) {
            return; // the call has ended (and its capture may be released on the caller's loop)
          }
          long arrived = meter == null ? 0 : core.nanoTime.getAsLong();
          deadline.activity();
          kept.add(chunk);
          if (meter != null) {
            meter.add(chunk.getBytes(), 0, chunk.length(), arrived);
          }
        });
    resp.exceptionHandler(t -> failed(t, deadline, sentAt));
    resp.endHandler(
        v -> {
          if (over) {
            return;
          }
          long endedAt = core.nanoTime.getAsLong();
          long latency = endedAt - sentAt;
          ended(deadline);
          outcome(latency, null);
          complete(
              new CapturedResponse(
                  resp.statusCode(),
                  ProxiedRequest.headerList(resp.headers()),
                  kept.bytes(),
                  kept.truncated(),
                  latency,
                  null,
                  kept.digest(),
                  meter == null ? null : meter.finish(endedAt)),
              resp.statusCode(),
              null);
        });
  }

  // on the mirror loop
  private void failed(Throwable cause, StreamDeadline deadline, long sentAt) {
    if (over) {
      return;
    }
    ended(deadline);
    TransportError error = ProxiedRequest.failure(cause, deadline, address);
    long latency = core.nanoTime.getAsLong() - sentAt;
    outcome(latency, error);
    core.warnings.failed(side.label(), error);
    complete(CapturedResponse.failed(error, latency), 0, error.kind().label());
  }

  // on the mirror loop: the outcome goes back to the caller's loop, which alone reads it
  private void complete(CapturedResponse result, int status, String errorType) {
    boolean answerRefused = capture != null && capture.refused();
    callerLoop.runOnContext(
        v -> {
          span.end(status, errorType);
          refused = answerRefused;
          outcome = result;
          onDone.run();
        });
  }

  // on the mirror loop
  private void ended(StreamDeadline deadline) {
    over = true;
    deadline.finish();
    core.activeShadowCalls.remove(deadline);
    givePermitBack();
  }

  private void outcome(long latency, TransportError error) {
    if (side == Side.SHADOW) {
      core.metrics.shadowOutcome(latency, error == null ? null : error.kind());
    } else {
      core.metrics.secondaryOutcome(latency, error == null ? null : error.kind());
    }
  }

  private void givePermitBack() {
    if (permitHeld) {
      permitHeld = false;
      permits.release();
    }
  }

  /** The copy will never be sent (the caller went away first): the permit goes back now. */
  void cancelUnsent() {
    if (!sent) {
      givePermitBack();
    }
  }

  /** Whether the call was sent and has not ended yet (it may still read the request copy). */
  boolean inProgress() {
    return sent && outcome == null;
  }

  /** Whether the call has ended. */
  boolean done() {
    return outcome != null;
  }

  /** The answer, or the error that took its place; {@code null} until {@link #done()}. */
  CapturedResponse outcome() {
    return outcome;
  }

  /** This call's span, or {@code null} when the copy was never sent. */
  MirrorSpan span() {
    return span;
  }

  /** Whether the in-flight byte budget refused to keep part of the answer. */
  boolean refused() {
    return refused;
  }

  /** Gives the bytes of the captured answer back to the budget. */
  void release() {
    if (capture != null) {
      capture.release();
    }
  }
}
