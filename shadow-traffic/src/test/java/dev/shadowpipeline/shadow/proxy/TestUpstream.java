package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real HTTP server on loopback standing in for a model: it records every request it receives and answers with a
 * scripted {@link Responder}. Like OkHttp's MockWebServer, but on Vert.x so responders can stall or delay without
 * blocking a thread.
 */
final class TestUpstream implements AutoCloseable {

  /** Answers one received request; the body has already been read. */
  @FunctionalInterface
  interface Responder {
    void respond(HttpServerRequest req, Buffer body);
  }

  /** One request as the upstream saw it. */
  record Received(String method, String uri, MultiMap headers, byte[] body, long receivedNanos) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private volatile Responder responder;

  private TestUpstream(Vertx vertx, HttpServerOptions options, Responder responder)
      throws Exception {
    this.responder = responder;
    this.server =
        vertx
            .createHttpServer(options)
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              MultiMap headers = HttpHeaders.headers().addAll(req.headers());
                              received.add(
                                  new Received(
                                      req.method().name(),
                                      req.uri(),
                                      headers,
                                      body.getBytes(),
                                      System.nanoTime()));
                              this.responder.respond(req, body);
                            }));
    server
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  static TestUpstream start(Vertx vertx, Responder responder) throws Exception {
    return new TestUpstream(vertx, new HttpServerOptions(), responder);
  }

  /** An upstream with its own server options, e.g. a longer request line than Vert.x's default 4 KiB. */
  static TestUpstream start(Vertx vertx, HttpServerOptions options, Responder responder)
      throws Exception {
    return new TestUpstream(vertx, options, responder);
  }

  static TestUpstream startTls(Vertx vertx, Path pkcs12, String password, Responder responder)
      throws Exception {
    HttpServerOptions options =
        new HttpServerOptions()
            .setSsl(true)
            .setKeyCertOptions(new PfxOptions().setPath(pkcs12.toString()).setPassword(password));
    return new TestUpstream(vertx, options, responder);
  }

  void respondWith(Responder next) {
    this.responder = next;
  }

  int port() {
    return server.actualPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  int receivedCount() {
    return received.size();
  }

  // InterruptedException is not thrown from close(): try-with-resources would suppress an interrupt
  @Override
  public void close() throws ExecutionException, TimeoutException {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while closing the test upstream", e);
    }
  }

  // ---- responders ----

  static Responder json(int status, String body) {
    return (req, b) ->
        req.response()
            .setStatusCode(status)
            .putHeader("Content-Type", "application/json")
            .end(body);
  }

  /** Answers after {@code millis}, without blocking the event loop. */
  static Responder delayed(Vertx vertx, long millis, Responder then) {
    return (req, body) -> vertx.setTimer(millis, id -> then.respond(req, body));
  }

  /** Echoes the request body back as the answer. */
  static Responder echo() {
    return (req, body) -> req.response().putHeader("Content-Type", "application/json").end(body);
  }

  /** Keeps every request waiting until the returned list's responses are ended by the test. */
  static Responder stall(List<HttpServerRequest> parked) {
    return (req, body) -> {
      synchronized (parked) {
        parked.add(req);
      }
    };
  }

  /** Closes the connection instead of answering. */
  static Responder reset() {
    return (req, body) -> req.connection().close();
  }

  /** A TCP server that answers every connection with bytes that are not HTTP, then closes it. */
  static Future<NetServer> garbageServer(Vertx vertx) {
    return vertx
        .createNetServer()
        .connectHandler(
            socket ->
                socket.handler(
                    data ->
                        socket
                            .write(Buffer.buffer("SSH-2.0-OpenSSH_9.2 definitely not http\r\n\r\n"))
                            .onComplete(v -> socket.close())))
        .listen(0, "127.0.0.1");
  }
}
