package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The deadlines of one upstream call, in three parts, so that a long streamed answer (an LLM writing for minutes) is
 * never cut while it is making progress:
 * <ul>
 *   <li>until the answer's head arrives: {@code headMillis};</li>
 *   <li>then between two body chunks: {@code idleMillis}, measured from the last chunk;</li>
 *   <li>optionally the whole call: {@code maxMillis} (0 for none), so a copy that trickles forever still ends.</li>
 * </ul>
 * When one passes, the call's stream is reset, which releases the connection and fails whatever still waits for it.
 * One timer at a time and a timestamp per chunk: a chunk costs a field write, not a timer. Confined to the event loop
 * that created it, except {@link #cancel()}.
 */
final class StreamDeadline {

  /** Which deadline passed. */
  enum Expiry {
    HEAD("no answer head within %d ms"),
    IDLE("no data for %d ms while the answer was streaming"),
    TOTAL("the answer took longer than %d ms in all");

    private final String format;

    Expiry(String format) {
      this.format = format;
    }

    String describe(long millis) {
      return String.format(format, millis);
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final LongSupplier nanoTime;
  private final long headMillis;
  private final long idleMillis;
  private final long maxMillis;
  private long startNanos;
  private boolean started;
  private long timerId = -1;
  private long lastActivityNanos;
  private boolean streaming;
  private HttpClientRequest request;
  private Expiry expired;
  private boolean cancelled;
  private boolean finished;

  StreamDeadline(
      Vertx vertx, long headMillis, long idleMillis, long maxMillis, LongSupplier nanoTime) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.nanoTime = nanoTime;
    this.headMillis = Math.max(1, headMillis);
    this.idleMillis = Math.max(1, idleMillis);
    this.maxMillis = maxMillis;
  }

  /**
   * Starts the clock: the head deadline counts from now. For the primary this is when the caller's request has been
   * passed on whole (a slow upload is the caller's own business); for the shadow, when the copy is sent.
   */
  void start() {
    if (started || finished) {
      return;
    }
    started = true;
    startNanos = nanoTime.getAsLong();
    if (!streaming) {
      schedule(Math.min(headMillis, maxMillis > 0 ? maxMillis : Long.MAX_VALUE));
    }
  }

  private void schedule(long millis) {
    timerId = vertx.setTimer(Math.max(1, millis), id -> check());
  }

  /** Ties the deadline to the request once the client has given one. */
  void attach(HttpClientRequest req) {
    this.request = req;
    if (expired != null || cancelled) {
      req.reset(0, cancelled ? QuietTimeout.cancelled() : QuietTimeout.expired());
    }
  }

  /** The answer's head arrived: from now on the idle deadline applies. */
  void headReceived() {
    if (finished || expired != null) {
      return;
    }
    streaming = true;
    lastActivityNanos = nanoTime.getAsLong();
    if (!started) {
      // an answer that starts before the request was sent whole (an early error, say): its clock
      // starts now
      started = true;
      startNanos = lastActivityNanos;
    }
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    schedule(nextCheckMillis(lastActivityNanos));
  }

  /** A body chunk arrived. */
  void activity() {
    lastActivityNanos = nanoTime.getAsLong();
  }

  private void check() {
    if (finished || cancelled || expired != null) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (maxMillis > 0 && now - startNanos >= TimeUnit.MILLISECONDS.toNanos(maxMillis)) {
      expire(Expiry.TOTAL);
    } else if (!streaming) {
      expire(Expiry.HEAD);
    } else if (now - lastActivityNanos >= TimeUnit.MILLISECONDS.toNanos(idleMillis)) {
      expire(Expiry.IDLE);
    } else {
      schedule(nextCheckMillis(now));
    }
  }

  // the sooner of: idle deadline counted from the last chunk, and the total deadline
  private long nextCheckMillis(long now) {
    long idleLeft = idleMillis - TimeUnit.NANOSECONDS.toMillis(now - lastActivityNanos);
    if (maxMillis > 0) {
      long totalLeft = maxMillis - TimeUnit.NANOSECONDS.toMillis(now - startNanos);
      return Math.max(1, Math.min(idleLeft, totalLeft));
    }
    return Math.max(1, idleLeft);
  }

  private void expire(Expiry why) {
    expired = why;
    if (request != null) {
      request.reset(0, QuietTimeout.expired());
    }
  }

  /** Ends the call early from any thread, e.g. when the proxy stops waiting for the shadow at shutdown. */
  void cancel() {
    context.runOnContext(
        v -> {
          if (finished || expired != null) {
            return;
          }
          cancelled = true;
          if (request != null) {
            request.reset(0, QuietTimeout.cancelled());
          }
        });
  }

  /** The call completed (or failed); the timer is no longer needed. */
  void finish() {
    if (!finished) {
      finished = true;
      if (timerId >= 0) {
        vertx.cancelTimer(timerId);
      }
    }
  }

  /** Which deadline passed, or {@code null}. */
  Expiry expired() {
    return expired;
  }

  /** Why the call was cut, for the record: e.g. "no data for 60000 ms while the answer was streaming". */
  String describeExpiry() {
    return switch (expired) {
      case HEAD -> expired.describe(headMillis);
      case IDLE -> expired.describe(idleMillis);
      case TOTAL -> expired.describe(maxMillis);
    };
  }

  boolean cancelled() {
    return cancelled;
  }

  /** Made at every reset, so it carries no stack trace; never shared, as its receivers may add to it. */
  private static final class QuietTimeout extends TimeoutException {
    private static final long serialVersionUID = 1L;

    QuietTimeout(String message) {
      super(message);
    }

    static TimeoutException expired() {
      return new QuietTimeout("deadline passed");
    }

    static TimeoutException cancelled() {
      return new QuietTimeout("cancelled");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
