package dev.shadowpipeline.shadow.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.proxy.UpstreamAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The replay client against a real server on loopback: URL credentials, the recorded query as sent. */
class ModelClientTest {

  private record Seen(String rawUri, List<String> authorization) {}

  private HttpServer server;
  private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          seen.add(
              new Seen(
                  exchange.getRequestURI().toString(),
                  exchange.getRequestHeaders().getOrDefault("Authorization", List.of())));
          byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    // an OpenAI-style stream with planted timings: head at once, first content after 150 ms, then a
    // token every 30 ms, the usage chunk last
    server.createContext(
        "/stream",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          try (var out = exchange.getResponseBody()) {
            out.write(": open\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            sleep(FIRST_TOKEN_MS);
            for (int i = 0; i < TOKENS; i++) {
              if (i > 0) {
                sleep(GAP_MS);
              }
              out.write(
                  ("data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t"
                          + i
                          + " \"}}]}\n\n")
                      .getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
            out.write(
                ("data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,"
                        + "\"completion_tokens\":"
                        + TOKENS
                        + "}}\n\ndata: [DONE]\n\n")
                    .getBytes(StandardCharsets.UTF_8));
          }
        });
    server.start();
  }

  private static final long FIRST_TOKEN_MS = 150;
  private static final long GAP_MS = 30;
  private static final int TOKENS = 9;

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aStreamedAnswerIsTimedAsItIsRead() {
    ModelClient client = client("http://127.0.0.1:" + server.getAddress().getPort());
    // the first call of a fresh HttpClient starts its selector thread and loads its classes: on a
    // busy machine it delivered the first chunks together, late (gaps of 20 ms for a planted 30).
    // The second call is the one measured, as in a replay of many inputs.
    CapturedResponse answer = null;
    for (int call = 0; call < 2; call++) {
      answer =
          client
              .send(
                  "POST",
                  "/stream",
                  List.of(new Header("Content-Type", "application/json")),
                  "{\"stream\":true}".getBytes(StandardCharsets.UTF_8))
              .join();
    }
    assertThat(answer.status()).isEqualTo(200);
    var timing = answer.stream();
    assertThat(timing).as("a text/event-stream answer is metered").isNotNull();
    assertThat(timing.contentEvents()).isEqualTo(TOKENS);
    assertThat(timing.truncated()).isFalse();
    assertThat(timing.malformed()).isZero();
    assertThat(timing.usage().inputTokens()).isEqualTo(12);
    assertThat(timing.usage().outputTokens()).isEqualTo(TOKENS);
    // planted: the first token 150 ms after the head, then 30 ms gaps; sleeps never end early,
    // scheduling may add a little (a tight upper bound would measure the machine, not the meter)
    long firstTokenAfterHead = (timing.ttftNanos() - timing.ttfbNanos()) / 1_000_000;
    assertThat(firstTokenAfterHead).isBetween(FIRST_TOKEN_MS - 5, FIRST_TOKEN_MS + 100);
    assertThat(timing.gapCount()).isEqualTo(TOKENS - 1);
    assertThat(timing.gapP50Nanos() / 1_000_000).isBetween(GAP_MS - 5, GAP_MS + 60);
    assertThat(timing.gapSumNanos() / timing.gapCount() / 1_000_000)
        .isBetween(GAP_MS - 5, GAP_MS + 60);
    // the whole body is kept as sent
    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).endsWith("data: [DONE]\n\n");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ModelClient client(String url) {
    return new ModelClient(
        ModelClient.defaultHttpClient(Duration.ofSeconds(5)),
        UpstreamAddress.parse(url),
        Duration.ofSeconds(5),
        1 << 20);
  }

  @Test
  void urlCredentialsAreSentAsBasicAuthInsteadOfTheRecordedAuthorization() {
    ModelClient client =
        client("http://svc:s3cret@127.0.0.1:" + server.getAddress().getPort() + "/v1");
    CapturedResponse answer =
        client
            .send(
                "POST",
                "/predict",
                List.of(
                    new Header("Authorization", "Bearer old"),
                    new Header("Content-Type", "application/json")),
                "{}".getBytes(StandardCharsets.UTF_8))
            .join();
    assertThat(answer.status()).isEqualTo(200);
    Seen request = seen.poll();
    assertThat(request.rawUri()).isEqualTo("/v1/predict");
    assertThat(request.authorization())
        .containsExactly(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8)));
    assertThat(client.base().toString()).doesNotContain("s3cret").contains("svc:****@");
  }

  @Test
  void aRecordedQueryWithTheMaskIsSentEncodedInsteadOfFailing() {
    ModelClient client = client("http://127.0.0.1:" + server.getAddress().getPort());
    CapturedResponse answer =
        client
            .send("GET", "/search?q=a+b&api_key=[REDACTED]&n=%7B1%7D", List.of(), new byte[0])
            .join();
    assertThat(answer.error()).isNull();
    assertThat(answer.status()).isEqualTo(200);
    Seen request = seen.poll();
    assertThat(request.rawUri()).isEqualTo("/search?q=a+b&api_key=%5BREDACTED%5D&n=%7B1%7D");
    assertThat(request.authorization()).isEmpty();
  }

  @Test
  void encodeIllegalLeavesLegalTargetsAlone() {
    String legal = "/p/a-b_c.d~e?x=1&y=%20&z=a+b;c=d:e@f!$'()*,";
    assertThat(ModelClient.encodeIllegal(legal)).isSameAs(legal);
    assertThat(ModelClient.encodeIllegal("/p?x=[a] b|é")).isEqualTo("/p?x=%5Ba%5D%20b%7C%C3%A9");
  }
}
