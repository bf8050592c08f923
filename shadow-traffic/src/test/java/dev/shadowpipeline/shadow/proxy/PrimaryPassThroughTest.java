package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
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

/** The proxy is transparent for the caller: the primary's answers pass unchanged, its failures become 502/504. */
class PrimaryPassThroughTest {

  private Vertx vertx;
  private TestUpstream shadow;
  @TempDir Path out;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    shadow = TestUpstream.start(vertx, TestUpstream.json(200, "{}"));
  }

  @AfterEach
  void tearDown() throws Exception {
    shadow.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void primaryErrorStatusHeadersAndBodyPassThroughUnchanged() throws Exception {
    try (TestUpstream primary =
            TestUpstream.start(
                vertx,
                (req, body) ->
                    req.response()
                        .setStatusCode(503)
                        .setStatusMessage("Model Warming Up")
                        .putHeader("Content-Type", "application/problem+json")
                        .putHeader("Retry-After", "7")
                        .putHeader("X-Model-Version", "1.4.2")
                        .putHeader(
                            "Set-Cookie", (Iterable<String>) List.of("a=1; Path=/", "b=2; Path=/"))
                        .end("{\"title\":\"warming up\"}"));
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      String raw =
          RawHttp.text(
              RawHttp.exchange(
                  proxy.proxy.port(),
                  "POST /v1/predict?explain=true HTTP/1.1\r\nHost: models.example\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 2\r\nConnection: close\r\n\r\n{}"));

      assertThat(raw).startsWith("HTTP/1.1 503 Model Warming Up\r\n");
      assertThat(raw)
          .contains(
              "Retry-After: 7\r\n",
              "X-Model-Version: 1.4.2\r\n",
              "Set-Cookie: a=1; Path=/\r\n",
              "Set-Cookie: b=2; Path=/\r\n",
              "Content-Type: application/problem+json\r\n");
      assertThat(raw).endsWith("\r\n\r\n{\"title\":\"warming up\"}");
      TestUpstream.Received got = primary.received().get(0);
      assertThat(got.method()).isEqualTo("POST");
      assertThat(got.uri()).isEqualTo("/v1/predict?explain=true");
      assertThat(got.body()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void gatewayHeaderRules() throws Exception {
    try (TestUpstream primary =
            TestUpstream.start(
                vertx,
                (req, body) ->
                    req.response()
                        .putHeader("Connection", "X-Upstream-Private")
                        .putHeader("X-Upstream-Private", "secret-hop")
                        .putHeader("Keep-Alive", "timeout=5")
                        .end("ok"));
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      String raw =
          RawHttp.text(
              RawHttp.exchange(
                  proxy.proxy.port(),
                  String.join(
                      "\r\n",
                      "GET /health HTTP/1.1",
                      "Host: models.example:8443",
                      "Connection: close, X-Hop-Token",
                      "X-Hop-Token: do-not-forward",
                      "Keep-Alive: timeout=10",
                      "TE: trailers",
                      "Proxy-Connection: keep-alive",
                      "X-Forwarded-For: 203.0.113.9",
                      "X-Custom: kept",
                      "",
                      "")));

      TestUpstream.Received got = primary.received().get(0);
      // RFC 9110 7.6.1: fields named by Connection, and the known hop-by-hop fields, are not
      // forwarded
      assertThat(got.header("X-Hop-Token")).isNull();
      assertThat(got.header("Keep-Alive")).isNull();
      assertThat(got.header("TE")).isNull();
      assertThat(got.header("Proxy-Connection")).isNull();
      assertThat(got.header("X-Custom")).isEqualTo("kept");
      // Host names the upstream; the caller's Host, address and scheme travel in X-Forwarded-*
      assertThat(got.header("Host")).isEqualTo("127.0.0.1:" + primary.port());
      assertThat(got.header("X-Forwarded-Host")).isEqualTo("models.example:8443");
      assertThat(got.header("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
      assertThat(got.header("X-Forwarded-Proto")).isEqualTo("http");
      // RFC 9110 7.6.3: a gateway adds Via to the requests it forwards
      assertThat(got.header("Via")).isEqualTo("1.1 shadow-pipeline");
      // and the primary's own hop-by-hop fields do not reach the caller
      assertThat(raw).doesNotContain("secret-hop").doesNotContain("timeout=5");
      assertThat(raw).endsWith("\r\n\r\nok");
      // the shadow gets the same request, plus the id that ties it to the record
      org.awaitility.Awaitility.await().until(() -> shadow.receivedCount() == 1);
      TestUpstream.Received copy = shadow.received().get(0);
      assertThat(copy.header("X-Hop-Token")).isNull();
      assertThat(copy.header("X-Custom")).isEqualTo("kept");
      assertThat(copy.header(ProxiedRequest.REQUEST_ID_HEADER)).isNotBlank();
    }
  }

  @Test
  void everyMethodPathQueryAndBodyIsForwarded() throws Exception {
    try (TestUpstream primary =
            TestUpstream.start(
                vertx,
                (req, body) ->
                    req.response().end(req.method().name() + " " + req.uri() + " " + body));
        ProxyHarness proxy = ProxyHarness.start(primary.url() + "/base/", shadow.url(), out)) {
      for (String method : List.of("GET", "DELETE", "PUT", "PATCH", "OPTIONS")) {
        String body =
            method.equals("GET") || method.equals("OPTIONS") ? "" : "{\"m\":\"" + method + "\"}";
        HttpResponse<byte[]> answer =
            proxy.send(
                HttpRequest.newBuilder(URI.create(proxy.url() + "/items/42?q=a%20b&x=1"))
                    .method(
                        method,
                        body.isEmpty()
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .build());
        assertThat(new String(answer.body(), StandardCharsets.UTF_8))
            .isEqualTo(method + " /base/items/42?q=a%20b&x=1 " + body);
      }
    }
  }

  @Test
  void unreachablePrimaryGives502WithAJsonBody() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (ProxyHarness proxy =
        ProxyHarness.start("http://127.0.0.1:" + closedPort, shadow.url(), out)) {
      HttpResponse<byte[]> answer = proxy.post("/predict", "{}");
      assertThat(answer.statusCode()).isEqualTo(502);
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode body = ProxyHarness.MAPPER.readTree(answer.body());
      assertThat(body.get("error").asText()).isEqualTo("primary unreachable");
      assertThat(body.get("detail").asText()).contains("connection refused");
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.at("/primary/error/kind").asText()).isEqualTo("connection_refused");
                assertThat(r.at("/shadow/status").asInt()).isEqualTo(200);
              });
    }
  }

  @Test
  void stalledPrimaryGives504AfterThePrimaryTimeout() throws Exception {
    List<HttpServerRequest> parked = new ArrayList<>();
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.stall(parked));
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(), shadow.url(), out, b -> b.primaryTimeout(Duration.ofMillis(300)))) {
      HttpResponse<byte[]> answer = proxy.post("/predict", "{}");
      assertThat(answer.statusCode()).isEqualTo(504);
      JsonNode body = ProxyHarness.MAPPER.readTree(answer.body());
      assertThat(body.get("error").asText()).isEqualTo("primary timed out");
      assertThat(body.get("detail").asText()).contains("within 300 ms");
    }
  }

  @Test
  void http10CallersGetALengthDelimitedAnswer() throws Exception {
    try (TestUpstream primary =
            TestUpstream.start(
                vertx,
                (req, body) ->
                    req.response()
                        .setChunked(true)
                        .write("chunk-one,")
                        .compose(v -> req.response().end("chunk-two")));
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      String raw = RawHttp.text(RawHttp.exchange(proxy.proxy.port(), "GET / HTTP/1.0\r\n\r\n"));
      assertThat(raw)
          .startsWith("HTTP/1.0 200 OK\r\n")
          .contains("content-length: 19")
          .doesNotContainIgnoringCase("transfer-encoding")
          .endsWith("\r\n\r\nchunk-one,chunk-two");
    }
  }
}
