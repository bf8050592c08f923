package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.semantic.MiniLmProvider;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.ErrorComparator;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.LatencyComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.route.PathPattern;
import dev.shadowpipeline.shadow.compare.route.Route;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import dev.shadowpipeline.shadow.compare.semantic.SemanticComparator;
import dev.shadowpipeline.shadow.compare.semantic.SemanticEngine;
import dev.shadowpipeline.shadow.compare.semantic.TextEncoder;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record worker never waits for the semantic model, end to end with the real local model behind a gate the test
 * holds: records of another route keep flowing while chat pairs wait; at overload every pair is recorded, the model
 * measures what it can and the rest say why not; a model that takes too long gives {@code unmeasured: timeout}; and
 * closing the proxy writes the pairs still waiting. Every consumer runs on the record worker.
 */
class SemanticRecordsProxyTest {

  static TextEncoder model;

  @BeforeAll
  static void load() throws Exception {
    model = new MiniLmProvider().open(MiniLmProvider.QUANTIZED, 1);
  }

  @AfterAll
  static void unload() {
    model.close();
  }

  /** The real model behind a gate: each call waits until the test opens it. */
  static final class Gated implements TextEncoder {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);

    @Override
    public String name() {
      return model.name();
    }

    @Override
    public int maxTokens() {
      return model.maxTokens();
    }

    @Override
    public float[][] encode(List<String> texts) throws Exception {
      entered.countDown();
      if (!gate.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
      return model.encode(texts);
    }

    @Override
    public void close() {} // shared by the tests
  }

  /** Takes every record, and the thread it was given (or flushed) on. */
  static final class Kept implements RecordConsumer {
    final List<ObjectNode> records = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void accept(ObjectNode record) {
      threads.add(Thread.currentThread().getName());
      records.add(record);
    }

    @Override
    public void flush() {
      threads.add(Thread.currentThread().getName());
    }

    // closed by whoever closes the records, once the worker has stopped: not a record's delivery
    @Override
    public void close() {}

    long onPath(String path) {
      return records.stream().filter(r -> r.path("path").asText().equals(path)).count();
    }
  }

  Vertx vertx;
  TestUpstream primary;
  TestUpstream shadow;
  LoopbackCaller caller;

  @BeforeEach
  void models() throws Exception {
    vertx = Vertx.vertx();
    primary = TestUpstream.start(vertx, model(0));
    shadow = TestUpstream.start(vertx, model(1));
    caller = new LoopbackCaller(vertx, 4);
  }

