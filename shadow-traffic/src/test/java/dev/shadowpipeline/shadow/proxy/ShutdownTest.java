package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graceful stop (what SIGTERM triggers): requests in progress finish, shadow copies drain, nothing is lost. */
class ShutdownTest {

  private Vertx vertx;
  @TempDir Path out;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void slowShadowCopiesAreAwaitedAndEveryRecordIsFlushed() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow =
            TestUpstream.start(vertx, TestUpstream.delayed(vertx, 400, TestUpstream.echo()))) {
      ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out);
      for (int i = 0; i < 20; i++) {
        assertThat(proxy.post("/predict", "{\"i\":" + i + "}").statusCode()).isEqualTo(200);
      }
      // every copy is still in flight when the stop begins
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).hasSize(20);
      assertThat(records)
          .allSatisfy(
              r -> {
                assertThat(r.at("/shadow/status").asInt()).isEqualTo(200);
                assertThat(Verdicts.agrees(r)).isTrue();
              });
    }
  }

  @Test
  void copiesStillRunningAfterTheDrainTimeoutAreCancelledAndRecorded() throws Exception {
    List<HttpServerRequest> parked = new ArrayList<>();
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.stall(parked))) {
      ProxyHarness proxy =
          new ProxyHarness(
              primary.url(),
              shadow.url(),
              out,
              b -> b.shadowTimeout(Duration.ofSeconds(60)).drainTimeout(Duration.ofMillis(200)));
      for (int i = 0; i < 5; i++) {
        proxy.post("/predict", "{}");
      }
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).hasSize(5);
      assertThat(records)
          .allSatisfy(r -> assertThat(r.at("/shadow/error/kind").asText()).isEqualTo("cancelled"));
    }
  }

  @Test
  void aPrimaryRequestInProgressWhenTheStopBeginsIsAnswered() throws Exception {
    try (TestUpstream primary =
            TestUpstream.start(
                vertx,
                TestUpstream.delayed(
                    vertx, 700, TestUpstream.json(200, "{\"late\":\"but answered\"}")));
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo())) {
      ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out);
      CompletableFuture<HttpResponse<byte[]>> inProgress =
          CompletableFuture.supplyAsync(() -> proxy.post("/predict", "{}"));
      org.awaitility.Awaitility.await().until(() -> primary.receivedCount() == 1);

      List<JsonNode> records = proxy.closeAndReadRecords();

      HttpResponse<byte[]> answer = inProgress.get(10, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(new String(answer.body(), StandardCharsets.UTF_8))
          .isEqualTo("{\"late\":\"but answered\"}");
      assertThat(records).hasSize(1);
    }
  }

  @Test
  void recordsOfEarlierRunsAreKept() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo())) {
      for (int run = 0; run < 2; run++) {
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out);
        proxy.post("/predict", "{\"run\":" + run + "}");
        proxy.close();
      }
      List<JsonNode> records = ProxyHarness.readRecords(out.resolve(ShadowProxy.RECORDS_FILE));
      assertThat(records).extracting(r -> r.at("/request/body/run").asInt()).containsExactly(0, 1);
    }
  }
}
