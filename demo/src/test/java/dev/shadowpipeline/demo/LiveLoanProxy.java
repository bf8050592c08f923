package dev.shadowpipeline.demo;

import dev.shadowpipeline.app.progress.Progress;
import dev.shadowpipeline.shadow.proxy.ProxyConfig;
import dev.shadowpipeline.shadow.proxy.ShadowProxy;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo's loan shadow test left running for a test to look at: the v1 and v2 loan models on loopback, a real
 * proxy between them with the demo's loan rules and an admin port, and applicants sent through it.
 */
public final class LiveLoanProxy implements AutoCloseable {

  private final Vertx vertx;
  private final DemoModelServer v1;
  private final DemoModelServer v2;
  private final ShadowProxy proxy;

  private LiveLoanProxy(Vertx vertx, DemoModelServer v1, DemoModelServer v2, ShadowProxy proxy) {
    this.vertx = vertx;
    this.v1 = v1;
    this.v2 = v2;
    this.proxy = proxy;
  }

  /** Starts the models and the proxy, recording into {@code out}. */
  public static LiveLoanProxy start(Path out) throws Exception {
    Vertx vertx = Vertx.vertx();
    DemoModelServer v1 =
        await(
            DemoModelServer.start(
                vertx, LoanModel.V1, "127.0.0.1", 0, Duration.ofMillis(1), Duration.ofMillis(3)));
    DemoModelServer v2 =
        await(
            DemoModelServer.start(
                vertx, LoanModel.V2, "127.0.0.1", 0, Duration.ofMillis(8), Duration.ofMillis(20)));
    ProxyConfig config =
        ProxyConfig.builder("http://127.0.0.1:" + v1.port(), "http://127.0.0.1:" + v2.port())
            .host("127.0.0.1")
            .port(0)
            .adminPort(0)
            .outDir(out)
            .build();
    ShadowProxy proxy =
        ShadowProxy.builder(config)
            .capture(DemoRules.loan())
            .clock(Clock.systemUTC())
            .nanoTime(System::nanoTime)
            .start();
    return new LiveLoanProxy(vertx, v1, v2, proxy);
  }

  /** Sends {@code n} loan applications through the proxy, 4 at a time; returns how many were answered. */
  public int send(int n, long seed) throws Exception {
    return DemoTraffic.run(vertx, proxy.port(), n, 4, seed, Progress.silent()).ok();
  }

  /** The running proxy. */
  public ShadowProxy proxy() {
    return proxy;
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    proxy.close();
    v1.close();
    v2.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
