package dev.shadowpipeline.alert.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.shadowpipeline.alert.AlertEvent;
import dev.shadowpipeline.alert.ColumnScore;
import dev.shadowpipeline.alert.Secret;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionRunnerTest {

  private static final AlertEvent DRIFT =
      new AlertEvent.DriftDetected(
          "credit",
          "r1",
          Instant.parse("2026-03-01T09:00:00Z"),
          0.3,
          0.1,
          3,
          10,
          List.of(new ColumnScore("age", "ks", 0.001, 0.05, true)),
          null);

  @TempDir Path dir;

  @Test
  void runsACommandWithTheSummaryOnStdinAndCapturesItsOutput() throws Exception {
    OnDriftAction action =
        new OnDriftAction.RunCommand(
            List.of(
                "sh",
                "-c",
                "echo \"run=$SHADOW_RUN_ID share=$SHADOW_DRIFT_SHARE\"; cat; echo; echo oops >&2"),
            Duration.ofSeconds(10),
            dir);

    ActionResult result = new ActionRunner(false).run(action, DRIFT).get(20, TimeUnit.SECONDS);

    assertThat(result.outcome()).isEqualTo(ActionResult.Outcome.SUCCEEDED);
    assertThat(result.exitCode()).isZero();
    assertThat(result.output())
        .startsWith("run=r1 share=0.3\n{\"version\":1,\"event\":\"drift_detected\"")
        .endsWith("oops\n");
  }

  @Test
  void killsACommandThatOutlivesItsTimeout() throws Exception {
    OnDriftAction action =
        new OnDriftAction.RunCommand(
            List.of("sh", "-c", "echo started; sleep 30"), Duration.ofMillis(300), null);

    long begun = System.nanoTime();
    ActionResult result = new ActionRunner(false).run(action, DRIFT).get(20, TimeUnit.SECONDS);

    assertThat(result.outcome()).isEqualTo(ActionResult.Outcome.TIMED_OUT);
    assertThat(result.reason()).isEqualTo("sh did not finish within 300 ms; killed");
    assertThat(result.output()).contains("started");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun)).isLessThan(10_000);
  }

  @Test
  void reportsAFailingOrMissingCommand() throws Exception {
    ActionRunner runner = new ActionRunner(false);

    ActionResult failed =
        runner
            .run(
                new OnDriftAction.RunCommand(
                    List.of("sh", "-c", "exit 3"), Duration.ofSeconds(10), null),
                DRIFT)
            .get(20, TimeUnit.SECONDS);
    ActionResult missing =
        runner
            .run(
                new OnDriftAction.RunCommand(
                    List.of("/no/such/program"), Duration.ofSeconds(10), null),
                DRIFT)
            .get(20, TimeUnit.SECONDS);

    assertThat(failed.outcome()).isEqualTo(ActionResult.Outcome.FAILED);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.reason()).isEqualTo("sh exited with 3");
    assertThat(missing.outcome()).isEqualTo(ActionResult.Outcome.FAILED);
    assertThat(missing.reason()).startsWith("cannot start /no/such/program");
  }

  @Test
  void postsTheSummaryToAUrl() throws Exception {
    CompletableFuture<String> received = new CompletableFuture<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/retrain",
        exchange -> {
          received.complete(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body = "{\"job\":\"queued\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(202, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      Secret url = new Secret("http://127.0.0.1:" + server.getAddress().getPort() + "/retrain");

      ActionResult result =
          new ActionRunner(false)
              .run(new OnDriftAction.PostSummary(url, Duration.ofSeconds(5)), DRIFT)
              .get(20, TimeUnit.SECONDS);

      assertThat(result.outcome()).isEqualTo(ActionResult.Outcome.SUCCEEDED);
      assertThat(result.exitCode()).isEqualTo(202);
      assertThat(result.output()).isEqualTo("{\"job\":\"queued\"}");
      assertThat(received.get(5, TimeUnit.SECONDS)).contains("\"runId\":\"r1\"");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void dryRunDescribesWithoutRunning() throws Exception {
    ActionResult result =
        new ActionRunner(true)
            .run(
                new OnDriftAction.RunCommand(
                    List.of("rm", "-rf", "/tmp/x"), Duration.ofSeconds(1), null),
                DRIFT)
            .get(5, TimeUnit.SECONDS);

    assertThat(result.outcome()).isEqualTo(ActionResult.Outcome.DRY_RUN);
    assertThat(result.output()).isEqualTo("would run [rm, -rf, /tmp/x]");
  }
}
