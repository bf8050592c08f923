package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each event loop forwards over connections of its own: no upstream connection carries requests
 * from two loops, so no chunk of a forwarded call crosses threads.
 */
class UpstreamClientsTest {

  private Vertx upstreamVertx;
  private Vertx proxyVertx;
  private HttpServer upstream;

  /** The loops whose requests each upstream connection carried, by the connection's remote port. */
  private final Map<Integer, Set<String>> loopsByConnection = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    upstreamVertx = Vertx.vertx();
    upstream =
        upstreamVertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  loopsByConnection
                      .computeIfAbsent(
                          req.connection().remoteAddress().port(), p -> new TreeSet<>())
                      .add(req.getHeader("x-loop"));
                  req.response().end("ok");
                })
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    proxyVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  }

  @AfterEach
  void tearDown() throws Exception {
    proxyVertx.close().await(10, TimeUnit.SECONDS);
    upstreamVertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void eachLoopsRequestsTravelOnItsOwnConnections() throws Exception {
    ProxyConfig config = config();
    List<Caller> loops =
        deploy(v -> UpstreamClients.primaryPool(v, config, new HttpClientOptions()));

    // the first loop's connections are idle when the second asks: a shared pool would hand them
    // over
    loops.get(0).send(5).await(10, TimeUnit.SECONDS);
    loops.get(1).send(5).await(10, TimeUnit.SECONDS);

    assertThat(loopsByConnection.values()).allSatisfy(l -> assertThat(l).hasSize(1));
    assertThat(loopsByConnection.values()).flatMap(l -> l).contains("0", "1");
  }

  @Test
  void aPoolSharedByTheLoopsHandsOneLoopsConnectionToTheOther() throws Exception {
    // what the test above guards against, shown on one pool for both loops (the proxy before
    // UpstreamClients): if this stops holding, Vert.x keeps connections per loop by itself
    HttpClient shared = UpstreamClients.primaryPool(proxyVertx, config(), new HttpClientOptions());
    List<Caller> loops = deploy(v -> shared);

    loops.get(0).send(5).await(10, TimeUnit.SECONDS);
    loops.get(1).send(5).await(10, TimeUnit.SECONDS);

    assertThat(loopsByConnection.values()).anySatisfy(l -> assertThat(l).containsExactly("0", "1"));
  }

  @Test
  void theConnectionLimitIsSharedOutAmongTheLoops() {
    assertThat(UpstreamClients.share(1000, 2)).isEqualTo(500);
    assertThat(UpstreamClients.share(1001, 2)).isEqualTo(501);
    assertThat(UpstreamClients.share(3, 4)).isEqualTo(1);
    assertThat(UpstreamClients.share(1, 1)).isEqualTo(1);
  }

  private ProxyConfig config() {
    String url = "http://127.0.0.1:" + upstream.actualPort();
    return ProxyConfig.builder(url, url).eventLoops(2).outDir(Path.of("unused")).build();
  }

  // the pools are opened first and the verticles deployed after, as the proxy does (see
  // UpstreamClients.open): opening a pool takes an event loop round robin too
  private List<Caller> deploy(Function<Vertx, HttpClient> clients) throws Exception {
    List<Caller> callers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      callers.add(
          new Caller(Integer.toString(i), clients.apply(proxyVertx), upstream.actualPort()));
    }
    for (Caller caller : callers) {
      proxyVertx.deployVerticle(caller).await(10, TimeUnit.SECONDS);
    }
    assertThat(callers.get(0).thread).isNotEqualTo(callers.get(1).thread);
    return callers;
  }

  /** One event loop's forwarding, as a ProxyVerticle does it: its requests go out from its loop. */
  private static final class Caller extends VerticleBase {
    private final String name;
    private final HttpClient client;
    private final int port;
    private volatile Thread thread;

    Caller(String name, HttpClient client, int port) {
      this.name = name;
      this.client = client;
      this.port = port;
    }

    @Override
    public Future<?> start() {
      thread = Thread.currentThread();
      return Future.succeededFuture();
    }

    /** Sends {@code n} requests one after another from this verticle's loop. */
    Future<Void> send(int n) {
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> next(n, done));
      return done.future();
    }

    private void next(int left, Promise<Void> done) {
      if (left == 0) {
        done.complete();
        return;
      }
      RequestOptions options =
          new RequestOptions()
              .setMethod(HttpMethod.GET)
              .setHost("127.0.0.1")
              .setPort(port)
              .setURI("/")
              .putHeader("x-loop", name);
      client
          .request(options)
          .compose(req -> req.send().compose(res -> res.body()))
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  done.fail(ar.cause());
                } else {
                  next(left - 1, done);
                }
              });
    }
  }
}
