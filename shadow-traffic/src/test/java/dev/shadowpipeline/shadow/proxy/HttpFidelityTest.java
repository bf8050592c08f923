package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a gateway must pass through untouched (RFC 9110, RFC 9112): bodiless statuses stay bodiless, repeated header
 * lines are kept, long request lines are accepted, and a protocol upgrade becomes a tunnel to the primary. Each case
 * is checked on the bytes a raw socket sees.
 */
class HttpFidelityTest {

  // the model servers behind the proxy accept long request lines (uvicorn, nginx: 8 KiB and more)
  private static final HttpServerOptions LONG_LINES =
      new HttpServerOptions().setMaxInitialLineLength(128 * 1024);

  private Vertx vertx;
  private TestUpstream shadow;
  @TempDir Path out;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    shadow = TestUpstream.start(vertx, LONG_LINES, TestUpstream.json(200, "{}"));
  }

  @AfterEach
  void tearDown() throws Exception {
    shadow.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void notModifiedAndNoContentGainNoHeaders() throws Exception {
    TestUpstream.Responder bodiless =
        (req, body) ->
            req.response()
                .setStatusCode(req.path().equals("/cached") ? 304 : 204)
                .putHeader("ETag", "\"v1\"")
                .end();
    try (TestUpstream primary = TestUpstream.start(vertx, bodiless);
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      String notModified =
          RawHttp.text(
              RawHttp.exchange(
                  proxy.proxy.port(),
                  "GET /cached HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"v1\"\r\nConnection: close\r\n\r\n"));
      String noContent =
          RawHttp.text(
              RawHttp.exchange(
                  proxy.proxy.port(),
                  "DELETE /item HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));

      // RFC 9110 8.6 and 15.3.5: a 204 has no Content-Length; 15.4.5: a 304 carries none the origin
      // did not send
      assertThat(notModified)
          .startsWith("HTTP/1.1 304 ")
          .containsIgnoringCase("etag: \"v1\"")
          .doesNotContainIgnoringCase("content-length")
          .doesNotContainIgnoringCase("transfer-encoding")
          .endsWith("\r\n\r\n");
      assertThat(noContent)
          .startsWith("HTTP/1.1 204 ")
          .doesNotContainIgnoringCase("content-length")
          .doesNotContainIgnoringCase("transfer-encoding")
          .endsWith("\r\n\r\n");
    }
  }

  @Test
  void repeatedForwardedForLinesAreJoinedInOrder() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.json(200, "{}"));
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      RawHttp.exchange(
          proxy.proxy.port(),
          String.join(
              "\r\n",
              "GET /p HTTP/1.1",
              "Host: x",
              "X-Forwarded-For: 203.0.113.7",
              "X-Forwarded-For: 198.51.100.2, 10.0.0.1",
              "Via: 1.1 edge",
              "Connection: close",
              "",
              ""));

      TestUpstream.Received got = primary.received().get(0);
      assertThat(got.headers().getAll("X-Forwarded-For"))
          .containsExactly("203.0.113.7, 198.51.100.2, 10.0.0.1, 127.0.0.1");
      assertThat(got.header("Via")).isEqualTo("1.1 edge, " + ForwardedHeaders.VIA_TOKEN);
    }
  }

  @Test
  void requestLinesUpToTheLimitPassAndLongerOnesGet414() throws Exception {
    try (TestUpstream primary =
            TestUpstream.start(vertx, LONG_LINES, TestUpstream.json(200, "{\"ok\":true}"));
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      String tenKiB = "/search?q=" + "a".repeat(10 * 1024);
      String accepted =
          RawHttp.text(
              RawHttp.exchange(
                  proxy.proxy.port(),
                  "GET " + tenKiB + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
      assertThat(accepted).startsWith("HTTP/1.1 200 ").endsWith("{\"ok\":true}");
      assertThat(primary.received().get(0).uri()).isEqualTo(tenKiB);

      String twentyKiB = "/search?q=" + "a".repeat(20 * 1024);
      String refused =
          RawHttp.text(
              RawHttp.exchange(
                  proxy.proxy.port(),
                  "GET " + twentyKiB + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
      // the decoder refuses before it has read the version, so the answer is an HTTP/1.0 one
      assertThat(refused).containsPattern("^HTTP/1\\.[01] 414 ");
      assertThat(primary.receivedCount()).isEqualTo(1);
    }
  }

  @Test
  void theRequestLineLimitIsConfigurable() throws Exception {
    try (TestUpstream primary =
            TestUpstream.start(vertx, LONG_LINES, TestUpstream.json(200, "{}"));
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(), shadow.url(), out, b -> b.maxRequestLineBytes(64 * 1024))) {
      String forty = "/p?q=" + "b".repeat(40 * 1024);
      assertThat(
              RawHttp.text(
                  RawHttp.exchange(
                      proxy.proxy.port(),
                      "GET " + forty + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")))
          .startsWith("HTTP/1.1 200 ");
    }
  }

  @Test
  void aWebSocketUpgradeIsTunneledToThePrimaryAndNotMirrored() throws Exception {
    HttpServer echo =
        vertx
            .createHttpServer()
            .webSocketHandler(
                (ServerWebSocket ws) ->
                    ws.handler(frame -> ws.write(Buffer.buffer("echo:").appendBuffer(frame))));
    echo.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try (ProxyHarness proxy =
        ProxyHarness.start("http://127.0.0.1:" + echo.actualPort(), shadow.url(), out)) {
      WebSocketClient client = vertx.createWebSocketClient();
      CompletableFuture<String> reply = new CompletableFuture<>();
      WebSocket ws =
          client
              .connect(
                  new WebSocketConnectOptions()
                      .setHost("127.0.0.1")
                      .setPort(proxy.proxy.port())
                      .setURI("/stream"))
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      StringBuilder got = new StringBuilder();
      ws.handler(
          b -> {
            got.append(b.toString());
            if (got.length() >= "echo:one".length() + "echo:two".length()) {
              reply.complete(got.toString());
            }
          });
      ws.write(Buffer.buffer("one")).compose(v -> ws.write(Buffer.buffer("two")));
      assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("echo:oneecho:two");
      ws.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  proxy
                      .proxy
                      .scrapeMetrics()
                      .contains("shadow_requests_total{result=\"tunneled\"} 1.0"));
      assertThat(shadow.receivedCount()).as("a tunnel is not mirrored").isZero();
      assertThat(proxy.closeAndReadRecords()).isEmpty();
    } finally {
      echo.close();
    }
  }

  @Test
  void anUpgradeThePrimaryRefusesIsRelayedAsItsAnswer() throws Exception {
    try (TestUpstream primary =
            TestUpstream.start(vertx, TestUpstream.json(426, "{\"error\":\"no websockets\"}"));
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      String raw =
          RawHttp.text(
              RawHttp.exchange(
                  proxy.proxy.port(),
                  String.join(
                      "\r\n",
                      "GET /ws HTTP/1.1",
                      "Host: x",
                      "Connection: Upgrade",
                      "Upgrade: websocket",
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                      "Sec-WebSocket-Version: 13",
                      "",
                      "")));
      assertThat(raw).startsWith("HTTP/1.1 426 ").endsWith("{\"error\":\"no websockets\"}");
      List<TestUpstream.Received> received = primary.received();
      assertThat(received).hasSize(1);
      assertThat(received.get(0).header("Upgrade")).isEqualTo("websocket");
    }
  }
}
