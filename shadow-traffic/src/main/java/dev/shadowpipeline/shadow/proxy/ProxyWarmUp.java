package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.capture.CaptureSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * A rehearsal before callers come: a stand-in proxy with the same comparison, limits and timeouts forwards, copies,
 * compares and records requests to two stand-in models on loopback in this process, then stops and deletes what it
 * wrote. Nothing reaches the real models, the records, the metrics or the admin API.
 *
 * <p>Why: a fresh JVM runs its first thousands of requests in the interpreter while the JIT compiles on the same
 * cores. Measured at 1,024 req/s on two cores (bench/proxy-start.sh), a proxy that took callers at once kept a tenth
 * of them waiting 0.5 s (AMD EPYC) to 1.9 s (a 2.1 GHz Xeon) in its first 8 seconds; after 3,000 stand-in requests
 * (6-8 s on that Xeon), p90 5-50 ms and p99 0.1-0.24 s. The JIT's work done on stand-in traffic first, before the
 * port opens, is not done on theirs.
 */
public final class ProxyWarmUp {

  /** Requests kept in flight through the stand-in proxy: enough to run both event loops. */
  static final int CONCURRENCY = 8;

  // diverging answers, so that the rehearsal also formats differences, records and suite entries
  private static final Buffer PRIMARY_ANSWER =
      Buffer.buffer("{\"model\":\"stand-in-v1\",\"label\":\"approve\",\"score\":0.25}");
  private static final Buffer SHADOW_ANSWER =
      Buffer.buffer("{\"model\":\"stand-in-v2\",\"label\":\"reject\",\"score\":0.75}");

  private ProxyWarmUp() {}

  /**
   * What the rehearsal did.
   *
   * @param requests requests answered through the stand-in proxy
   * @param failed requests that failed (none, unless the machine is out of ports or memory)
   * @param took from the stand-in models' start to the stand-in proxy's stop
   */
  public record Result(long requests, long failed, Duration took) {}

  /**
   * Rehearses until {@code requests} stand-in requests have been answered or {@code duration} has passed, whichever
   * comes first: starts the stand-ins, sends requests through a stand-in proxy configured as {@code config} says (see
   * {@link ProxyConfig#standIn}), then stops everything and deletes its records.
   *
   * <p>Why a number of requests: what the JIT needs is invocations, and a slow machine serves fewer of them in the
   * same time. Two seconds gave 641-935 requests on 2 AMD EPYC cores but 160-410 on 2 cores of a 2.1 GHz Xeon, whose
   * first callers at 1,024 req/s then still waited 0.3-0.5 s (p90 of the first 8 s, bench/proxy-start.sh).
   *
   * @param requests answered requests that end the rehearsal; 0 for no such limit (it then runs for
   *     {@code duration})
   * @throws ProxyStartException when the stand-in proxy cannot start (the real one would then likely fail as well)
   */
  public static Result run(
      ProxyConfig config, CaptureSettings capture, Duration duration, long requests)
      throws ProxyStartException {
    return run(
        config,
        capture,
        duration,
        requests,
        System::nanoTime,
        Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** The rehearsal with its temporary folder made in {@code tempParent}. */
  static Result run(
      ProxyConfig config,
      CaptureSettings capture,
      Duration duration,
      long requests,
      LongSupplier nanoTime,
      Path tempParent)
      throws ProxyStartException {
    if (requests < 0) {
      throw new IllegalArgumentException("warm-up requests must not be negative: " + requests);
    }
    long started = nanoTime.getAsLong();
    Vertx vertx = Vertx.vertx();
    Path dir = null;
    try {
      HttpServer primary = standInModel(vertx, PRIMARY_ANSWER);
      HttpServer shadow = standInModel(vertx, SHADOW_ANSWER);
      dir = Files.createTempDirectory(tempParent, "shadow-warm-up");
      ProxyConfig standIn =
          config.standIn(
              UpstreamAddress.parse("http://127.0.0.1:" + primary.actualPort()),
              UpstreamAddress.parse("http://127.0.0.1:" + shadow.actualPort()),
              dir);
      ShadowProxy proxy =
          ShadowProxy.builder(standIn).capture(capture).instanceId("warm-up").start();
      long[] counts;
      try {
        long enough = requests == 0 ? Long.MAX_VALUE : requests;
        counts = send(vertx, proxy.port(), started + duration.toNanos(), enough, nanoTime);
      } finally {
        proxy.close();
      }
      return new Result(counts[0], counts[1], Duration.ofNanos(nanoTime.getAsLong() - started));
    } catch (IOException e) {
      throw new UncheckedIOException("warm-up: cannot create its temporary folder", e);
    } finally {
      // the stand-in proxy is closed: its records go first, whatever becomes of the stand-ins
      if (dir != null) {
        deleteTree(dir);
      }
      await(vertx.close());
    }
  }

  private static HttpServer standInModel(Vertx vertx, Buffer answer) {
    return await(
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onComplete(
                            body ->
                                req.response()
                                    .putHeader("content-type", "application/json")
                                    .end(answer)))
            .listen(0, "127.0.0.1"));
  }

  // keeps CONCURRENCY requests in flight until the deadline or until `enough` have been answered;
  // answers {requests answered, failed}
  private static long[] send(
      Vertx vertx, int port, long deadline, long enough, LongSupplier nanoTime) {
    HttpClient client =
        vertx
            .httpClientBuilder()
            .with(new HttpClientOptions().setKeepAlive(true))
            .with(new PoolOptions().setHttp1MaxSize(CONCURRENCY))
            .build();
    AtomicLong answered = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    CountDownLatch done = new CountDownLatch(CONCURRENCY);
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI("/warm-up")
            .putHeader("content-type", "application/json");
    for (int i = 0; i < CONCURRENCY; i++) {
      sendNext(client, request, deadline, enough, nanoTime, answered, failed, done);
    }
    try {
      done.await(
          Duration.ofNanos(deadline - nanoTime.getAsLong()).toMillis() + 30_000,
          TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    await(client.close());
    return new long[] {answered.get(), failed.get()};
  }

  private static void sendNext(
      HttpClient client,
      RequestOptions request,
      long deadline,
      long enough,
      LongSupplier nanoTime,
      AtomicLong answered,
      AtomicLong failed,
      CountDownLatch done) {
    if (nanoTime.getAsLong() >= deadline || answered.get() >= enough) {
      done.countDown();
      return;
    }
    long n = answered.get() + failed.get();
    Buffer body =
        Buffer.buffer(
            "{\"id\":" + n + ",\"amount\":" + (n % 997) * 10.5 + ",\"note\":\"stand-in request\"}");
    client
        .request(request)
        .compose(req -> req.send(body))
        .compose(resp -> resp.body())
        .onComplete(
            ar -> {
              (ar.succeeded() ? answered : failed).incrementAndGet();
              sendNext(client, request, deadline, enough, nanoTime, answered, failed, done);
            });
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("warm-up interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("warm-up: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(ProxyWarmUp::deleteQuietly);
    } catch (IOException e) {
      // a temporary folder left behind is the system's to clean; the proxy goes on
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // as above
    }
  }
}
