package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every buffer of the recording side is bounded in bytes, and what is beyond a bound is dropped or cut and counted,
 * never waited for and never taken out of the caller's answer.
 */
class MemoryBoundsTest {

  private static final int MIB = 1 << 20;

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

  private static byte[] body(int size, byte fill, byte last) {
    byte[] b = new byte[size];
    Arrays.fill(b, fill);
    b[size - 1] = last;
    return b;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void bodiesOverTheCaptureLimitAreComparedWholeByDigestAndRecordedCut() throws Exception {
    byte[] same = body(2 * MIB, (byte) 'a', (byte) 'z');
    byte[] differsAtTheEnd =
        body(2 * MIB, (byte) 'a', (byte) 'y'); // the same first 2 MiB - 1 bytes
    TestUpstream.Responder primaryModel =
        (req, b) -> req.response().putHeader("Content-Type", "text/plain").end(Buffer.buffer(same));
    TestUpstream.Responder shadowModel =
        (req, b) ->
            req.response()
                .putHeader("Content-Type", "text/plain")
                .end(Buffer.buffer(req.path().equals("/same") ? same : differsAtTheEnd));
    try (TestUpstream primary = TestUpstream.start(vertx, primaryModel);
        TestUpstream shadow = TestUpstream.start(vertx, shadowModel);
        ProxyHarness proxy =
            new ProxyHarness(primary.url(), shadow.url(), out, b -> b.captureMaxBytes(64 * 1024))) {
      assertThat(proxy.get("/same").body()).isEqualTo(same);
      assertThat(proxy.get("/diff").body()).isEqualTo(same);

      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).hasSize(2);
      JsonNode sameRecord =
          records.stream()
              .filter(r -> r.path("path").asText().equals("/same"))
              .findFirst()
              .orElseThrow();
      JsonNode diffRecord =
          records.stream()
              .filter(r -> r.path("path").asText().equals("/diff"))
              .findFirst()
              .orElseThrow();
      // the digest is the SHA-256 of every byte the model sent (computed here with the JDK's
      // MessageDigest)
      assertThat(sameRecord.at("/primary/body_truncated").asBoolean()).isTrue();
      assertThat(sameRecord.at("/primary/body_bytes").asInt()).isEqualTo(64 * 1024);
      assertThat(sameRecord.at("/primary/body_size").asLong()).isEqualTo(2L * MIB);
      assertThat(sameRecord.at("/primary/body_sha256").asText()).isEqualTo(sha256(same));
      assertThat(diffRecord.at("/shadow/body_sha256").asText()).isEqualTo(sha256(differsAtTheEnd));
      assertThat(Verdicts.agrees(sameRecord)).as(sameRecord.at("/verdict").toString()).isTrue();
      assertThat(Verdicts.agrees(diffRecord)).isFalse();
      assertThat(diffRecord.at("/verdict/differences/0/kind").asText()).isEqualTo("body_bytes");
      assertThat(diffRecord.at("/verdict/differences/0/shadow").asText())
          .startsWith("2,097,152 bytes, sha256 " + sha256(differsAtTheEnd).substring(0, 12));
      // a record line holds the captured part, not the whole 2 MiB
      assertThat(Files.size(proxy.proxy.recordsFile())).isLessThan(400 * 1024);
    }
  }

