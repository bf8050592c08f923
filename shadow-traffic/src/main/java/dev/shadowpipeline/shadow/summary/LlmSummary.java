package dev.shadowpipeline.shadow.summary;

import dev.shadowpipeline.shadow.metrics.LatencySummary;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;

/**
 * What the LLM answers of a comparison say: per side, time to first token, inter-token latency, total time, output
 * speed, tokens and cost; and the shadow's cost against the primary's on the pairs where both were priced. Present in
 * a {@link ComparisonSummary} only when some answer was an LLM answer (a stream, or an answer with {@code usage} or
 * generated text).
 *
 * @param primary the primary's LLM answers
 * @param shadow the shadow's LLM answers
 * @param secondary the secondary's LLM answers (the noise baseline), or {@code null} when there were none
 * @param pricedPairs pairs on which both the primary's and the shadow's cost are known
 * @param pairedPrimaryCost the primary's cost on those pairs
 * @param pairedShadowCost the shadow's cost on those pairs
 */
public record LlmSummary(
    Side primary,
    Side shadow,
    Side secondary,
    long pricedPairs,
    BigDecimal pairedPrimaryCost,
    BigDecimal pairedShadowCost) {

  /**
   * The shadow's cost minus the primary's on the pairs where both were priced, or {@code null} without such a pair.
   */
  public BigDecimal costDelta() {
    return pricedPairs == 0 ? null : pairedShadowCost.subtract(pairedPrimaryCost);
  }

  /**
   * The shadow's cost over the primary's on the pairs where both were priced; NaN without such a pair or when the
   * primary cost nothing.
   */
  public double costRatio() {
    return pricedPairs == 0 || pairedPrimaryCost.signum() == 0
        ? Double.NaN
        : pairedShadowCost.divide(pairedPrimaryCost, MathContext.DECIMAL64).doubleValue();
  }

  /**
   * One side's LLM answers.
   *
   * @param answers LLM answers
   * @param streams answers that were streams (server-sent events)
   * @param models answers per model named (at most {@value ComparisonAggregator#MAX_LABELS} models, the rest as
   *     {@code (other)})
   * @param ttft time to first token of the streams that had content
   * @param itl each stream's mean gap between content chunks (OpenTelemetry's time per output token)
   * @param total time from the request to the end of each LLM answer
   * @param outputTokensPerSecond output speed of each stream after its first token
   * @param ttftShape a histogram of {@code ttft} for charts (milliseconds)
   * @param itlShape a histogram of {@code itl} for charts (milliseconds)
   * @param inputTokens input tokens of the answers whose count is known
   * @param outputTokens output tokens of the answers whose count is known
   * @param estimated answers whose tokens were approximated (no {@code usage})
   * @param cost the cost of the priced answers, or {@code null} when none was priced
   * @param priced answers whose cost is known
   * @param unpriced answers whose cost is unknown (model not in the price table, or tokens unknown)
   * @param unpricedModels the models that were not in the price table (at most 20)
   * @param costPerRequest the distribution of one answer's cost (priced answers)
   * @param malformedStreams streams with malformed events or a truncated end
   */
  public record Side(
      long answers,
      long streams,
      Map<String, Long> models,
      LatencySummary ttft,
      LatencySummary itl,
      LatencySummary total,
      Distribution outputTokensPerSecond,
      ComparisonSummary.Histogram ttftShape,
      ComparisonSummary.Histogram itlShape,
      long inputTokens,
      long outputTokens,
      long estimated,
      BigDecimal cost,
      long priced,
      long unpriced,
      List<String> unpricedModels,
      Distribution costPerRequest,
      long malformedStreams) {

    public Side {
      models = Map.copyOf(models);
      unpricedModels = List.copyOf(unpricedModels);
    }

    /** Cost per 1,000 priced answers, or NaN when none was priced. */
    public double costPerThousand() {
      return priced == 0
          ? Double.NaN
          : cost.multiply(BigDecimal.valueOf(1000))
              .divide(BigDecimal.valueOf(priced), MathContext.DECIMAL64)
              .doubleValue();
    }
  }

  /**
   * Percentiles of a distribution that is not a latency.
   *
   * @param count values
   * @param p50 median
   * @param p95 95th percentile
   * @param p99 99th percentile
   * @param mean arithmetic mean
   */
  public record Distribution(long count, double p50, double p95, double p99, double mean) {

    /** No values. */
    public static final Distribution EMPTY =
        new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }
}
