package dev.shadowpipeline.demo;

import dev.shadowpipeline.demo.chat.ChatModel;
import dev.shadowpipeline.demo.chat.ChatModelServer;
import dev.shadowpipeline.demo.search.SearchModelServer;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.ErrorComparator;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import dev.shadowpipeline.shadow.compare.LabelComparator;
import dev.shadowpipeline.shadow.compare.LatencyComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.compare.RankingComparator;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.ScoreComparator;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.TextComparator;
import dev.shadowpipeline.shadow.compare.route.PathPattern;
import dev.shadowpipeline.shadow.compare.route.Route;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import dev.shadowpipeline.shadow.compare.semantic.SemanticComparator;
import dev.shadowpipeline.shadow.compare.semantic.SemanticEngine;
import dev.shadowpipeline.shadow.llm.PriceTable;
import dev.shadowpipeline.shadow.memory.MemoryDefaults;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The comparison rules of the three demo situations, as a team would write them in the {@code compare:} section of
 * their config (examples/shadow.yaml holds the same rules in YAML).
 */
final class DemoRules {

  private DemoRules() {}

  /** Risk model migration: the decision is a label whose reject → approve flips are critical; the score may move. */
  static CaptureSettings loan() {
    LabelComparator decision =
        new LabelComparator(
            new LabelComparator.Spec(
                "/decision",
                List.of(
                    new LabelComparator.FlipRule("reject", "approve", Severity.CRITICAL),
                    new LabelComparator.FlipRule("approve", "reject", Severity.WARNING)),
                Severity.WARNING));
    ScoreComparator score =
        new ScoreComparator(
            ScoreComparator.Spec.of("/score")
                .withTolerance(0.05, 0)
                .withDeltaSeverity(Severity.INFO));
    return settings(
        new Route(PathPattern.parse("/predict"), Set.of("POST"), List.of(decision, score)));
  }

  /**
   * What the demo's chat models cost per million tokens: the large hosted model at GPT-4o's list price, the small
   * self-hosted one at a small model's (the same table as {@code llm: prices:} in examples/shadow.yaml).
   */
  static final PriceTable PRICES =
      new PriceTable(
          Map.of(
              ChatModel.V1.id(), PriceTable.Price.of(2.50, 10.00),
              ChatModel.V2.id(), PriceTable.Price.of(0.15, 0.60)));

  /**
   * LLM cost reduction: the answer's text by similarity, wherever the OpenAI response shape puts it, and the rest of
   * the answer field by field. The model name and the token counts differ by design and are left out; the fields a
   * model generates afresh on every call ({@code id}, {@code created}, {@code system_fingerprint}) are deliberately
   * not: a secondary (a second instance of the production model) shows they are noise. The meaning of the text is
   * compared too, by the local sentence-embedding model (when the runnable jar carries it): an answer that says
   * something else scores far below a paraphrase.
   */
  /** Below this cosine a demo answer means something else than the primary's (paraphrases score above). */
  static final double SEMANTIC_THRESHOLD = 0.6;

  static CaptureSettings chat() {
    ResponseComparator fields =
        new JsonAnswersOnly(
            JsonComparator.bodiesOnly(
                NumericTolerance.relative(1e-6),
                List.of(
                    JsonPointerPattern.parse("/model"),
                    JsonPointerPattern.parse("/usage"),
                    JsonPointerPattern.parse("/choices/*/message/content"))));
    TextComparator text =
        new TextComparator(
            new TextComparator.Spec(
                null,
                TextComparator.Metric.TOKEN_COSINE,
                0.5,
                Severity.WARNING,
                TextComparator.DEFAULT_MAX_TOKENS));
    SemanticComparator meaning =
        new SemanticComparator(
            new SemanticComparator.Spec(null, SEMANTIC_THRESHOLD, Severity.WARNING),
            SemanticEngine.lazy(SemanticEngine.Settings.defaults()));
    return settings(
            new Route(
                PathPattern.parse(ChatModelServer.PATH),
                Set.of("POST"),
                List.of(fields, text, meaning)))
        .withPrices(PRICES);
  }

  /** Search latency: the ranked ids of the results; scores are on different scales and are not compared. */
  static CaptureSettings search() {
    RankingComparator ranking =
        new RankingComparator(
            RankingComparator.Spec.of("/results")
                .withIdPointer("/id")
                .withDecision(RankingComparator.Metric.RBO, 0.5));
    return settings(
        new Route(PathPattern.parse(SearchModelServer.PATH), Set.of("GET"), List.of(ranking)));
  }

  private static CaptureSettings settings(Route route) {
    ResponseComparator json =
        JsonComparator.bodiesOnly(
            NumericTolerance.relative(1e-6),
            List.of(
                JsonPointerPattern.parse("/model"),
                JsonPointerPattern.parse("/id"),
                JsonPointerPattern.parse("/created")));
    RouteTable table =
        RouteTable.framed(
            List.of(route),
            json,
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
}
