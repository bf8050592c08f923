package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x HTTP client for tests, every call of which runs on one Vert.x context.
 *
 * <p>Why: a Vert.x 5 client called from a plain thread through futures ({@code request().compose(send)
 * .compose(body)}) can lose the first chunks of an answer. The caller's futures then belong to a context on another
 * event loop than the one delivering the answer, so the body handler is set a moment after the body arrived and the
 * body is dropped (eclipse-vertx/vert.x#5825 and #5904). That was the flaky "caller received {@code ""}" of
 * {@code CallerNeverWaitsForShadowTest}: measured in a loop it happened in about 1 round of 100 with no proxy at all
 * (a test client against an echo server), and never with the calls made on one context. The proxy itself is not
 * exposed: it calls its upstreams from the event loop that owns the caller's connection and sets its handlers in the
 * answer's own callback ({@code ProxiedRequest.openPrimary}).
 */
final class LoopbackCaller {

  /** One answer, read whole. */
  record Answer(int status, MultiMap headers, Buffer body) {
    String text() {
      return body.toString();
    }
  }

  private final Context context;
  private final HttpClient client;

  LoopbackCaller(Vertx vertx, int connections) {
    this.context = vertx.getOrCreateContext();
    this.client =
        vertx.httpClientBuilder().with(new PoolOptions().setHttp1MaxSize(connections)).build();
  }

  /** Sends a request from this caller's context; the future completes with the whole answer. */
  Future<Answer> send(RequestOptions options, Buffer body) {
    Promise<Answer> done = Promise.promise();
    context.runOnContext(
        v ->
            client
                .request(options)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(
                    resp -> resp.body().map(b -> new Answer(resp.statusCode(), resp.headers(), b)))
                .onComplete(done));
    return done.future();
  }

  /** Sends and waits for the answer. */
  Answer call(RequestOptions options, String body) throws Exception {
    return send(options, body == null ? null : Buffer.buffer(body))
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }
}
