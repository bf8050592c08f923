package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A primary may answer before the caller's request has finished arriving at the proxy (it answers on the head, or
 * once it has the bytes it needs while the proxy still holds the end of the request back for back-pressure). The
 * caller still gets that answer, and the pair is still mirrored and recorded: once missing in one pair of 1,500 in
 * the stress test, because the mirror took an answer before the end of the request for an abandoned request.
 */
class EarlyAnswerTest {

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

  @ParameterizedTest
  @EnumSource(ShadowMode.class)
  void anAnswerBeforeTheEndOfTheRequestIsRelayedAndThePairRecorded(ShadowMode mode)
      throws Exception {
    // answers on the request's head, reading the body only afterwards
    HttpServer early =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  req.response()
                      .putHeader("Content-Type", "application/json")
                      .end("{\"early\":true}");
                  req.body();
                });
    early
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    try (TestUpstream shadow =
            TestUpstream.start(vertx, TestUpstream.json(200, "{\"early\":true}"));
        ProxyHarness proxy =
            new ProxyHarness(
                "http://127.0.0.1:" + early.actualPort(),
                shadow.url(),
                out,
                b -> b.shadowMode(mode))) {
      String answer;
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.proxy.port())) {
        socket.setSoTimeout(10_000);
        OutputStream o = socket.getOutputStream();
        o.write(
            String.join(
                    "\r\n",
                    "POST /predict HTTP/1.1",
                    "Host: x",
                    "Transfer-Encoding: chunked",
                    "Connection: close",
                    "",
                    "7",
                    "{\"a\":1}",
                    "")
                .getBytes(StandardCharsets.US_ASCII));
        o.flush();
        InputStream in = socket.getInputStream();
        // the caller reads the primary's answer while its own request is not finished
        byte[] head = new byte[12];
        int n = in.readNBytes(head, 0, head.length);
        assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        o.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // now the request ends
        o.flush();
        answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      }
      assertThat(answer).endsWith("{\"early\":true}");

      await().atMost(Duration.ofSeconds(5)).until(() -> shadow.receivedCount() == 1);
      assertThat(new String(shadow.received().get(0).body(), StandardCharsets.UTF_8))
          .isEqualTo("{\"a\":1}");
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).hasSize(1);
      assertThat(records.get(0).at("/request/body/a").asInt()).isEqualTo(1);
      assertThat(records.get(0).at("/primary/body/early").asBoolean()).isTrue();
    } finally {
      early.close();
    }
  }
}
