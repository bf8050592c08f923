package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed answers (server-sent events, chunked LLM output): never cut while they make progress, their head passed
 * on as soon as it arrives, and cut only when they stall for longer than the idle deadline.
 */
class StreamingTest {

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

  /** An SSE answer: head at once, then {@code events} events {@code gapMillis} apart, then the end. */
  private TestUpstream.Responder sse(int events, long gapMillis, AtomicLong firstEventSentNanos) {
    return (req, body) -> {
      HttpServerResponse resp =
          req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
      resp.writeHead();
      sendEvents(resp, 0, events, gapMillis, firstEventSentNanos);
    };
  }

  private void sendEvents(
      HttpServerResponse resp, int n, int events, long gapMillis, AtomicLong firstSent) {
    if (n == events) {
      resp.end("data: [DONE]\n\n");
      return;
    }
    vertx.setTimer(
        gapMillis,
        id -> {
          if (n == 0 && firstSent != null) {
            firstSent.set(System.nanoTime());
          }
          resp.write(event(n));
          sendEvents(resp, n + 1, events, gapMillis, firstSent);
        });
  }

  private static String event(int n) {
    return "data: {\"token\":" + n + "}\n\n";
  }

  private static String wholeStream(int events) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < events; i++) {
      sb.append(event(i));
    }
    return sb.append("data: [DONE]\n\n").toString();
  }

  @Test
  void aFortySecondStreamPassesWholeUnderDefaultSettings() throws Exception {
    // 400 events 100 ms apart: longer than the 30 s primary timeout and, for the shadow, far longer
    // than its 5 s
    int events = 400;
    try (TestUpstream primary = TestUpstream.start(vertx, sse(events, 100, null));
        TestUpstream shadow = TestUpstream.start(vertx, sse(events, 100, null));
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(proxy.url() + "/v1/chat/completions"))
                      .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo(wholeStream(events));
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).hasSize(1);
      JsonNode r = records.get(0);
      assertThat(r.at("/primary/status").asInt()).isEqualTo(200);
      assertThat(r.at("/shadow/status").asInt()).as(r.toString()).isEqualTo(200);
      assertThat(r.at("/shadow/error").isMissingNode()).isTrue();
      assertThat(r.at("/primary/body").asText()).isEqualTo(wholeStream(events));
      assertThat(r.at("/primary/latency_ms").asDouble()).isGreaterThan(40_000);
    }
  }

  @Test
  void theHeadReachesTheCallerBeforeTheFirstEvent() throws Exception {
    AtomicLong firstEventSent = new AtomicLong();
    try (TestUpstream primary = TestUpstream.start(vertx, sse(1, 1_500, firstEventSent));
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.json(200, "{}"));
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.proxy.port())) {
        socket.setSoTimeout(10_000);
        OutputStream o = socket.getOutputStream();
        o.write(
            "GET /events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        o.flush();
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        long headArrived = System.nanoTime();

        assertThat(head)
            .startsWith("HTTP/1.1 200 ")
            .containsIgnoringCase("transfer-encoding: chunked");
        String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(rest).contains(event(0)).contains("data: [DONE]");
        // had the proxy held the head back until the first body chunk, the head could not have
        // arrived before the
        // model even wrote that chunk
        assertThat(headArrived).isLessThan(firstEventSent.get());
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside the head: " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void aStalledStreamIsCutAfterTheIdleTimeoutAndRecordedAsSuch() throws Exception {
    TestUpstream.Responder stalls =
        (req, body) -> {
          HttpServerResponse resp =
              req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
          resp.write(event(0)); // then nothing, ever
        };
    try (TestUpstream primary = TestUpstream.start(vertx, stalls);
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.json(200, "{}"));
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                b -> b.primaryIdleTimeout(Duration.ofMillis(400)))) {
      byte[] raw =
          RawHttp.exchange(
              proxy.proxy.port(), "GET /events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      String text = RawHttp.text(raw);

      // the caller saw the head and the first event, then a broken stream: no terminating chunk
      assertThat(text).startsWith("HTTP/1.1 200 ").contains(event(0)).doesNotEndWith("0\r\n\r\n");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  proxy
                      .proxy
                      .scrapeMetrics()
                      .contains("shadow_requests_total{result=\"primary_timeout\"} 1.0"));
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).hasSize(1);
      assertThat(records.get(0).at("/primary/error/kind").asText()).isEqualTo("timeout");
      assertThat(records.get(0).at("/primary/error/message").asText())
          .contains("no data for 400 ms");
    }
  }

  @Test
  void aShadowThatStreamsLongerThanItsHeadTimeoutIsRecordedWhole() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.json(200, "{}"));
        TestUpstream shadow = TestUpstream.start(vertx, sse(6, 100, null));
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(), shadow.url(), out, b -> b.shadowTimeout(Duration.ofMillis(200)))) {
      assertThat(proxy.post("/v1/chat/completions", "{}").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.proxy.summary().requests() == 1);
      JsonNode r = proxy.closeAndReadRecords().get(0);
      assertThat(r.at("/shadow/status").asInt()).as(r.toString()).isEqualTo(200);
      assertThat(r.at("/shadow/body").asText()).isEqualTo(wholeStream(6));
      assertThat(r.at("/shadow/latency_ms").asDouble()).isGreaterThan(600);
    }
  }

  @Test
  void aTricklingShadowEndsAtItsMaxDuration() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.json(200, "{}"));
        TestUpstream shadow = TestUpstream.start(vertx, sse(1_000, 50, null));
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                b -> b.shadowMaxDuration(Duration.ofMillis(500)))) {
      assertThat(proxy.post("/v1/chat/completions", "{}").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.proxy.summary().requests() == 1);
      JsonNode r = proxy.closeAndReadRecords().get(0);
      assertThat(r.at("/shadow/error/kind").asText()).isEqualTo("timeout");
      assertThat(r.at("/shadow/error/message").asText()).contains("longer than 500 ms in all");
    }
  }
}
