package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The secondary's copy: sent with the shadow's, never waited for by the caller, and accounted for exactly — every
 * permit and every reserved byte given back — whether the secondary answers, fails, is refused by the byte budget, or
 * the caller goes away.
 */
class SecondaryCopyTest {

  private Vertx vertx;
  private LoopbackCaller caller;
  @TempDir Path out;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    caller = new LoopbackCaller(vertx, 2);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private String call(ProxyHarness proxy, String body) throws Exception {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(proxy.proxy.port())
            .setURI("/predict")
            .putHeader("Content-Type", "application/json");
    return caller.call(options, body).text();
  }

  /** The value of one sample of the Prometheus exposition, e.g. {@code shadow_secondary_in_flight}. */
  static double metric(ShadowProxy proxy, String sample) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$")
            .matcher(proxy.scrapeMetrics());
    assertThat(m.find()).as("metric " + sample).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** Nothing held any more: no copy in flight on either side, no byte reserved. */
  static void assertNothingHeld(ShadowProxy proxy) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(metric(proxy, "shadow_copies_in_flight")).isZero();
              assertThat(metric(proxy, "shadow_secondary_in_flight")).isZero();
              assertThat(metric(proxy, "shadow_memory_used_bytes{pool=\"in_flight\"}")).isZero();
            });
  }

  @Test
  void aSecondaryThatTakesTwoSecondsDelaysNoCaller() throws Exception {
    ConcurrentLinkedQueue<Long> secondaryAnsweredAt = new ConcurrentLinkedQueue<>();
    TestUpstream.Responder slow =
        TestUpstream.delayed(
            vertx,
            2_000,
            (req, body) -> {
              secondaryAnsweredAt.add(System.nanoTime());
              req.response().putHeader("Content-Type", "application/json").end(body);
            });
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream secondary = TestUpstream.start(vertx, slow);
        ProxyHarness proxy =
            new ProxyHarness(primary.url(), shadow.url(), out, b -> b.secondary(secondary.url()))) {
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        answers.add(call(proxy, "{\"n\":" + i + "}"));
      }
      long lastCallerAnswer = System.nanoTime();

      // had a caller waited for the secondary, 20 sequential requests would have taken 40 s and
      // could not all be done before its first answer: the order of events proves it
      assertThat(answers).hasSize(20);
      assertThat(secondaryAnsweredAt).allMatch(t -> t > lastCallerAnswer);
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).hasSize(20);
      for (JsonNode r : records) {
        assertThat(r.at("/secondary/latency_ms").asDouble()).isGreaterThanOrEqualTo(2000.0);
        assertThat(r.at("/primary/latency_ms").asDouble()).isLessThan(2000.0);
        // the same answer, 2 s later: the only difference is the latency budget's (info)
        assertThat(r.at("/noise/differences"))
            .extracting(d -> d.get("kind").asText() + " " + d.get("severity").asText())
            .containsExactly("latency info");
      }
      assertThat(metric(proxy.proxy, "shadow_upstream_latency_seconds_count{side=\"secondary\"}"))
          .isEqualTo(20.0);
      assertThat(metric(proxy.proxy, "shadow_secondary_copies_total{outcome=\"sent\"}"))
          .isEqualTo(20.0);
    }
  }

  @Test
  void aSecondaryAnswerOverTheByteBudgetDropsTheSecondarySideOnly() throws Exception {
    String big = "{\"pad\":\"" + "x".repeat(600 * 1024) + "\"}";
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream secondary = TestUpstream.start(vertx, TestUpstream.json(200, big));
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                b -> b.secondary(secondary.url()).inFlightBytes(256 * 1024))) {
      for (int i = 0; i < 3; i++) {
        assertThat(call(proxy, "{\"n\":" + i + "}")).isEqualTo("{\"n\":" + i + "}");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.proxy.summary().requests() == 3);
      assertNothingHeld(proxy.proxy);
      assertThat(metric(proxy.proxy, "shadow_secondary_copies_total{outcome=\"dropped_memory\"}"))
          .isEqualTo(3.0);
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).hasSize(3);
      for (JsonNode r : records) {
        assertThat(r.has("secondary")).isFalse();
        assertThat(r.has("noise")).isFalse();
        assertThat(r.at("/shadow/status").asInt()).isEqualTo(200);
        assertThat(r.at("/verdict/match").asBoolean()).isTrue();
      }
    }
  }

  @Test
  void aFailingSecondaryIsRecordedAsSuchAndGivesItsPermitBack() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                // one permit per side: a leaked one would keep every later copy from being sent
                b -> b.secondary("http://127.0.0.1:" + closedPort).maxInFlight(1))) {
      for (int i = 0; i < 3; i++) {
        assertThat(call(proxy, "{\"n\":" + i + "}")).isEqualTo("{\"n\":" + i + "}");
        int recorded = i + 1;
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> proxy.proxy.summary().requests() == recorded);
      }
      assertNothingHeld(proxy.proxy);
      assertThat(
              metric(
                  proxy.proxy,
                  "shadow_upstream_failures_total{error=\"connection_refused\",side=\"secondary\"}"))
          .isEqualTo(3.0);
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).hasSize(3);
      for (JsonNode r : records) {
        assertThat(r.at("/secondary/error/kind").asText()).isEqualTo("connection_refused");
        assertThat(r.has("noise")).isFalse();
        assertThat(r.at("/verdict/match").asBoolean()).isTrue();
      }
      assertThat(proxy.proxy.summary().noise().secondaryErrors()).isEqualTo(3);
    }
  }

  @Test
  void aSecondaryPastTheShadowTimeoutIsCutByTheSameDeadline() throws Exception {
    List<HttpServerRequest> parked = new ArrayList<>();
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream secondary = TestUpstream.start(vertx, TestUpstream.stall(parked));
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                b ->
                    b.secondary(secondary.url())
                        .shadowTimeout(Duration.ofMillis(300))
                        .maxInFlight(1))) {
      assertThat(call(proxy, "{\"n\":1}")).isEqualTo("{\"n\":1}");
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.proxy.summary().requests() == 1);
      assertNothingHeld(proxy.proxy);
      JsonNode r = proxy.closeAndReadRecords().get(0);
      assertThat(r.at("/secondary/error/kind").asText()).isEqualTo("timeout");
      assertThat(r.at("/secondary/latency_ms").asDouble()).isGreaterThanOrEqualTo(300.0);
      assertThat(r.at("/shadow/status").asInt()).isEqualTo(200);
    }
  }

  @Test
  void aCallerThatGoesAwayMidRequestLeavesNothingHeldOnEitherSide() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream secondary = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                b -> b.secondary(secondary.url()).maxInFlight(1))) {
      // a caller announces 1,000 bytes, sends 10 and closes the connection
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.proxy.port())) {
        OutputStream o = socket.getOutputStream();
        o.write(
            ("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"n\":\"abc")
                .getBytes(StandardCharsets.ISO_8859_1));
        o.flush();
      }
      // with one permit per side, the abandoned request must have given both back before the next
      // request can be mirrored at all; a leak would keep every later copy from being sent
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                call(proxy, "{\"n\":2}");
                return secondary.receivedCount() > 0 && shadow.receivedCount() > 0;
              });
      assertNothingHeld(proxy.proxy);
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).isNotEmpty();
      assertThat(records).allSatisfy(r -> assertThat(r.at("/request/body/n").asInt()).isEqualTo(2));
      assertThat(records)
          .anySatisfy(r -> assertThat(r.at("/secondary/status").asInt()).isEqualTo(200));
    }
  }

  @Test
  void aCallerThatLeavesBeforeItsAnswerStillGetsBothCopiesRecorded() throws Exception {
    List<HttpServerRequest> parkedPrimary = new ArrayList<>();
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.stall(parkedPrimary));
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream secondary = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                b -> b.secondary(secondary.url()).maxInFlight(1))) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.proxy.port())) {
        OutputStream o = socket.getOutputStream();
        o.write(
            ("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 7\r\n\r\n{\"n\":7}")
                .getBytes(StandardCharsets.ISO_8859_1));
        o.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> secondary.receivedCount() == 1);
      } // the caller is gone; the primary has not answered yet
      synchronized (parkedPrimary) {
        assertThat(parkedPrimary).hasSize(1);
        parkedPrimary
            .get(0)
            .response()
            .putHeader("Content-Type", "application/json")
            .end("{\"n\":7}");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.proxy.summary().requests() == 1);
      assertNothingHeld(proxy.proxy);
      JsonNode r = proxy.closeAndReadRecords().get(0);
      assertThat(r.at("/secondary/status").asInt()).isEqualTo(200);
      assertThat(r.at("/noise/match").asBoolean()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(ShadowMode.class)
  void theSecondaryGetsTheShadowsCopyAtTheSameMomentWithItsOwnCredentialsMasked(ShadowMode mode)
      throws Exception {
    ConcurrentLinkedQueue<Long> primaryAnsweredAt = new ConcurrentLinkedQueue<>();
    TestUpstream.Responder primaryModel =
        TestUpstream.delayed(
            vertx,
            300,
            (req, body) -> {
              primaryAnsweredAt.add(System.nanoTime());
              req.response().putHeader("Content-Type", "application/json").end(body);
            });
    try (TestUpstream primary = TestUpstream.start(vertx, primaryModel);
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream secondary = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                b ->
                    b.shadowMode(mode)
                        .secondary(
                            "http://svc:n0t-2-b3-s33n@127.0.0.1:" + secondary.port() + "/v1"))) {
      assertThat(call(proxy, "{\"n\":1}")).isEqualTo("{\"n\":1}");
      await().atMost(Duration.ofSeconds(10)).until(() -> secondary.receivedCount() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> shadow.receivedCount() == 1);

      TestUpstream.Received copy = secondary.received().get(0);
      TestUpstream.Received shadowCopy = shadow.received().get(0);
      assertThat(copy.uri()).isEqualTo("/v1/predict");
      assertThat(copy.body()).isEqualTo(shadowCopy.body());
      assertThat(copy.header(MirroredExchange.REQUEST_ID_HEADER))
          .isEqualTo(shadowCopy.header(MirroredExchange.REQUEST_ID_HEADER));
      assertThat(copy.header("Authorization"))
          .isEqualTo(
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString("svc:n0t-2-b3-s33n".getBytes(StandardCharsets.UTF_8)));
      // parallel: both copies leave when the request is complete, before the primary's answer;
      // after-primary: both wait for it
      long answered = primaryAnsweredAt.peek();
      if (mode == ShadowMode.PARALLEL) {
        assertThat(copy.receivedNanos()).isLessThan(answered);
        assertThat(shadowCopy.receivedNanos()).isLessThan(answered);
      } else {
        assertThat(copy.receivedNanos()).isGreaterThan(answered);
        assertThat(shadowCopy.receivedNanos()).isGreaterThan(answered);
      }

      HttpResponse<String> health = proxy.admin("GET", "/health", null, null);
      assertThat(health.body())
          .contains("\"secondary\":\"http://svc:****@127.0.0.1:" + secondary.port() + "/v1\"")
          .doesNotContain("n0t-2-b3-s33n");
      HttpResponse<String> state = proxy.admin("GET", "/admin/shadow", null, null);
      assertThat(ProxyHarness.MAPPER.readTree(state.body()).at("/secondary/url").asText())
          .isEqualTo("http://svc:****@127.0.0.1:" + secondary.port() + "/v1");
      assertThat(ProxyHarness.MAPPER.readTree(state.body()).at("/secondary/sample_rate").asDouble())
          .isEqualTo(1.0);
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.proxy.summary().requests() == 1);
      assertThat(proxy.admin("GET", "/summary", null, null).body()).contains("\"noise\"");
      assertThat(proxy.proxy.scrapeMetrics()).doesNotContain("n0t-2-b3-s33n");
      proxy.proxy.close();
      assertThat(Files.readString(proxy.proxy.recordsFile())).doesNotContain("n0t-2-b3-s33n");
      assertThat(Buffer.buffer(Files.readAllBytes(out.resolve("regression_suite.json"))).toString())
          .doesNotContain("n0t-2-b3-s33n");
    }
  }
}
