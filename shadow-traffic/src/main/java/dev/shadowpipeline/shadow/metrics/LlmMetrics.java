package dev.shadowpipeline.shadow.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes the LLM answers of each record — time to first token, time per output token, duration, token usage, cost,
 * malformed streams — under the names of the OpenTelemetry semantic conventions for generative AI (1.37), in
 * Prometheus form: {@code gen_ai.server.time_to_first_token} becomes {@code gen_ai_server_time_to_first_token_seconds},
 * {@code gen_ai.client.token.usage} with {@code gen_ai.token.type} becomes {@code gen_ai_client_token_usage} with
 * {@code gen_ai_token_type="input"|"output"}. Every meter carries {@code side} (primary, shadow, secondary); the model
 * is not a label (it comes from upstream answers, so its values are not bounded). Reads the {@code stream} and
 * {@code llm} blocks of records on the record worker, never on an event loop.
 */
final class LlmMetrics implements RecordConsumer {

  private static final List<String> SIDES = List.of("primary", "shadow", "secondary");
  private static final Duration MAX_EXPECTED = Duration.ofSeconds(60);

  private final MeterRegistry registry;
  // created at a side's first LLM answer, so that a proxy without LLM answers publishes none of
  // these;
  // touched by the record worker only
  private final Map<String, Meters> bySide = new HashMap<>();

  /** The meters of one side. */
  private record Meters(
      Timer ttft,
      Timer perToken,
      Timer duration,
      DistributionSummary inputTokens,
      DistributionSummary outputTokens,
      Counter cost,
      Counter unpriced,
      Counter estimated,
      Counter malformed) {}

  LlmMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  private Meters meters(String side) {
    return bySide.computeIfAbsent(
        side,
        s ->
            new Meters(
                timer(
                    registry,
                    "gen_ai.server.time_to_first_token",
                    "Time from the request to the first content chunk of a streamed answer",
                    side),
                timer(
                    registry,
                    "gen_ai.server.time_per_output_token",
                    "Mean gap between the content chunks of a streamed answer, one value per answer",
                    side),
                timer(
                    registry,
                    "gen_ai.server.request.duration",
                    "Time from the request to the end of an LLM answer",
                    side),
                tokens(registry, "input", side),
                tokens(registry, "output", side),
                Counter.builder("shadow.llm.cost")
                    .description("Cost of the priced LLM answers, in the price table's currency")
                    .tag("side", side)
                    .register(registry),
                Counter.builder("shadow.llm.unpriced")
                    .description("LLM answers whose cost is unknown (model not in the price table)")
                    .tag("side", side)
                    .register(registry),
                Counter.builder("shadow.llm.tokens.estimated")
                    .description("LLM answers without usage, whose tokens were approximated")
                    .tag("side", side)
                    .register(registry),
                Counter.builder("shadow.llm.streams.malformed")
                    .description("Streamed answers with malformed events or a truncated end")
                    .tag("side", side)
                    .register(registry)));
  }

  private static Timer timer(MeterRegistry registry, String name, String description, String side) {
    return Timer.builder(name)
        .description(description)
        .tag("side", side)
        .publishPercentileHistogram()
        .maximumExpectedValue(MAX_EXPECTED)
        .register(registry);
  }

  private static DistributionSummary tokens(MeterRegistry registry, String type, String side) {
    return DistributionSummary.builder("gen_ai.client.token.usage")
        .description("Tokens per LLM answer, by type (usage as reported, else approximated)")
        .tag("gen_ai.token.type", type)
        .tag("side", side)
        .publishPercentileHistogram()
        .maximumExpectedValue(1_000_000.0)
        .register(registry);
  }

  @Override
  public void accept(ObjectNode record) {
    for (String side : SIDES) {
      JsonNode node = record.get(side);
      if (node != null && (node.has("stream") || node.has("llm"))) {
        side(meters(side), node);
      }
    }
  }

  private static void side(Meters m, JsonNode side) {
    JsonNode stream = side.get("stream");
    JsonNode llm = side.get("llm");
    if (stream != null && stream.isObject()) {
      seconds(m.ttft(), stream.get("ttft_ms"));
      seconds(m.perToken(), stream.get("itl_mean_ms"));
      if (stream.path("malformed").asLong(0) > 0 || stream.path("truncated").asBoolean(false)) {
        m.malformed().increment();
      }
    }
    if (llm == null || !llm.isObject()) {
      return;
    }
    seconds(m.duration(), side.get("latency_ms"));
    if (llm.path("input_tokens").isIntegralNumber()) {
      m.inputTokens().record(llm.get("input_tokens").asDouble());
    }
    if (llm.path("output_tokens").isIntegralNumber()) {
      m.outputTokens().record(llm.get("output_tokens").asDouble());
    }
    if (llm.path("tokens_estimated").asBoolean(false)) {
      m.estimated().increment();
    }
    if (llm.path("cost").isNumber()) {
      m.cost().increment(llm.get("cost").asDouble());
    } else {
      m.unpriced().increment();
    }
  }

  private static void seconds(Timer timer, JsonNode millis) {
    if (millis != null && millis.isNumber() && millis.asDouble() >= 0) {
      timer.record(Duration.ofNanos(Math.round(millis.asDouble() * 1e6)));
    }
  }
}
