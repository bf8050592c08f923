package dev.shadowpipeline.cli;

import dev.shadowpipeline.demo.DemoModelServer;
import dev.shadowpipeline.demo.LoanModel;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The two loan demo models (v1 as the primary, v2 as the candidate) served for real on loopback ports, for command
 * tests that replay or proxy traffic: register it on a static field ({@code @RegisterExtension static final
 * LoanModels MODELS = new LoanModels();}) and both run for the whole test class.
 */
public final class LoanModels implements BeforeAllCallback, AfterAllCallback {

  private Vertx vertx;
  private DemoModelServer v1;
  private DemoModelServer v2;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    vertx = Vertx.vertx();
    v1 = serve(LoanModel.V1);
    v2 = serve(LoanModel.V2);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /** The primary's base URL, {@code http://127.0.0.1:port}. */
  public String v1Url() {
    return "http://127.0.0.1:" + v1.port();
  }

  /** The candidate's base URL, {@code http://127.0.0.1:port}. */
  public String v2Url() {
    return "http://127.0.0.1:" + v2.port();
  }

  private DemoModelServer serve(LoanModel model) throws Exception {
    return DemoModelServer.start(vertx, model, "127.0.0.1", 0, Duration.ZERO, Duration.ZERO)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }
}
