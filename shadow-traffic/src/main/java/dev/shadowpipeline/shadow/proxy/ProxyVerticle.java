package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;

/** One event loop's share of the proxy: a server on the shared port whose requests become {@link ProxiedRequest}s. */
final class ProxyVerticle extends VerticleBase {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ProxyVerticle.class);

  private static final int IDLE_TIMEOUT_SECONDS = 120;

  private final ProxyCore core;
  private final int port;
  private HttpServer server;
  private volatile UpstreamClients clients; // closed by the shutdown, on another thread

  ProxyVerticle(ProxyCore core, int port) {
    this.core = core;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    // opened here, on this verticle's event loop, and used from it alone (see UpstreamClients)
    UpstreamClients own = UpstreamClients.open(vertx, core.config, core.upstreamOptions);
    clients = own;
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(core.config.host())
            .setPort(port)
            .setMaxHeaderSize(core.config.maxHeaderBytes())
            .setMaxInitialLineLength(core.config.maxRequestLineBytes())
            .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
            .setTcpNoDelay(true)
            .setCompressionSupported(false)
            .setDecompressionSupported(false)
            .setHandle100ContinueAutomatically(false);
    server =
        vertx
            .createHttpServer(options)
            // a caller that resets its connection ends its own request; it is not worth an ERROR
            // line per caller
            .connectionHandler(
                connection ->
                    connection.exceptionHandler(
                        t -> log.debug("caller connection failed: {}", t.toString())))
            .requestHandler(req -> new ProxiedRequest(core, own, req).start());
    core.loopLag.watch(vertx);
    return server.listen();
  }

  int actualPort() {
    return server.actualPort();
  }

  /** Closes this event loop's upstream pools, once its requests and their copies have finished. */
  Future<Void> closeClients() {
    return clients == null ? Future.succeededFuture() : clients.close();
  }

  /** Stops accepting connections and lets requests in progress finish, for at most {@code grace}. */
  Future<Void> shutdown(Duration grace) {
    return server == null ? Future.succeededFuture() : server.shutdown(grace);
  }
}
