package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.Context;
import io.vertx.core.http.HttpClientRequest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The deadlines of one upstream call, in three parts, so that a long streamed answer (an LLM writing for minutes) is
 * never cut while it is making progress:
 * <ul>
 *   <li>until the answer's head arrives: {@code headMillis};</li>
 *   <li>then between two body chunks: {@code idleMillis}, measured from the last chunk;</li>
 *   <li>optionally the whole call: {@code maxMillis} (0 for none), so a copy that trickles forever still ends.</li>
 * </ul>
 * When one passes, the call's stream is reset, which releases the connection and fails whatever still waits for it.
 * No timer of its own: while its clock runs the call is on its loop's {@link DeadlineSweep}, which checks it every
 * tick, so a deadline is noticed up to one tick late; a chunk costs a field write. Confined to the event loop that
 * created it, except {@link #cancel()}.
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

  private final DeadlineSweep sweep;
  private final Context context;
  private final long headMillis;
  private final long idleMillis;
  private final long maxMillis;
  private final long headNanos;
  private final long idleNanos;
  private final long maxNanos;
  private long startNanos;
  private boolean started;
  private long lastActivityNanos;
  private boolean streaming;
  private HttpClientRequest request;
  private Expiry expired;
  private boolean cancelled;
  private boolean finished;

  /** Where it is in its sweep's list, -1 when not there: the sweep's alone. */
  int sweepIndex = -1;

  /**
   * Made on the event loop the call runs on.
   *
   * @param sweep that loop's list of deadlines
   * @param maxMillis the whole call's deadline, 0 for none
   */
  StreamDeadline(
      DeadlineSweep sweep, Context context, long headMillis, long idleMillis, long maxMillis) {
    this.sweep = sweep;
    this.context = context;
    this.headMillis = Math.max(1, headMillis);
    this.idleMillis = Math.max(1, idleMillis);
    this.maxMillis = maxMillis;
    this.headNanos = TimeUnit.MILLISECONDS.toNanos(this.headMillis);
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(this.idleMillis);
    this.maxNanos = TimeUnit.MILLISECONDS.toNanos(maxMillis);
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
    startNanos = sweep.now();
    sweep.add(this);
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
    lastActivityNanos = sweep.now();
    if (!started) {
      // an answer that starts before the request was sent whole (an early error, say): its clock
      // starts now
      started = true;
      startNanos = lastActivityNanos;
      sweep.add(this);
    }
  }

  /** A body chunk arrived. */
  void activity() {
    lastActivityNanos = sweep.now();
  }

  /** Called by the sweep each tick: expires the call when one of its deadlines has passed by now. */
  void check(long now) {
    if (finished || cancelled || expired != null) {
      sweep.remove(this);
    } else if (maxNanos > 0 && now - startNanos >= maxNanos) {
      expire(Expiry.TOTAL);
    } else if (!streaming) {
      if (now - startNanos >= headNanos) {
        expire(Expiry.HEAD);
      }
    } else if (now - lastActivityNanos >= idleNanos) {
      expire(Expiry.IDLE);
    }
  }

  private void expire(Expiry why) {
    expired = why;
    sweep.remove(this);
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
          sweep.remove(this);
          if (request != null) {
            request.reset(0, QuietTimeout.cancelled());
          }
        });
  }

  /** The call completed (or failed); the timer is no longer needed. */
  void finish() {
    if (!finished) {
      finished = true;
      sweep.remove(this);
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
