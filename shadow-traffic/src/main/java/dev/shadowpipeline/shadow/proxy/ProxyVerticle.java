package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** One event loop's share of the proxy: a server on the shared port whose requests become {@link ProxiedRequest}s. */
final class ProxyVerticle extends VerticleBase {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ProxyVerticle.class);

  private static final int IDLE_TIMEOUT_SECONDS = 120;

  private final ProxyCore core;
  private final UpstreamClients clients;
  private final int port;
  private HttpServer server;
  private volatile Thread thread;

  /**
   * @param clients opened for this verticle alone, and used from its event loop alone
   */
  ProxyVerticle(ProxyCore core, UpstreamClients clients, int port) {
    this.core = core;
    this.clients = clients;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    thread = Thread.currentThread();
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
            .requestHandler(req -> new ProxiedRequest(core, clients, req).start());
    core.loopLag.watch(vertx);
    return server.listen();
  }

  int actualPort() {
    return server.actualPort();
  }

  /** Closes this event loop's primary pool, once its requests and their copies have finished. */
  Future<Void> closeClients() {
    return clients.close();
  }

  /** The threads of this verticle's event loop and of its copies' loop, once deployed. */
  List<Thread> threads() {
    return Arrays.asList(thread, clients.mirror().thread());
  }

  /** Stops accepting connections and lets requests in progress finish, for at most {@code grace}. */
  Future<Void> shutdown(Duration grace) {
    return server == null ? Future.succeededFuture() : server.shutdown(grace);
  }
}
