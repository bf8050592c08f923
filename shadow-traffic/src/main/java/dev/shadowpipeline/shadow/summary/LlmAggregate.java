package dev.shadowpipeline.shadow.summary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shadowpipeline.shadow.metrics.LatencyHistogram;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.DoubleHistogram;

/**
 * Folds the {@code stream} and {@code llm} blocks of records' sides into an {@link LlmSummary}. Bounded: latencies in
 * HdrHistograms, rates and costs in auto-ranging HdrHistograms of three significant digits, chart samples of
 * {@value #SHAPE_SAMPLE} values, and capped lists of models. Not thread-safe: the {@link ComparisonAggregator} that
 * owns it guards it.
 */
final class LlmAggregate {

  static final int SHAPE_SAMPLE = 2_000;
  static final int MAX_UNPRICED_MODELS = 20;
  static final int SHAPE_BINS = 30;

  /**
   * One side of one record, read from its JSON; {@code null} for a side that is no LLM answer.
   *
   * @param streamed whether the side has a {@code stream} block
   * @param ttftMs time to first token, NaN when unknown
   * @param itlMeanMs mean gap between content chunks, NaN when unknown
   * @param totalMs the side's latency, NaN when unknown
   * @param tokensPerSecond output speed, NaN when unknown
   * @param inputTokens input tokens, -1 when unknown
   * @param outputTokens output tokens, -1 when unknown
   * @param estimated whether tokens were approximated
   * @param cost the cost, {@code null} when unpriced
   * @param model the model named, or {@code null}
   * @param broken whether the stream had malformed events or a truncated end
   */
  record SideFacts(
      boolean streamed,
      double ttftMs,
      double itlMeanMs,
      double totalMs,
      double tokensPerSecond,
      long inputTokens,
      long outputTokens,
      boolean estimated,
      BigDecimal cost,
      String model,
      boolean broken) {

    /** The facts of one side's JSON, or {@code null} when it holds no {@code stream} and no {@code llm} block. */
    static SideFacts read(JsonNode side) {
      if (side == null || !side.isObject()) {
        return null;
      }
      JsonNode stream = side.get("stream");
      JsonNode llm = side.get("llm");
      if ((stream == null || !stream.isObject()) && (llm == null || !llm.isObject())) {
        return null;
      }
      stream =
          stream == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : stream;
      llm = llm == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : llm;
      BigDecimal cost = llm.path("cost").isNumber() ? llm.get("cost").decimalValue() : null;
      return new SideFacts(
          stream.isObject(),
          number(stream, "ttft_ms"),
          number(stream, "itl_mean_ms"),
          number(side, "latency_ms"),
          number(stream, "output_tokens_per_s"),
          llm.path("input_tokens").isIntegralNumber() ? llm.get("input_tokens").asLong() : -1,
          llm.path("output_tokens").isIntegralNumber() ? llm.get("output_tokens").asLong() : -1,
          llm.path("tokens_estimated").asBoolean(false),
          cost,
          llm.path("model").isTextual() ? llm.get("model").asText() : null,
          stream.path("malformed").asLong(0) > 0 || stream.path("truncated").asBoolean(false));
    }

    private static double number(JsonNode node, String field) {
      JsonNode v = node.get(field);
      return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
    }
  }

  /** One side's running figures. */
  private static final class SideFold {
    long answers;
    long streams;
    final Map<String, Long> models = new LinkedHashMap<>();
    final LatencyHistogram ttft = new LatencyHistogram();
    final LatencyHistogram itl = new LatencyHistogram();
    final LatencyHistogram total = new LatencyHistogram();
    final DoubleHistogram rate = new DoubleHistogram(3);
    final DoubleHistogram costs = new DoubleHistogram(3);
    final Reservoir ttftShape = new Reservoir(SHAPE_SAMPLE);
    final Reservoir itlShape = new Reservoir(SHAPE_SAMPLE);
    long inputTokens;
    long outputTokens;
    long estimated;
    BigDecimal cost = BigDecimal.ZERO;
    long priced;
    long unpriced;
    final Set<String> unpricedModels = new LinkedHashSet<>();
    long broken;

