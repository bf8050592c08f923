package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * user:password@ in an upstream URL: sent as Basic auth to that upstream only, in place of the caller's
 * Authorization, while the other upstream still gets the caller's header as sent.
 */
class UpstreamCredentialsTest {

  private Vertx vertx;
  private TestUpstream primary;
  private TestUpstream shadow;
  @TempDir Path out;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    primary = TestUpstream.start(vertx, TestUpstream.json(200, "{\"label\":\"cat\"}"));
    shadow = TestUpstream.start(vertx, TestUpstream.json(200, "{\"label\":\"dog\"}"));
  }

  @AfterEach
  void tearDown() throws Exception {
    primary.close();
    shadow.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void onlyTheUpstreamWithCredentialsGetsBasicAuthAndTheCallersHeadersAreNotChanged()
      throws Exception {
    String shadowUrl = "http://svc:sh%40dow-pw@127.0.0.1:" + shadow.port();
    try (ProxyHarness proxy = ProxyHarness.start(primary.url(), shadowUrl, out)) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<byte[]> answer =
            proxy.send(
                HttpRequest.newBuilder(URI.create(proxy.url() + "/predict?i=" + i))
                    .header("Authorization", "Bearer caller-token")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build());
        assertThat(answer.statusCode()).isEqualTo(200);
      }
      await().atMost(10, TimeUnit.SECONDS).until(() -> shadow.receivedCount() == 3);
      assertThat(primary.received())
          .extracting(r -> r.headers().getAll("Authorization"))
          .containsOnly(List.of("Bearer caller-token"));
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("svc:sh@dow-pw".getBytes(StandardCharsets.UTF_8));
      assertThat(shadow.received())
          .extracting(r -> r.headers().getAll("Authorization"))
          .containsOnly(List.of(basic));

      assertThat(proxy.admin("GET", "/health", null, null).body())
          .contains("svc:****@")
          .doesNotContain("dow-pw");
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records)
          .hasSize(3)
          .allSatisfy(
              r -> {
                assertThat(r.get("shadow_target").asText())
                    .isEqualTo("http://svc:****@127.0.0.1:" + shadow.port());
                assertThat(r.at("/request/headers/authorization").asText()).isEqualTo("[REDACTED]");
              });
    }
  }

  @Test
  void thePrimarysCredentialsDoNotLeakIntoTheShadowsCopySentAfterIt() throws Exception {
    // after-primary: the copy is built from the caller's headers once the primary's request went
    // out with its
    // Basic auth, which must have been added to a copy, not to the headers the two requests share
    String primaryUrl = "http://prod:pr1mary-pw@127.0.0.1:" + primary.port();
    try (ProxyHarness proxy =
        new ProxyHarness(
            primaryUrl, shadow.url(), out, b -> b.shadowMode(ShadowMode.AFTER_PRIMARY))) {
      proxy.send(
          HttpRequest.newBuilder(URI.create(proxy.url() + "/predict"))
              .header("Authorization", "Bearer caller-token")
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .build());
      await().atMost(10, TimeUnit.SECONDS).until(() -> shadow.receivedCount() == 1);
      assertThat(primary.received().get(0).headers().getAll("Authorization"))
          .containsExactly(
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString("prod:pr1mary-pw".getBytes(StandardCharsets.UTF_8)));
      assertThat(shadow.received().get(0).headers().getAll("Authorization"))
          .containsExactly("Bearer caller-token");
    }
  }
}
