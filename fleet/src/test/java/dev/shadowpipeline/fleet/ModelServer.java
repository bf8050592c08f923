package dev.shadowpipeline.fleet;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * A loan model on a loopback port: {@code POST {"id": N}} answers {@code {"decision": ..., "score": ...}}, approving
 * even ids; {@code flips} names the ids whose decision it turns around (a shadow that disagrees on them).
 */
public final class ModelServer implements AutoCloseable {

  private final HttpServer server;

  private ModelServer(HttpServer server) {
    this.server = server;
  }

  /** Starts a model that answers every id the same way as a primary, except those {@code flips} accepts. */
  public static ModelServer start(Vertx vertx, IntPredicate flips) throws Exception {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              int id = new JsonObject(body).getInteger("id", 0);
                              boolean approve = (id % 2 == 0) != flips.test(id);
                              req.response()
                                  .putHeader("Content-Type", "application/json")
                                  .end(
                                      new JsonObject()
                                          .put("decision", approve ? "approve" : "reject")
                                          .put("score", approve ? 0.8 : 0.2)
                                          .encode());
                            }));
    server
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    return new ModelServer(server);
  }

  /** The model's URL. */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  // InterruptedException is not thrown from close(): try-with-resources would suppress an
  // interrupt
  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the model server", e);
    }
  }
}
