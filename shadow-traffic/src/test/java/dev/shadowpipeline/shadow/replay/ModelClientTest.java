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
    server.start();
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
