package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients one event loop forwards with: pools of its own, so that a caller's request, the call
 * it becomes and the answer coming back are all handled on the thread that accepted the caller.
 *
 * <p>A client shared by all event loops hands a connection made on one loop to a request from
 * another, and every chunk then crosses threads twice (a task queued and the other loop woken). On
 * two busy cores those wake-ups were most of the proxy's p99 (bench/results/proxy-overhead.md).
 * Vert.x makes a pool's connections on the loop that asks for them, so a pool used from one loop
 * only keeps them all there.
 *
 * @param primary the primary's pool
 * @param shadow the shadow's pool
 * @param secondary the secondary's pool, or {@code null} without a secondary
 */
record UpstreamClients(HttpClient primary, HttpClient shadow, HttpClient secondary) {

  private static final Logger log = LoggerFactory.getLogger(UpstreamClients.class);

  /**
   * Opens one event loop's pools, each with its share of {@code --max-connections}, so the total
   * over all the loops holds. A mirror pool may also use up to {@code --max-in-flight} connections
   * within that share: the in-flight bound is counted over all the loops already, and all the copies
   * it allows may come from one loop (one busy caller connection).
   */
  static UpstreamClients open(Vertx vertx, ProxyConfig config, HttpClientOptions options) {
    int primary = share(config.maxConnections(), config.eventLoops());
    int mirror = Math.min(config.maxInFlight(), primary);
    return new UpstreamClients(
        client(vertx, options, primary),
        client(vertx, options, mirror),
        config.hasSecondary() ? client(vertx, options, mirror) : null);
  }

  /** Closes the pools; the future completes when all have closed. */
  Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>(3);
    closing.add(primary.close());
    closing.add(shadow.close());
    if (secondary != null) {
      closing.add(secondary.close());
    }
    return Future.join(closing).mapEmpty();
  }

  // at least one connection per loop, so a limit below the loop count still lets every loop forward
  static int share(int total, int loops) {
    return Math.max(1, (total + loops - 1) / loops);
  }

  private static HttpClient client(Vertx vertx, HttpClientOptions options, int maxConnections) {
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