  @AfterEach
  void stop() throws Exception {
    primary.close();
    shadow.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /**
   * A chat model on {@code /v1/chat/completions} that answers question N with a sentence naming N (the two sides
   * paraphrase each other: every pair's texts are new to the model's cache), and a classifier on {@code /predict}.
   */
  static TestUpstream.Responder model(int side) {
    return (req, body) -> {
      if (req.path().equals("/predict")) {
        req.response().putHeader("Content-Type", "application/json").end("{\"label\":\"a\"}");
        return;
      }
      String n = body.toString().replaceAll("\\D", "");
      String text =
          side == 0
              ? "Order " + n + " ships on Monday from the north warehouse."
              : "From the north warehouse, order " + n + " leaves on Monday.";
      ObjectNode answer = ProxyHarness.MAPPER.createObjectNode().put("object", "chat.completion");
      answer
          .putArray("choices")
          .addObject()
          .put("index", 0)
          .putObject("message")
          .put("role", "assistant")
          .put("content", text);
      req.response().putHeader("Content-Type", "application/json").end(answer.toString());
    };
  }

  static CaptureSettings capture(SemanticEngine engine) {
    RouteTable table =
        RouteTable.framed(
            List.of(
                new Route(
                    PathPattern.parse("/v1/chat/completions"),
                    Set.of(),
                    List.of(
                        new SemanticComparator(
                            new SemanticComparator.Spec(null, 0.5, Severity.WARNING), engine)))),
            JsonComparator.bodiesOnly(NumericTolerance.EXACT, List.of()),
            new ErrorComparator(ErrorComparator.Spec.defaults()),
            new LatencyComparator(LatencyComparator.Spec.defaults()));
    return new CaptureSettings(
        table, List.of(), BodyRedactor.NONE, 1000, 16L << 20, Duration.ofSeconds(5));
  }

  ProxyHarness proxy(Path out, SemanticEngine engine, Kept kept) throws Exception {
    return new ProxyHarness(
        primary.url(),
        shadow.url(),
        out,
        b -> b,
        s -> s.capture(capture(engine)).consumers(List.of(kept)));
  }

  void call(ProxyHarness proxy, String path, String body) throws Exception {
    LoopbackCaller.Answer answer =
        caller.call(
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost("127.0.0.1")
                .setPort(proxy.proxy.port())
                .setURI(path)
                .putHeader("Content-Type", "application/json"),
            body);
    assertThat(answer.status()).isEqualTo(200);
  }

  void chat(ProxyHarness proxy, int n) throws Exception {
    call(
        proxy,
        "/v1/chat/completions",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"order " + n + "\"}]}");
  }

  /** The semantic observation of each chat record: its value, or why it has none. */
  static Map<String, Long> semanticOutcomes(List<? extends JsonNode> records) {
    Map<String, Long> out = new TreeMap<>();
    for (JsonNode r : records) {
      if (!r.path("path").asText().equals("/v1/chat/completions")) {
        continue;
      }
      List<JsonNode> found = new ArrayList<>();
      for (JsonNode o : r.path("verdict").path("observations")) {
        if (o.path("metric").asText().equals(SemanticComparator.METRIC)) {
          found.add(o);
        }
      }
      assertThat(found).as("one semantic observation in %s", r).hasSize(1);
      JsonNode o = found.get(0);
      String outcome = o.has("unmeasured") ? o.path("unmeasured").asText() : "measured";
      if (outcome.equals("measured")) {
        // the two sides paraphrase each other: well above unrelated sentences (−0.05–0.05 in
        // MiniLmEncoderTest with all-minilm-l6-v2-q)
        assertThat(o.path("value").asDouble()).isGreaterThan(0.5);
      }
      out.merge(outcome, 1L, Long::sum);
    }
    return out;
  }

  static SemanticEngine engine(Gated gated, int queuePairs, Duration maxWait) {
    return SemanticEngine.start(
        SemanticEngine.Settings.defaults().withQueue(queuePairs, 8L << 20).withMaxWait(maxWait),
        () -> gated);
  }

  @Test
  void recordsOfAnotherRouteFlowWhileChatPairsWaitForTheModel(@TempDir Path out) throws Exception {
    Gated gated = new Gated();
    Kept kept = new Kept();
    try (SemanticEngine engine = engine(gated, 16, Duration.ofSeconds(60));
        ProxyHarness proxy = proxy(out, engine, kept)) {
      chat(proxy, 1);
      assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue(); // the model holds pair 1
      chat(proxy, 2);
      chat(proxy, 3);
      for (int i = 0; i < 5; i++) {
        call(proxy, "/predict", "{\"x\":" + i + "}");
      }
      // the classifier's records are written although the model has not answered a single pair
      await().atMost(30, TimeUnit.SECONDS).until(() -> kept.onPath("/predict") == 5);
      assertThat(kept.onPath("/v1/chat/completions")).isZero();
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> proxy.proxy.scrapeMetrics().contains("shadow_records_pending 3.0"));

      gated.gate.countDown();
      await().atMost(30, TimeUnit.SECONDS).until(() -> kept.records.size() == 8);
      assertThat(semanticOutcomes(kept.records)).isEqualTo(Map.of("measured", 3L));
      List<JsonNode> written = proxy.closeAndReadRecords();
      assertThat(written).hasSize(8);
      assertThat(proxy.proxy.stats().recordDrops()).isZero();
    }
    assertThat(kept.threads).isNotEmpty().allMatch("shadow-records"::equals);
  }

