package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, Prometheus metrics, and swapping, sampling or pausing the shadow at run time through the admin port. */
class AdminApiTest {

  private static final String TOKEN = "s3cret-admin-token";
  private Vertx vertx;
  private TestUpstream primary;
  private TestUpstream shadowA;
  private TestUpstream shadowB;
  @TempDir Path out;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    primary = TestUpstream.start(vertx, TestUpstream.json(200, "{\"label\":\"cat\"}"));
    shadowA = TestUpstream.start(vertx, TestUpstream.json(200, "{\"label\":\"cat\"}"));
    shadowB = TestUpstream.start(vertx, TestUpstream.json(200, "{\"label\":\"dog\"}"));
  }

  @AfterEach
  void tearDown() throws Exception {
    primary.close();
    shadowA.close();
    shadowB.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void hotSwapSendsLaterCopiesToTheNewShadow() throws Exception {
    try (ProxyHarness proxy =
        new ProxyHarness(primary.url(), shadowA.url(), out, b -> b.adminToken(TOKEN))) {
      proxy.post("/predict", "{}");
      await().until(() -> shadowA.receivedCount() == 1);

      HttpResponse<String> swapped =
          proxy.admin("PUT", "/admin/shadow", "{\"url\":\"" + shadowB.url() + "\"}", TOKEN);
      assertThat(swapped.statusCode()).isEqualTo(200);
      assertThat(json(swapped).get("url").asText()).isEqualTo(shadowB.url());

      proxy.post("/predict", "{}");
      await().until(() -> shadowB.receivedCount() == 1);
      assertThat(shadowA.receivedCount()).isEqualTo(1);

      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records)
          .extracting(r -> r.get("shadow_target").asText())
          .containsExactly(shadowA.url(), shadowB.url());
      assertThat(records).extracting(Verdicts::agrees).containsExactly(true, false);
    }
  }

  @Test
  void summaryServesTheLiveAggregates() throws Exception {
    try (ProxyHarness proxy = new ProxyHarness(primary.url(), shadowB.url(), out, b -> b)) {
      for (int i = 0; i < 4; i++) {
        proxy.post("/predict", "{\"i\":" + i + "}");
      }
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(
              () -> json(proxy.admin("GET", "/summary", null, null)).get("requests").asInt() == 4);
      JsonNode summary = json(proxy.admin("GET", "/summary", null, null));
      assertThat(summary.at("/agreement/rate").asDouble()).isZero(); // cat against dog, every time
      assertThat(summary.at("/most_differing_fields/0/path").asText()).isEqualTo("/label");
      assertThat(summary.has("comparison_drift")).isTrue();
    }
  }

  @Test
  void summaryCarriesTheGatesVerdictAndTheLatestDivergingPairs() throws Exception {
    try (ProxyHarness proxy = new ProxyHarness(primary.url(), shadowB.url(), out, b -> b)) {
      for (int i = 0; i < 3; i++) {
        proxy.post("/predict?api_key=secret123&i=" + i, "{\"i\":" + i + "}");
      }
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(
              () -> json(proxy.admin("GET", "/summary", null, null)).get("requests").asInt() == 3);
      JsonNode summary = json(proxy.admin("GET", "/summary", null, null));
      // cat against dog, three times: agreement 0 fails the gate's 0.99 (GateCriteria.DEFAULTS)
      assertThat(summary.at("/gate/passed").asBoolean()).isFalse();
      assertThat(summary.at("/gate/requests").asInt()).isEqualTo(3);
      assertThat(summary.at("/gate/checks").findValuesAsText("name"))
          .contains("pairs compared", "agreement", "critical divergences");
      JsonNode recent = summary.get("recent_divergences");
      assertThat(recent).hasSize(3);
      // the caller's query redacted as in the records file (the order, newest first, is
      // RecentDivergencesTest's: copies may be recorded out of their callers' order)
      assertThat(recent.findValuesAsText("uri"))
          .allSatisfy(u -> assertThat(u).startsWith("/predict?").doesNotContain("secret123"))
          .anySatisfy(u -> assertThat(u).endsWith("i=0"))
          .anySatisfy(u -> assertThat(u).endsWith("i=2"));
      JsonNode diff = recent.get(0).at("/differences/0");
      assertThat(diff.get("path").asText()).isEqualTo("/label");
      assertThat(diff.get("primary").asText()).isEqualTo("cat");
      assertThat(diff.get("shadow").asText()).isEqualTo("dog");
    }
  }

  @Test
  void theLivePageIsOneSelfContainedReadOnlyPage() throws Exception {
    try (ProxyHarness proxy = ProxyHarness.start(primary.url(), shadowA.url(), out)) {
      HttpResponse<String> page = proxy.admin("GET", "/", null, null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      // the browser itself refuses anything but inline code and this port's own /summary
      assertThat(page.headers().firstValue("Content-Security-Policy"))
          .hasValue(LivePage.CONTENT_SECURITY_POLICY);
      assertThat(LivePage.CONTENT_SECURITY_POLICY)
          .startsWith("default-src 'none';")
          .contains("connect-src 'self'");
      assertThat(page.body())
          .startsWith("<!DOCTYPE html>")
          .contains("fetch('/summary'")
          .doesNotContain("src=\"http")
          .doesNotContain("href=\"http")
          .doesNotContain("src=\"/");
      // read-only: the page is GET only, like the rest of what needs no token
      assertThat(proxy.admin("PUT", "/", "{}", null).statusCode()).isEqualTo(405);
      assertThat(proxy.admin("GET", "/nope", null, null).body()).contains("try /, /health");
    }
  }

  @Test
  void pauseAndSampleRateTakeEffectAtOnce() throws Exception {
    try (ProxyHarness proxy =
        new ProxyHarness(primary.url(), shadowA.url(), out, b -> b.adminToken(TOKEN))) {
      assertThat(proxy.admin("PUT", "/admin/shadow", "{\"paused\":true}", TOKEN).statusCode())
          .isEqualTo(200);
      for (int i = 0; i < 10; i++) {
        assertThat(proxy.post("/predict", "{}").statusCode()).isEqualTo(200);
      }
      assertThat(shadowA.receivedCount()).isZero();
      assertThat(json(proxy.admin("GET", "/health", null, null)).get("mirroring").asText())
          .isEqualTo("paused");

      proxy.admin("PUT", "/admin/shadow", "{\"paused\":false,\"sample_rate\":0.0}", TOKEN);
      proxy.post("/predict", "{}");
      assertThat(shadowA.receivedCount()).isZero();
      assertThat(proxy.proxy.stats().skipped()).isEqualTo(11);

      proxy.admin("PUT", "/admin/shadow", "{\"sample_rate\":1}", TOKEN);
      proxy.post("/predict", "{}");
      await().until(() -> shadowA.receivedCount() == 1);
    }
  }

  @Test
  void changesNeedTheRightBearerToken() throws Exception {
    try (ProxyHarness proxy =
        new ProxyHarness(primary.url(), shadowA.url(), out, b -> b.adminToken(TOKEN))) {
      String change = "{\"url\":\"" + shadowB.url() + "\"}";
      HttpResponse<String> none = proxy.admin("PUT", "/admin/shadow", change, null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(proxy.admin("PUT", "/admin/shadow", change, "wrong").statusCode()).isEqualTo(401);
      assertThat(proxy.proxy.shadowControl().current().address().url()).isEqualTo(shadowA.url());
    }
  }

  @Test
  void withoutATokenTheApiIsReadOnly() throws Exception {
    try (ProxyHarness proxy = ProxyHarness.start(primary.url(), shadowA.url(), out)) {
      HttpResponse<String> refused =
          proxy.admin("PUT", "/admin/shadow", "{\"paused\":true}", "anything");
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(json(refused).get("error").asText())
          .contains("read-only")
          .contains("--admin-token");
      JsonNode state = json(proxy.admin("GET", "/admin/shadow", null, null));
      assertThat(state.get("writable").asBoolean()).isFalse();
      assertThat(state.get("paused").asBoolean()).isFalse();
      assertThat(state.get("sample_rate").asDouble()).isEqualTo(1.0);
    }
  }

  @Test
  void badChangesAreRefusedAndChangeNothing() throws Exception {
    try (ProxyHarness proxy =
        new ProxyHarness(primary.url(), shadowA.url(), out, b -> b.adminToken(TOKEN))) {
      assertThat(bad(proxy, "{\"sample_rate\":1.5}")).contains("between 0 and 1");
      assertThat(bad(proxy, "{\"url\":\"ftp://x\"}")).contains("http:// or https://");
      assertThat(bad(proxy, "{\"sampel_rate\":0.5}")).contains("unknown field 'sampel_rate'");
      assertThat(bad(proxy, "{not json")).contains("not valid JSON");
      assertThat(bad(proxy, "[1,2]")).contains("JSON object");
      JsonNode state = json(proxy.admin("GET", "/admin/shadow", null, null));
      assertThat(state.get("url").asText()).isEqualTo(shadowA.url());
      assertThat(state.get("sample_rate").asDouble()).isEqualTo(1.0);
    }
  }

  @Test
  void aShadowUrlThatIsTheProxyItselfIsRefused() throws Exception {
    try (ProxyHarness proxy =
        new ProxyHarness(primary.url(), shadowA.url(), out, b -> b.adminToken(TOKEN))) {
      int port = proxy.proxy.port(); // "any free port" at start: known only once listening
      for (String itself :
          List.of(
              "http://127.0.0.1:" + port,
              "http://localhost:" + port + "/v2",
              "http://0.0.0.0:"
                  + port, // connecting to the wildcard address connects to this machine
              "http://user:pw@127.0.0.1:" + port)) {
        assertThat(bad(proxy, "{\"url\":\"" + itself + "\",\"sample_rate\":0.5}"))
            .as(itself)
            .contains("this proxy's own address", "port " + port, "come back to the proxy")
            .doesNotContain("pw@");
      }
      JsonNode state = json(proxy.admin("GET", "/admin/shadow", null, null));
      assertThat(state.get("url").asText()).isEqualTo(shadowA.url());
      assertThat(state.get("sample_rate").asDouble()).isEqualTo(1.0);

      proxy.post("/predict", "{}"); // still mirrored to the shadow it had
      await().until(() -> shadowA.receivedCount() == 1);
      HttpResponse<String> elsewhere =
          proxy.admin("PUT", "/admin/shadow", "{\"url\":\"" + shadowB.url() + "\"}", TOKEN);
      assertThat(elsewhere.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void healthAndPrometheusMetrics() throws Exception {
    try (ProxyHarness proxy = ProxyHarness.start(primary.url(), shadowB.url(), out)) {
      for (int i = 0; i < 3; i++) {
        proxy.post("/predict", "{}");
      }
      await().until(() -> proxy.proxy.stats().mismatches() == 3);
      HttpResponse<String> health = proxy.admin("GET", "/health", null, null);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(json(health).get("status").asText()).isEqualTo("up");

      HttpResponse<String> metrics = proxy.admin("GET", "/metrics", null, null);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(metrics.body())
          .contains("shadow_requests_total{result=\"forwarded\"} 3.0")
          .contains("shadow_copies_mirrored_total 3.0")
          .contains("shadow_comparisons_total{verdict=\"mismatch\"} 3.0")
          .contains("shadow_differences_total{kind=\"value_changed\"} 3.0")
          .contains("shadow_upstream_latency_seconds_bucket{side=\"primary\"")
          .contains("shadow_latency_delta_seconds_count")
          .contains("shadow_copies_dropped_total")
          .contains("shadow_records_dropped_total{reason=\"queue_bytes\"} 0.0")
          .contains("shadow_records_dropped_total{reason=\"queue_full\"} 0.0")
          .contains("shadow_memory_used_bytes{pool=\"in_flight\"} 0.0")
          .contains("shadow_memory_limit_bytes{pool=\"record_queue\"}")
          .contains("shadow_copies_in_flight 0.0");
      assertThat(proxy.admin("POST", "/metrics", "", null).statusCode()).isEqualTo(405);
      assertThat(proxy.admin("GET", "/nope", null, null).statusCode()).isEqualTo(404);
    }
  }

  private static String bad(ProxyHarness proxy, String body) throws Exception {
    HttpResponse<String> answer = proxy.admin("PUT", "/admin/shadow", body, TOKEN);
    assertThat(answer.statusCode()).as(body).isEqualTo(400);
    return json(answer).get("error").asText();
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return ProxyHarness.MAPPER.readTree(response.body());
  }
}