  @Test
  void aRequestCopyThatDoesNotFitTheInFlightBoundIsDroppedAndCountedAndTheCallerIsServed()
      throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(primary.url(), shadow.url(), out, b -> b.inFlightBytes(256 * 1024))) {
      String big = "{\"pad\":\"" + "p".repeat(300 * 1024) + "\"}";
      HttpResponse<byte[]> answer = proxy.post("/predict", big);
      assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(big);
      String small = "{\"pad\":\"p\"}";
      assertThat(new String(proxy.post("/predict", small).body(), StandardCharsets.UTF_8))
          .isEqualTo(small);

      await().atMost(Duration.ofSeconds(5)).until(() -> proxy.proxy.summary().requests() == 1);
      assertThat(proxy.proxy.scrapeMetrics())
          .contains("shadow_copies_dropped_total{reason=\"memory\"} 1.0");
      assertThat(shadow.received())
          .extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
          .containsExactly(small);
      assertThat(proxy.closeAndReadRecords()).hasSize(1);
    }
  }

  @Test
  void pairsOverTheRecordQueueBoundAreDroppedAndCounted() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(primary.url(), shadow.url(), out, b -> b.recordQueueBytes(1))) {
      for (int i = 0; i < 5; i++) {
        assertThat(
                new String(
                    proxy.post("/predict", "{\"i\":" + i + "}").body(), StandardCharsets.UTF_8))
            .isEqualTo("{\"i\":" + i + "}");
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  proxy
                      .proxy
                      .scrapeMetrics()
                      .contains("shadow_records_dropped_total{reason=\"queue_bytes\"} 5.0"));
      assertThat(proxy.proxy.stats().recordDrops()).isEqualTo(5);
      assertThat(proxy.closeAndReadRecords()).isEmpty();
    }
  }

  @Test
  void binaryBodiesAreRecordedAsBase64NotAsEscapedControlCharacters() throws Exception {
    byte[] zeros = new byte[10 * MIB];
    byte[] zerosAndOne = Arrays.copyOf(zeros, zeros.length + 1);
    try (TestUpstream primary =
            TestUpstream.start(
                vertx,
                (req, b) ->
                    req.response()
                        .putHeader("Content-Type", "application/octet-stream")
                        .end(Buffer.buffer(zeros)));
        TestUpstream shadow =
            TestUpstream.start(
                vertx,
                (req, b) ->
                    req.response()
                        .putHeader("Content-Type", "application/octet-stream")
                        .end(Buffer.buffer(zerosAndOne)));
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      assertThat(proxy.get("/download").body()).isEqualTo(zeros);

      List<JsonNode> records = proxy.closeAndReadRecords();
      JsonNode r = records.get(0);
      assertThat(r.at("/primary/body_format").asText()).isEqualTo("base64");
      assertThat(r.at("/primary/body_size").asLong()).isEqualTo(10L * MIB);
      assertThat(Verdicts.agrees(r)).isFalse();
      // 1 MiB captured, as base64: 1.4 MB per side, where escaping every byte as \u0000 made 63 MB
      // of one entry
      assertThat(Files.size(proxy.proxy.recordsFile())).isLessThan(3L * MIB);
      assertThat(Files.size(out.resolve(RegressionSuite.FILE))).isLessThan(3L * MIB);
    }
  }

  @Test
  void theSuiteKeepsToItsByteBound() throws Exception {
    CaptureSettings settings =
        CaptureSettings.defaults(1e-6, List.of(), List.of()).withSuiteMax(10_000, 512 * 1024);
    try (TestUpstream primary =
            TestUpstream.start(
                vertx,
                (req, b) ->
                    req.response()
                        .putHeader("Content-Type", "application/json")
                        .end(
                            "{\"n\":\""
                                + req.path()
                                + "\",\"pad\":\""
                                + "a".repeat(100 * 1024)
                                + "\"}"));
        TestUpstream shadow =
            TestUpstream.start(
                vertx,
                (req, b) ->
                    req.response()
                        .putHeader("Content-Type", "application/json")
                        .end(
                            "{\"n\":\""
                                + req.path()
                                + "\",\"pad\":\""
                                + "b".repeat(100 * 1024)
                                + "\"}"))) {
      ShadowProxy proxy =
          ShadowProxy.builder(
                  ProxyConfig.builder(primary.url(), shadow.url())
                      .host("127.0.0.1")
                      .port(0)
                      .adminPort(-1)
                      .outDir(out)
                      .eventLoops(2)
                      .build())
              .capture(settings)
              .start();
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      for (int i = 0; i < 20; i++) {
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/item/" + i))
                .build(),
            HttpResponse.BodyHandlers.discarding());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.summary().requests() == 20);
      proxy.close();

      // each entry holds two 100 KB answers: at most two fit in 512 KiB, and the file is not larger
      // than the bound
      assertThat(Files.size(out.resolve(RegressionSuite.FILE))).isLessThanOrEqualTo(512 * 1024);
      RegressionSuite suite =
          RegressionSuite.read(
              out.resolve(RegressionSuite.FILE),
              10_000,
              new com.fasterxml.jackson.databind.ObjectMapper());
      assertThat(suite.size()).isBetween(1, 2);
      assertThat(proxy.outputs().suite().evicted()).isEqualTo(20 - suite.size());
    }
  }

  @Test
  void aRecordWorkerThatRunsOutOfMemoryShowsInHealthAndCallersAreStillServed() throws Exception {
    // a comparator that fails the way a real out-of-memory would, on one path only
    ResponseComparator failing =
        new ResponseComparator() {
          @Override
          public String name() {
            return "failing";
          }

          @Override
          public Verdict compare(Answer primary, Answer shadow) {
            return new Verdict(name(), true, List.of(), 0);
          }

          @Override
          public Verdict compare(CapturedRequest request, Answer primary, Answer shadow) {
            if (request.path().equals("/boom")) {
              throw new OutOfMemoryError("Java heap space");
            }
            return compare(primary, shadow);
          }
        };
    CaptureSettings defaults = CaptureSettings.defaults(1e-6, List.of(), List.of());
    CaptureSettings settings =
        new CaptureSettings(
            failing, List.of(), defaults.bodyRedactor(), 100, 1 << 20, Duration.ofSeconds(5));
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo())) {
      ShadowProxy proxy =
          ShadowProxy.builder(
                  ProxyConfig.builder(primary.url(), shadow.url())
                      .host("127.0.0.1")
                      .port(0)
                      .adminPort(0)
                      .outDir(out)
                      .eventLoops(2)
                      .build())
              .capture(settings)
              .start();
      try (ProxyHarnessView view = new ProxyHarnessView(proxy)) {
        assertThat(view.post("/boom", "{}")).isEqualTo("{}");
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> view.admin("/metrics").contains("shadow_records_worker_failures_total 1.0"));
        JsonNode health = ProxyHarness.MAPPER.readTree(view.admin("/health"));
        assertThat(health.get("status").asText()).isEqualTo("degraded");
        assertThat(health.get("recording").asText()).contains("OutOfMemoryError: Java heap space");
        // the caller path is untouched, and the worker goes on with the next pair
        assertThat(view.post("/fine", "{\"a\":1}")).isEqualTo("{\"a\":1}");
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.summary().requests() == 1);
        assertThat(view.admin("/metrics"))
            .contains("shadow_records_dropped_total{reason=\"worker_failed\"} 1.0");
      }
      assertThat(ProxyHarness.readRecords(proxy.recordsFile()))
          .extracting(r -> r.path("path").asText())
          .containsExactly("/fine");
    }
  }

  /** The proxy's two ports as plain HTTP, for a proxy started with custom settings. */
  private static final class ProxyHarnessView implements AutoCloseable {
    private final ShadowProxy proxy;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    ProxyHarnessView(ShadowProxy proxy) {
      this.proxy = proxy;
    }

    String post(String path, String body) throws Exception {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }

    String admin(String path) throws Exception {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.adminPort() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }

    @Override
    public void close() {
      proxy.close();
    }
  }
}