    void add(SideFacts f) {
      answers++;
      String model = f.model() == null ? "(unnamed)" : f.model();
      if (models.containsKey(model) || models.size() < ComparisonAggregator.MAX_LABELS) {
        models.merge(model, 1L, Long::sum);
      } else {
        models.merge(ComparisonAggregator.OTHER, 1L, Long::sum);
      }
      if (f.streamed()) {
        streams++;
      }
      if (Double.isFinite(f.ttftMs())) {
        ttft.recordNanos((long) (f.ttftMs() * 1e6));
        ttftShape.add(f.ttftMs());
      }
      if (Double.isFinite(f.itlMeanMs())) {
        itl.recordNanos((long) (f.itlMeanMs() * 1e6));
        itlShape.add(f.itlMeanMs());
      }
      if (Double.isFinite(f.totalMs())) {
        total.recordNanos((long) (f.totalMs() * 1e6));
      }
      if (Double.isFinite(f.tokensPerSecond()) && f.tokensPerSecond() > 0) {
        rate.recordValue(f.tokensPerSecond());
      }
      inputTokens += Math.max(0, f.inputTokens());
      outputTokens += Math.max(0, f.outputTokens());
      estimated += f.estimated() ? 1 : 0;
      if (f.cost() != null) {
        priced++;
        cost = cost.add(f.cost());
        if (f.cost().signum() > 0) {
          costs.recordValue(f.cost().doubleValue());
        }
      } else {
        unpriced++;
        if (unpricedModels.size() < MAX_UNPRICED_MODELS) {
          unpricedModels.add(model);
        }
      }
      broken += f.broken() ? 1 : 0;
    }

    // both sides' charts share one range from zero, so that they read bin for bin
    LlmSummary.Side summary(double ttftHi, double itlHi) {
      return new LlmSummary.Side(
          answers,
          streams,
          models,
          ttft.summary(),
          itl.summary(),
          total.summary(),
          distribution(rate),
          ttftShape.histogram(SHAPE_BINS, 0, ttftHi),
          itlShape.histogram(SHAPE_BINS, 0, itlHi),
          inputTokens,
          outputTokens,
          estimated,
          priced == 0 ? null : cost,
          priced,
          unpriced,
          new ArrayList<>(unpricedModels),
          distribution(costs),
          broken);
    }
  }

  private static LlmSummary.Distribution distribution(DoubleHistogram h) {
    if (h.getTotalCount() == 0) {
      return LlmSummary.Distribution.EMPTY;
    }
    return new LlmSummary.Distribution(
        h.getTotalCount(),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(95),
        h.getValueAtPercentile(99),
        h.getMean());
  }

  private final SideFold primary = new SideFold();
  private final SideFold shadow = new SideFold();
  private final SideFold secondary = new SideFold();
  private long pricedPairs;
  private BigDecimal pairedPrimary = BigDecimal.ZERO;
  private BigDecimal pairedShadow = BigDecimal.ZERO;

  /** Folds one record's sides (each {@code null} when not an LLM answer). */
  void add(SideFacts p, SideFacts s, SideFacts second) {
    if (p != null) {
      primary.add(p);
    }
    if (s != null) {
      shadow.add(s);
    }
    if (second != null) {
      secondary.add(second);
    }
    if (p != null && s != null && p.cost() != null && s.cost() != null) {
      pricedPairs++;
      pairedPrimary = pairedPrimary.add(p.cost());
      pairedShadow = pairedShadow.add(s.cost());
    }
  }

  /** The summary, or {@code null} when no side of any record was an LLM answer. */
  LlmSummary summary() {
    if (primary.answers == 0 && shadow.answers == 0 && secondary.answers == 0) {
      return null;
    }
    double ttftHi = Math.max(maxOf(primary.ttftShape), maxOf(shadow.ttftShape));
    double itlHi = Math.max(maxOf(primary.itlShape), maxOf(shadow.itlShape));
    return new LlmSummary(
        primary.summary(ttftHi, itlHi),
        shadow.summary(ttftHi, itlHi),
        secondary.answers == 0
            ? null
            : secondary.summary(maxOf(secondary.ttftShape), maxOf(secondary.itlShape)),
        pricedPairs,
        pairedPrimary,
        pairedShadow);
  }

  private static double maxOf(Reservoir r) {
    return r.count() == 0 ? 0 : r.max();
  }
}
