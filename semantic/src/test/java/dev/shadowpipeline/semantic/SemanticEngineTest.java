package dev.shadowpipeline.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.shadowpipeline.shadow.compare.embedding.EmbeddingClient;
import dev.shadowpipeline.shadow.compare.semantic.SemanticEngine;
import dev.shadowpipeline.shadow.compare.semantic.SemanticEngine.Outcome;
import dev.shadowpipeline.shadow.compare.semantic.SemanticEngine.Reason;
import dev.shadowpipeline.shadow.compare.semantic.SemanticEngine.Similarity;
import dev.shadowpipeline.shadow.compare.semantic.SemanticEngine.Unavailable;
import dev.shadowpipeline.shadow.compare.semantic.TextEncoder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine around the real local model: bounded queue (dropped and counted, never waited for), batching, cache,
 * timeout, and a model that cannot load. A gate in front of the model holds the worker so that the queue fills
 * deterministically.
 */
class SemanticEngineTest {

  static MiniLmEncoder quantized;
  static MiniLmEncoder full;

  @BeforeAll
  static void load() throws Exception {
    quantized = MiniLmEncoder.load(MiniLmProvider.QUANTIZED, 1);
    full = MiniLmEncoder.load(MiniLmProvider.FULL, 1);
  }

  @AfterAll
  static void close() {
    quantized.close();
    full.close();
  }

  /** The real model behind a gate: each call waits for the gate, and the sizes of the calls are kept. */
  static final class Gated implements TextEncoder {
    final TextEncoder model;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);
    final List<Integer> calls = Collections.synchronizedList(new ArrayList<>());

