package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever the shadow does — refuse, reset, speak garbage, fail with 500, stall — the caller gets exactly the
 * primary's answer, and the record says what the shadow did.
 */
class ShadowFailuresTest {

  private static final String PRIMARY_BODY = "{\"approved\":true,\"score\":0.91}";
  private Vertx vertx;
  private TestUpstream primary;
  @TempDir Path out;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    primary =
        TestUpstream.start(
            vertx,
            (req, body) ->
                req.response()
                    .setStatusCode(200)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Model", "v1")
                    .end(PRIMARY_BODY));
  }

  @AfterEach
  void tearDown() throws Exception {
    primary.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void shadowRefusingConnections() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort(); // free once closed: nothing listens there
    }
    List<JsonNode> records = runAgainst("http://127.0.0.1:" + closedPort, b -> b);
    assertThat(records)
        .allSatisfy(
            r -> {
              assertThat(r.at("/shadow/error/kind").asText()).isEqualTo("connection_refused");
              assertThat(r.at("/verdict/match").asBoolean()).isFalse();
              assertThat(r.at("/verdict/differences/0/kind").asText()).isEqualTo("shadow_error");
            });
  }

  @Test
  void shadowResettingTheConnection() throws Exception {
    try (TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.reset())) {
      List<JsonNode> records = runAgainst(shadow.url(), b -> b);
      assertThat(records)
          .allSatisfy(
              r -> assertThat(r.at("/shadow/error/kind").asText()).isEqualTo("connection_reset"));
    }
  }

  @Test
  void shadowAnsweringWithGarbage() throws Exception {
    NetServer garbage =
        TestUpstream.garbageServer(vertx)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    List<JsonNode> records = runAgainst("http://127.0.0.1:" + garbage.actualPort(), b -> b);
    assertThat(records)
        .allSatisfy(
            r ->
                assertThat(r.at("/shadow/error/kind").asText())
                    .isIn("protocol", "connection_reset"));
  }

  @Test
  void shadowFailingWith500IsAnAnswerNotAnError() throws Exception {
    try (TestUpstream shadow =
        TestUpstream.start(vertx, TestUpstream.json(500, "{\"error\":\"boom\"}"))) {
      List<JsonNode> records = runAgainst(shadow.url(), b -> b);
      assertThat(records)
          .allSatisfy(
              r -> {
                assertThat(r.at("/shadow/status").asInt()).isEqualTo(500);
                assertThat(r.at("/shadow/body/error").asText()).isEqualTo("boom");
                assertThat(r.at("/shadow/error").isMissingNode()).isTrue();
                assertThat(r.at("/verdict/differences").findValuesAsText("kind"))
                    .contains("status_class", "status");
              });
    }
  }

  @Test
  void shadowStallingPastItsTimeout() throws Exception {
    List<io.vertx.core.http.HttpServerRequest> parked = new ArrayList<>();
    try (TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.stall(parked))) {
      List<JsonNode> records =
          runAgainst(shadow.url(), b -> b.shadowTimeout(Duration.ofMillis(200)));
      assertThat(records)
          .allSatisfy(
              r -> {
                assertThat(r.at("/shadow/error/kind").asText()).isEqualTo("timeout");
                assertThat(r.at("/shadow/latency_ms").asDouble()).isGreaterThanOrEqualTo(200.0);
              });
    }
  }

  private List<JsonNode> runAgainst(
      String shadowUrl, java.util.function.UnaryOperator<ProxyConfig.Builder> customize)
      throws Exception {
    ProxyHarness proxy = new ProxyHarness(primary.url(), shadowUrl, out, customize);
    for (int i = 0; i < 5; i++) {
      HttpResponse<byte[]> answer = proxy.post("/predict", "{\"id\":" + i + "}");
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(PRIMARY_BODY);
      assertThat(answer.headers().firstValue("X-Model")).hasValue("v1");
    }
    // a request is counted when the primary's answer has been relayed to its end, which can be a
    // moment after the
    // caller read the last byte
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> proxy.proxy.stats().requests() == 5);
    List<JsonNode> records = proxy.closeAndReadRecords();
    assertThat(records).hasSize(5);
    assertThat(records).allSatisfy(r -> assertThat(r.at("/primary/status").asInt()).isEqualTo(200));
    return records;
  }
}
