package dev.shadowpipeline.cli;

import dev.shadowpipeline.demo.DemoModelServer;
import dev.shadowpipeline.demo.LoanModel;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The two loan demo models (v1 as the primary, v2 as the candidate) served for real on loopback ports, for command
 * tests that replay or proxy traffic. Close it to stop both.
 */
public record LoanModels(Vertx vertx, DemoModelServer v1, DemoModelServer v2)
    implements AutoCloseable {

  /** Starts both models on free loopback ports, without added latency. */
  public static LoanModels start() throws Exception {
    Vertx vertx = Vertx.vertx();
    return new LoanModels(vertx, serve(vertx, LoanModel.V1), serve(vertx, LoanModel.V2));
  }

  private static DemoModelServer serve(Vertx vertx, LoanModel model) throws Exception {
    return DemoModelServer.start(vertx, model, "127.0.0.1", 0, Duration.ZERO, Duration.ZERO)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