    Gated(TextEncoder model) {
      this.model = model;
    }

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
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
      calls.add(texts.size());
      return model.encode(texts);
    }

    @Override
    public void close() {} // the model is shared by the tests
  }

  /** The shared model, not closed with an engine. */
  static Gated open(TextEncoder model) {
    Gated g = new Gated(model);
    g.gate.countDown();
    return g;
  }

  static SemanticEngine.Settings settings() {
    return SemanticEngine.Settings.defaults().withMaxWait(Duration.ofSeconds(30));
  }

  @Test
  void aFullQueueDropsThePairAtOnceAndCountsIt() throws Exception {
    Gated model = new Gated(quantized);
    try (SemanticEngine engine =
        SemanticEngine.start(settings().withQueue(2, 1 << 20), () -> model)) {
      CompletableFuture<Outcome> first = engine.submit("a one", "b one");
      assertThat(model.entered.await(30, TimeUnit.SECONDS)).isTrue(); // the worker holds it
      CompletableFuture<Outcome> second = engine.submit("a two", "b two");
      CompletableFuture<Outcome> third = engine.submit("a three", "b three");
      assertThat(engine.stats().queuedPairs()).isEqualTo(2);

      // the queue is full: answered at once, although max-wait is 30 s and the model is held
      Outcome dropped = engine.similarity("a four", "b four");
      assertThat(dropped).isInstanceOf(Unavailable.class);
      assertThat(((Unavailable) dropped).reason()).isEqualTo(Reason.QUEUE_FULL);
      assertThat(engine.stats().outcomes()).containsEntry("queue_full", 1L);

      model.gate.countDown();
      for (CompletableFuture<Outcome> f : List.of(first, second, third)) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isInstanceOf(Similarity.class);
      }
      // room again
      assertThat(engine.similarity("a four", "b four")).isInstanceOf(Similarity.class);
      assertThat(engine.stats().outcomes()).containsEntry("measured", 1L);
    }
  }

  @Test
  void aQueueFullOfBytesDropsThePair() throws Exception {
    try (SemanticEngine engine =
        SemanticEngine.start(settings().withQueue(100, 1000), () -> open(quantized))) {
      String big = "x".repeat(600); // 2 bytes a character: 2400 bytes with its partner
      Outcome o = engine.similarity(big, big + "y");
      assertThat(o)
          .isEqualTo(new Unavailable(Reason.QUEUE_BYTES, "the queue holds 1000 bytes at most"));
      assertThat(engine.stats().outcomes()).containsEntry("queue_bytes", 1L);
      assertThat(engine.similarity("small", "text")).isInstanceOf(Similarity.class);
    }
  }

  @Test
  void aPairThatWaitsTooLongIsATimeoutAndItsTextsStillReachTheCache() throws Exception {
    Gated model = new Gated(quantized);
    try (SemanticEngine engine =
        SemanticEngine.start(settings().withMaxWait(Duration.ofMillis(200)), () -> model)) {
      Outcome o = engine.similarity("slow one", "slow two");
      assertThat(o).isInstanceOf(Unavailable.class);
      assertThat(((Unavailable) o).reason()).isEqualTo(Reason.TIMEOUT);
      assertThat(engine.stats().outcomes()).containsEntry("timeout", 1L);
      model.gate.countDown();
      await().atMost(Duration.ofSeconds(30)).until(() -> engine.stats().textsEncoded() == 2);
      assertThat(engine.similarity("slow one", "slow two")).isInstanceOf(Similarity.class);
      assertThat(engine.stats().textsEncoded()).isEqualTo(2); // from the cache
    }
  }

  @Test
  void batchesTakeEveryWaitingPairAndGiveTheValuesEachPairHasAlone() throws Exception {
    Gated model = new Gated(full);
    try (SemanticEngine engine = SemanticEngine.start(settings().withBatchTexts(16), () -> model)) {
      CompletableFuture<Outcome> first = engine.submit("first primary", "first shadow");
      assertThat(model.entered.await(30, TimeUnit.SECONDS)).isTrue();
      List<List<String>> pairs = new ArrayList<>(MiniLmEncoderTest.PARAPHRASES);
      pairs.addAll(MiniLmEncoderTest.UNRELATED.subList(0, 2));
      List<CompletableFuture<Outcome>> waiting = new ArrayList<>();
      for (List<String> p : pairs) {
        waiting.add(engine.submit(p.get(0), p.get(1)));
      }
      model.gate.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS)).isInstanceOf(Similarity.class);
      for (int i = 0; i < pairs.size(); i++) {
        float[][] alone = full.encode(List.of(pairs.get(i).get(0)));
        float[][] other = full.encode(List.of(pairs.get(i).get(1)));
        double expected = EmbeddingClient.cosine(alone[0], other[0]);
        Outcome o = waiting.get(i).get(30, TimeUnit.SECONDS);
        assertThat(((Similarity) o).cosine()).isCloseTo(expected, within(1e-6));
      }
      // 8 pairs, 14 distinct texts (the unrelated pairs share their first sentence with a
      // paraphrase pair): one call
      // for the held pair, then the 14 waiting texts in one call
      assertThat(model.calls).containsExactly(2, 14);
      assertThat(engine.stats().batches()).isEqualTo(2);
    }
  }

  @Test
  void theCosineIsTheDotProductOfTheUnitVectors() throws Exception {
    // a second code path for the same number: the engine's cosine (Σab / √(Σa²·Σb²) in double)
    // against the plain dot
    // product of the model's unit vectors, for the pair the sentence-transformers documentation
    // uses
    String a = "The cat sits outside";
    String b = "The new movie is awesome";
    String c = "The cat plays in the garden";
    try (SemanticEngine engine = SemanticEngine.start(settings(), () -> open(full))) {
      float[][] v = full.encode(List.of(a, b, c));
      for (int[] pair : new int[][] {{0, 1}, {0, 2}}) {
        double dot = 0;
        for (int j = 0; j < v[0].length; j++) {
          dot += (double) v[pair[0]][j] * v[pair[1]][j];
        }
        String[] texts = {a, b, c};
        Outcome o = engine.similarity(texts[pair[0]], texts[pair[1]]);
        assertThat(((Similarity) o).cosine()).isCloseTo(dot, within(1e-6));
      }
    }
  }

  @Test
  void aModelThatCannotLoadIsReportedAndEveryPairIsUnavailableNeverANumber() {
    try (SemanticEngine engine =
        SemanticEngine.start(
            settings(),
            () -> {
              throw new IOException("the weights are missing");
            })) {
      Outcome o = engine.similarity("a", "b");
      assertThat(o).isInstanceOf(Unavailable.class);
      assertThat(((Unavailable) o).reason()).isEqualTo(Reason.MODEL_UNAVAILABLE);
      assertThat(engine.similarity("c", "d")).isInstanceOf(Unavailable.class);
      SemanticEngine.Stats stats = engine.stats();
      assertThat(stats.outcomes())
          .containsEntry("model_unavailable", 2L)
          .containsEntry("measured", 0L);
      assertThat(stats.state()).isEqualTo("unavailable");
      assertThat(stats.problem()).isEqualTo("IOException: the weights are missing");
    }
  }

  @Test
  void anUnknownModelNameIsUnavailableAndNamesTheKnownOnes() {
    try (SemanticEngine engine = SemanticEngine.start(settings().withModel("no-such-model"))) {
      assertThat(engine.similarity("a", "b")).isInstanceOf(Unavailable.class);
      assertThat(engine.stats().problem())
          .contains("no embedding model named 'no-such-model'")
          .contains(MiniLmProvider.QUANTIZED);
    }
  }
}