  @Test
  void atOverloadEveryPairIsRecordedTheModelMeasuresWhatItCanAndTheRestSayWhy(@TempDir Path out)
      throws Exception {
    Gated gated = new Gated();
    Kept kept = new Kept();
    int pairs = 12;
    try (SemanticEngine engine = engine(gated, 2, Duration.ofSeconds(60));
        ProxyHarness proxy = proxy(out, engine, kept)) {
      chat(proxy, 0);
      assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();
      for (int n = 1; n < pairs; n++) {
        chat(proxy, n);
      }
      // two pairs fit the model's queue behind the one it holds; the nine others are recorded at
      // once, without their similarity
      await().atMost(30, TimeUnit.SECONDS).until(() -> kept.records.size() == pairs - 3);
      assertThat(semanticOutcomes(kept.records)).isEqualTo(Map.of("queue_full", 9L));

      gated.gate.countDown();
      List<JsonNode> written = proxy.closeAndReadRecords();
      assertThat(written).hasSize(pairs);
      assertThat(proxy.proxy.stats().mirrored()).isEqualTo(pairs);
      assertThat(proxy.proxy.stats().recordDrops()).isZero();
      assertThat(semanticOutcomes(written)).isEqualTo(Map.of("measured", 3L, "queue_full", 9L));
      assertThat(engine.stats().outcomes())
          .containsEntry("measured", 3L)
          .containsEntry("queue_full", 9L);
    }
    assertThat(kept.threads).allMatch("shadow-records"::equals);
  }

  @Test
  void aModelThatTakesTooLongLeavesItsPairsUnmeasuredAndHoldsUpNothing(@TempDir Path out)
      throws Exception {
    Gated gated = new Gated();
    Kept kept = new Kept();
    try (SemanticEngine engine = engine(gated, 16, Duration.ofMillis(500));
        ProxyHarness proxy = proxy(out, engine, kept)) {
      chat(proxy, 1);
      assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();
      chat(proxy, 2);
      chat(proxy, 3);
      // the model is still held: all three are written after max-wait, without a similarity
      await().atMost(30, TimeUnit.SECONDS).until(() -> kept.records.size() == 3);
      assertThat(semanticOutcomes(kept.records)).isEqualTo(Map.of("timeout", 3L));

      gated.gate.countDown();
      // the model finishes the pair it held; the two still queued nobody waits for: skipped
      await().atMost(30, TimeUnit.SECONDS).until(() -> engine.stats().skippedPairs() == 2);
      assertThat(engine.stats().textsEncoded()).isEqualTo(2);
      assertThat(engine.stats().outcomes()).containsEntry("timeout", 3L);
      assertThat(proxy.closeAndReadRecords()).hasSize(3);
    }
    assertThat(kept.threads).allMatch("shadow-records"::equals);
  }

  @Test
  void closingTheProxyWaitsForThePairsStillPendingAndWritesThem(@TempDir Path out)
      throws Exception {
    Gated gated = new Gated();
    Kept kept = new Kept();
    try (SemanticEngine engine = engine(gated, 16, Duration.ofSeconds(2))) {
      ProxyHarness proxy = proxy(out, engine, kept);
      chat(proxy, 1);
      assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();
      chat(proxy, 2);
      chat(proxy, 3);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> proxy.proxy.scrapeMetrics().contains("shadow_records_pending 3.0"));
      assertThat(kept.records).isEmpty();
      // the model stays held: closing waits for each pair's max-wait and writes it without
      // its similarity (giving up only a second before close's own 30 s)
      List<JsonNode> written = proxy.closeAndReadRecords();
      assertThat(written).hasSize(3);
      assertThat(semanticOutcomes(written)).isEqualTo(Map.of("timeout", 3L));
      assertThat(written.stream().map(r -> r.path("id").asText()).collect(Collectors.toSet()))
          .hasSize(3);
      assertThat(proxy.proxy.stats().recordDrops()).isZero();
      gated.gate.countDown();
    }
    assertThat(kept.threads).allMatch("shadow-records"::equals);
  }
}
