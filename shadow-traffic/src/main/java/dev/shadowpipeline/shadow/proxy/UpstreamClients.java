package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients one event loop forwards with: a primary pool of its own, so that a caller's request,
 * the call it becomes and the answer coming back are all handled on the thread that accepted the
 * caller; and the {@link MirrorLoop} its copies go to, with the pools of the shadow and the
 * secondary.
 *
 * <p>A client shared by all event loops hands a connection made on one loop to a request from
 * another, and every chunk then crosses threads twice (a task queued and the other loop woken). On
 * two busy cores those wake-ups were most of the proxy's p99 (bench/results/proxy-overhead.md).
 * Vert.x makes a pool's connections on the loop that asks for them, so a pool used from one loop
 * only keeps them all there.
 *
 * @param primary the primary's pool
 * @param mirror where this loop's copies are sent from
 * @param deadlines the deadlines of this loop's calls to the primary
 */
record UpstreamClients(HttpClient primary, MirrorLoop mirror, DeadlineSweep deadlines) {

  private static final Logger log = LoggerFactory.getLogger(UpstreamClients.class);

  /**
   * Opens one event loop's primary pool, with its share of {@code --max-connections}, so the total
   * over all the loops holds; its copies go to {@code mirror}.
   *
   * <p>Called on the deploying thread, before the verticle has a loop: Vert.x takes the next event
   * loop, round robin, both for each verticle deployed and for each pool it opens (the pool's
   * cleaner timer), so pools opened in the verticles' {@code start()} — which runs while the next
   * instances are still given their loops — could put two verticles on one loop and leave another
   * idle. Where the pool is opened does not matter for its connections: each is made on the loop of
   * the request that asks for it.
   */
  static UpstreamClients open(
      Vertx vertx,
      ProxyConfig config,
      HttpClientOptions options,
      MirrorLoop mirror,
      LongSupplier nanoTime) {
    return new UpstreamClients(
        primaryPool(vertx, config, options),
        mirror,
        DeadlineSweep.forLoop(vertx, config, nanoTime));
  }

  /** One event loop's pool for the primary. */
  static HttpClient primaryPool(Vertx vertx, ProxyConfig config, HttpClientOptions options) {
    return client(vertx, options, share(config.maxConnections(), config.eventLoops()));
  }

  /** Closes the primary's pool (the copies' pools close with their loops' Vert.x). */
  Future<Void> close() {
    return primary.close();
  }

  // at least one connection per loop, so a limit below the loop count still lets every loop forward
  static int share(int total, int loops) {
    return Math.max(1, (total + loops - 1) / loops);
  }

  static HttpClient client(Vertx vertx, HttpClientOptions options, int maxConnections) {
    PoolOptions pool =
        new PoolOptions()
            .setHttp1MaxSize(maxConnections)
            // bounded: beyond it a request fails at once (503 for the primary, a dropped copy for
            // the shadow)
            .setMaxWaitQueueSize(maxConnections * 4);
    // a connection reset is the failure of the call on it, which that call records and counts;
    // without a handler of its own Vert.x would also log every reset at ERROR (a shadow that reset
    // wrote one line per copy)
    return vertx
        .httpClientBuilder()
        .with(new HttpClientOptions(options))
        .with(pool)
        .withConnectHandler(
            connection ->
                connection.exceptionHandler(
                    t -> log.debug("upstream connection failed: {}", t.toString())))
        .build();
  }
}
