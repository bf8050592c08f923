package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.util.function.LongSupplier;

/**
 * An event loop of the copies: the calls to the shadow and the secondary run here, on threads of their own, not on
 * the event loop that serves the caller.
 *
 * <p>In parallel mode a copy leaves with the primary request, and the shadow's answer comes back at about the moment
 * the primary's does. On the caller's loop, reading and capturing it would come first about half of the time, and the
 * caller would wait for it: measured, that was most of what the proxy's p99 added to nginx's {@code mirror}
 * (bench/results/proxy-overhead.md). Here the caller's loop only hands the copy over and later takes the finished
 * outcome back; what a copy costs runs beside it on another thread.
 *
 * <p>Each caller loop is paired with one of these, which holds the pools of its copies and uses them from its own
 * loop alone, as {@link UpstreamClients} does for the primary, so a copy and its answer stay on this thread.
 */
final class MirrorLoop extends VerticleBase {

  private final HttpClient shadow;
  private final HttpClient secondary;
  private final DeadlineSweep deadlines;
  private volatile Thread thread;

  /**
   * Opens the pools, on the deploying thread: see {@link UpstreamClients#open} for why not in {@link #start()}.
   *
   * @param vertx the copies' Vert.x, where this will be deployed
   */
  MirrorLoop(Vertx vertx, ProxyConfig config, HttpClientOptions options, LongSupplier nanoTime) {
    int size = poolSize(config);
    this.shadow = UpstreamClients.client(vertx, options, size);
    this.secondary = config.hasSecondary() ? UpstreamClients.client(vertx, options, size) : null;
    this.deadlines = DeadlineSweep.forLoop(vertx, config, nanoTime);
  }

  /** The deadlines of the copies this loop sends. */
  DeadlineSweep deadlines() {
    return deadlines;
  }

  @Override
  public Future<?> start() {
    thread = Thread.currentThread();
    return Future.succeededFuture();
  }

  /** The loop's thread, once deployed. */
  Thread thread() {
    return thread;
  }

  /**
   * Connections of each copy pool: the loop's share of {@code --max-connections}, and no more than
   * {@code --max-in-flight}: the in-flight bound is counted over all the loops already, and all the copies it allows
   * may come from one caller loop (one busy caller connection).
   */
  static int poolSize(ProxyConfig config) {
    return Math.min(
        config.maxInFlight(), UpstreamClients.share(config.maxConnections(), config.eventLoops()));
  }

  /** The loop's context: tasks given to it run on its thread, one after the other. */
  Context loop() {
    return context;
  }

  /** The shadow's pool; only used from this loop. */
  HttpClient shadow() {
    return shadow;
  }

  /** The secondary's pool, or {@code null} without a secondary; only used from this loop. */
  HttpClient secondary() {
    return secondary;
  }
}
