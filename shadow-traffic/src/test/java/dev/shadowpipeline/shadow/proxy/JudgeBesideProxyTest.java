package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.ErrorComparator;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.LatencyComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.compare.TextComparator;
import dev.shadowpipeline.shadow.compare.route.PathPattern;
import dev.shadowpipeline.shadow.compare.route.Route;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import dev.shadowpipeline.shadow.judge.JudgeConfig;
import dev.shadowpipeline.shadow.judge.JudgeFeeder;
import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.judge.PairwiseJudge;
import dev.shadowpipeline.shadow.memory.MemoryDefaults;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judge beside a running proxy: a judge that never answers, or is not there at all, costs the callers nothing —
 * every caller gets the primary's answer — while the pairs it could not judge are counted.
 */
class JudgeBesideProxyTest {

  private static final String PRIMARY =
      "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Paris is the capital of France.\"}}]}";
  private static final String SHADOW =
      "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Bananas grow in bunches on tall plants.\"}}]}";
  private static final int CALLERS = 20;

  private Vertx vertx;
  private LoopbackCaller caller;
  @TempDir Path out;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    caller = new LoopbackCaller(vertx, 4);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static CaptureSettings chatRules() {
    RouteTable table =
        RouteTable.framed(
            List.of(
                new Route(
                    PathPattern.parse("/v1/chat/completions"),
                    Set.of("POST"),
                    List.of(new TextComparator(TextComparator.Spec.defaults())))),
            JsonComparator.bodiesOnly(NumericTolerance.relative(1e-6), List.of()),
            new ErrorComparator(ErrorComparator.Spec.defaults()),
            new LatencyComparator(LatencyComparator.Spec.defaults()));
    return new CaptureSettings(
        table,
        List.of(),
        BodyRedactor.NONE,
        CaptureSettings.DEFAULT_SUITE_MAX,
        MemoryDefaults.suiteBytes(),
        Duration.ofSeconds(5));
  }

  private JudgeSummary run(URI judgeUrl, Duration judgeTimeout) throws Exception {
    JudgeConfig config =
        JudgeConfig.of(judgeUrl, "judge", null)
            .withCalls(1, judgeTimeout, 0, false)
            .withBounds(2, JudgeConfig.DEFAULT_QUEUE_MAX_BYTES, 1000);
    PairwiseJudge judge = PairwiseJudge.start(config, out, System::nanoTime);
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.json(200, PRIMARY));
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.json(200, SHADOW))) {
      ShadowProxy proxy =
          ShadowProxy.builder(
                  ProxyConfig.builder(primary.url(), shadow.url())
                      .host("127.0.0.1")
                      .port(0)
                      .adminPort(0)
                      .outDir(out)
                      .eventLoops(2)
                      .build())
              .capture(chatRules())
              .consumers(List.of(JudgeFeeder.live(judge, Duration.ofMillis(300))))
              .judge(judge::summary)
              .start();
      judge.bindTo(proxy.meterRegistry());
      String metrics;
      try {
        for (int i = 0; i < CALLERS; i++) {
          RequestOptions options =
              new RequestOptions()
                  .setMethod(HttpMethod.POST)
                  .setHost("127.0.0.1")
                  .setPort(proxy.port())
                  .setURI("/v1/chat/completions")
                  .putHeader("Content-Type", "application/json");
          LoopbackCaller.Answer answer =
              caller.call(
                  options, "{\"messages\":[{\"role\":\"user\",\"content\":\"q" + i + "\"}]}");
          assertThat(answer.status()).isEqualTo(200);
          assertThat(answer.text()).isEqualTo(PRIMARY);
        }
        // the live summary carries the judge's verdicts so far: none decided, whatever the judge
        JsonNode live =
            new ObjectMapper()
                .readTree(
                    caller
                        .call(
                            new RequestOptions()
                                .setMethod(HttpMethod.GET)
                                .setHost("127.0.0.1")
                                .setPort(proxy.adminPort())
                                .setURI("/summary"),
                            null)
                        .text());
        assertThat(live.at("/llm/judge").isObject()).as(live.toString()).isTrue();
        assertThat(live.at("/llm/judge/decided").asLong(-1)).isZero();
        assertThat(live.at("/llm/judge/win_rate").isNull()).isTrue();
      } finally {
        proxy.close();
        metrics = proxy.scrapeMetrics();
      }
      assertThat(proxy.summary().requests()).isEqualTo(CALLERS);
      assertThat(metrics).contains("shadow_judge_skipped_total{reason=\"queue_full\"}");
      assertThat(metrics).contains("shadow_judge_pairs_total{outcome=\"shadow_better\"} 0.0");
    }
    return judge.summary();
  }

  @Test
  void aJudgeThatNeverAnswersCostsTheCallersNothing() throws Exception {
    List<HttpServerRequest> parked = new ArrayList<>();
    try (TestUpstream judgeServer = TestUpstream.start(vertx, TestUpstream.stall(parked))) {
      JudgeSummary s = run(URI.create(judgeServer.url()), Duration.ofSeconds(30));
      // every pair diverged; a hanging judge with one call in flight and two places in the queue
      // takes at most
      // three: the rest were skipped, and what was waiting at the deadline is unfinished
      assertThat(s.decided()).isZero();
      assertThat(s.skipped().getOrDefault("queue_full", 0L)).isGreaterThanOrEqualTo(CALLERS - 3L);
      assertThat(s.skippedCount() + s.errorCount()).isEqualTo(CALLERS);
      assertThat(s.skipped()).containsKey("unfinished");
    }
  }

  @Test
  void aJudgeThatIsNotThereIsCountedPairByPair() throws Exception {
    int port;
    try (TestUpstream gone = TestUpstream.start(vertx, TestUpstream.json(200, "{}"))) {
      port = URI.create(gone.url()).getPort();
    }
    JudgeSummary s = run(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(5));
    assertThat(s.decided()).isZero();
    assertThat(s.errorCount() + s.skippedCount()).isEqualTo(CALLERS);
    assertThat(s.errors().keySet()).containsOnly("transport");
  }
}
