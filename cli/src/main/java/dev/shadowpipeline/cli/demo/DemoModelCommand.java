package dev.shadowpipeline.cli.demo;

import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.config.DurationConverter;
import dev.shadowpipeline.demo.DemoModelServer;
import dev.shadowpipeline.demo.LoanModel;
import dev.shadowpipeline.shadow.proxy.HostPort;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shadow demo-model}: one demo model as a standalone service, to try the proxy by hand or to benchmark. */
@Command(
    name = "demo-model",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Serve one demo loan model over HTTP, to try the proxy by hand.",
    description = {
      "",
      "POST /predict with an applicant such as {\"age\":35,\"income\":52000,\"debt_ratio\":0.3,"
          + "\"credit_score\":690,\"loan_amount\":15000,\"employment_years\":4} answers {\"model\":...,"
          + "\"approved\":...,\"score\":...}. Start v1 and v2, then 'shadow proxy' in front of them:",
      "  shadow demo-model --model v1 --port 8001 &",
      "  shadow demo-model --model v2 --port 8002 &",
      "  shadow proxy --primary http://127.0.0.1:8001 --shadow http://127.0.0.1:8002 --ignore /model",
      ""
    })
public final class DemoModelCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      paramLabel = "v1|v2",
      defaultValue = "v1",
      description = "Which model: v1 (production) or v2 (candidate) (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8001",
      description = "Port, 0-65535; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on, e.g. 0.0.0.0 or ::1 (default: ${DEFAULT-VALUE}); the URL printed writes an "
              + "IPv6 address in brackets.")
  String host;

  @Option(
      names = "--latency",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Fixed answer latency; default 1-3 ms for v1 and 8-20 ms for v2.")
  Duration latency;

  private final CliContext ctx;

  DemoModelCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    LoanModel which =
        switch (model.toLowerCase(java.util.Locale.ROOT)) {
          case "v1" -> LoanModel.V1;
          case "v2" -> LoanModel.V2;
          default -> throw new UsageException("--model must be v1 or v2: " + model);
        };
    Duration min =
        latency != null
            ? latency
            : which == LoanModel.V1 ? Duration.ofMillis(1) : Duration.ofMillis(8);
    Duration max =
        latency != null
            ? latency
            : which == LoanModel.V1 ? Duration.ofMillis(3) : Duration.ofMillis(20);
    if (port < 0 || port > 65535) {
      throw new UsageException(
          "--port must be a port number, 0-65535 (0 picks a free one): " + port);
    }
    // given as in a URL, [::1]; Vert.x and the JDK take the bare address
    String address =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new UsageException("--host: no such address to listen on: " + host);
    }
    Vertx vertx = Vertx.vertx();
    DemoModelServer server;
    try {
      server =
          DemoModelServer.start(vertx, which, address, port, min, max)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      closeAndWait(vertx);
      throw new UsageException(
          "--port: cannot listen on "
              + HostPort.of(address, port)
              + ": "
              + e.getCause().getMessage());
    } catch (InterruptedException | TimeoutException | RuntimeException | Error e) {
      // its event loops would otherwise keep the JVM from exiting
      closeAndWait(vertx);
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  vertx.close();
                  stopped.countDown();
                },
                "demo-model-shutdown"));
    ctx.out()
        .printf(
            "demo model %s on http://%s/predict (Ctrl-C to stop)%n",
            which.id(), HostPort.of(address, server.port()));
    ctx.out().flush();
    stopped.await();
    return ExitCode.OK;
  }

  private static void closeAndWait(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // the start's own failure is the one to report
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
