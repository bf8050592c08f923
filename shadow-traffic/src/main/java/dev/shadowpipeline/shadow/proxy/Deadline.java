package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import java.util.concurrent.TimeoutException;

/**
 * One upstream call's total deadline, covering the wait for a connection, the answer's head and its whole body. When
 * it passes, the call's stream is reset, which releases the connection and fails whatever is still waiting.
 * Confined to the event loop that created it.
 */
final class Deadline {

  private static final TimeoutException EXPIRED = new QuietTimeout("deadline passed");
  private static final TimeoutException CANCELLED = new QuietTimeout("cancelled");

  private final Vertx vertx;
  private final Context context;
  private final long timerId;
  private HttpClientRequest request;
  private boolean expired;
  private boolean cancelled;
  private boolean finished;

  Deadline(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.timerId = vertx.setTimer(Math.max(1, timeoutMillis), id -> expire());
  }

  /** Ties the deadline to the request once the client has given one. */
  void attach(HttpClientRequest req) {
    this.request = req;
    if (expired || cancelled) {
      req.reset(0, cancelled ? CANCELLED : EXPIRED);
    }
  }

  private void expire() {
    if (finished) {
      return;
    }
    expired = true;
    if (request != null) {
      request.reset(0, EXPIRED);
    }
  }

  /** Ends the call early from any thread, e.g. when the proxy stops waiting for the shadow at shutdown. */
  void cancel() {
    context.runOnContext(v -> {
      if (finished || expired) {
        return;
      }
      cancelled = true;
      if (request != null) {
        request.reset(0, CANCELLED);
      }
    });
  }

  /** The call completed (or failed); the timer is no longer needed. */
  void finish() {
    if (!finished) {
      finished = true;
      vertx.cancelTimer(timerId);
    }
  }

  boolean expired() {
    return expired;
  }

  boolean cancelled() {
    return cancelled;
  }

  /** Shared and thrown often, so it carries no stack trace. */
  private static final class QuietTimeout extends TimeoutException {
    private static final long serialVersionUID = 1L;

    QuietTimeout(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
