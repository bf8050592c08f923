package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the event loops lag over {@code --shed-lag}, finished pairs are sampled — one in {@link
 * RecordShedding#KEEP_ONE_IN} compared and recorded, the others shed — and every shed pair is counted in the metric,
 * the live summary and {@code summary.json}; the callers are answered all the same. The lag is real (the timers of
 * the proxy's own event loops, late on every tick by more than the threshold of one nanosecond, which every real
 * timer is): the test waits until the lag gauge shows it, and from then on the proxy sheds.
 */
class RecordSheddingTest {

  private static final int CALLS = 60;
  private static final String SHED = "shadow_records_shed_total";
  private static final String LAG = "shadow_eventloop_lag_seconds";
  private static final ObjectMapper MAPPER = new ObjectMapper();

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

  @Test
  void overTheLagThresholdPairsAreSampledAndEveryShedPairIsCounted() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(), shadow.url(), out, b -> b.shedLag(Duration.ofNanos(1)))) {
      // the loops' first timer fires LoopLag.PERIOD_MILLIS after start: from then on the lag is
      // measured
      await().atMost(Duration.ofSeconds(5)).until(() -> metric(proxy, LAG) > 0);
      for (int i = 0; i < CALLS; i++) {
        String body = "{\"i\":" + i + "}";
        assertThat(new String(proxy.post("/predict", body).body(), StandardCharsets.UTF_8))
            .isEqualTo(body);
      }
      // every pair is either shed or recorded: none is lost, none is counted twice
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> (long) metric(proxy, SHED) + proxy.proxy.summary().requests() == CALLS);
      long shed = (long) metric(proxy, SHED);
      // one in KEEP_ONE_IN of the pairs finished while shedding is recorded: 6 of 60
      assertThat(shed).isEqualTo(CALLS - CALLS / RecordShedding.KEEP_ONE_IN);
      ComparisonSummary live = proxy.proxy.summary();
      assertThat(live.instances()).hasSize(1);
      assertThat(live.instances().get(0).drops().shed()).isEqualTo(shed);
      assertThat(shadow.received()).hasSize(CALLS); // shedding spares recording, not the copies
      // the admin API's /summary is summary.json's shape (SummaryJson), as the CLI writes it on
      // exit
      JsonNode summary = json(proxy.admin("GET", "/summary", null, null).body());
      assertThat(summary.at("/instances/0/drops/shed").asLong()).isEqualTo(shed);

      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).hasSize(CALLS / RecordShedding.KEEP_ONE_IN);
      assertThat(summary.at("/requests").asLong()).isEqualTo(records.size());
    }
  }

  // a meter without tags, from the Prometheus text of /metrics
  private static double metric(ProxyHarness proxy, String name) {
    for (String line : proxy.proxy.scrapeMetrics().lines().toList()) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    throw new AssertionError("no meter " + name + " in /metrics");
  }

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  @Test
  void aZeroThresholdRecordsEveryPair() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(primary.url(), shadow.url(), out, b -> b.shedLag(Duration.ZERO))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> metric(proxy, LAG) > 0);
      for (int i = 0; i < 20; i++) {
        proxy.post("/predict", "{\"i\":" + i + "}");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.proxy.summary().requests() == 20);
      assertThat(metric(proxy, SHED)).isZero();
      JsonNode summary = json(proxy.admin("GET", "/summary", null, null).body());
      assertThat(summary.at("/instances/0/drops/shed").asLong()).isZero();
      assertThat(proxy.closeAndReadRecords()).hasSize(20);
    }
  }
}
