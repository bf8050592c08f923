package dev.shadowpipeline.shadow.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * What one side's answer says as an LLM answer: its model, tokens, cost and (when streamed) its timing.
 *
 * <p>Tokens come from the answer's {@code usage} (in a stream, its final usage chunk) when it reports them. When it
 * does not, they are approximated as ⌈characters / 4⌉ of the generated text (output) and of the request's prompt
 * text (input) — OpenAI's rule of thumb that one token is about four characters of English text — and marked
 * {@code estimated}. The cost uses the price of the answer's model, or of the request's model when the answer's is
 * not in the table (an answer often names a dated version of the model asked for); when neither is, the answer is
 * unpriced and its cost is unknown ({@code null}), never zero.
 *
 * @param model the model the answer (or else the request) named, or {@code null}
 * @param inputTokens input (prompt) tokens, or {@code -1} when unknown
 * @param outputTokens output (completion) tokens, or {@code -1} when unknown
 * @param estimated whether a token count was approximated rather than reported
 * @param pricedModel the table's model the cost was priced with, or {@code null} when unpriced
 * @param cost the cost, or {@code null} when unpriced or a token count is unknown
 * @param stream how the stream arrived, or {@code null} for an answer that was not streamed
 */
public record LlmAnswer(
    String model,
    long inputTokens,
    long outputTokens,
    boolean estimated,
    String pricedModel,
    BigDecimal cost,
    StreamTiming stream) {

  /** Characters per token of the approximation (OpenAI's rule of thumb for English text). */
  public static final int CHARS_PER_TOKEN = 4;

  /** The least time from the first token to the end for which an output speed is given (1 ms). */
  public static final long MIN_GENERATING_NANOS = 1_000_000;

  /**
   * Reads one side's answer as an LLM answer.
   *
   * @param answerJson the answer's body parsed as JSON, or {@code null} (a stream, or not JSON)
   * @param stream how the answer streamed, or {@code null}
   * @param request the request's body parsed as JSON, or {@code null}
   * @param prices the price table
   * @return the reading, or {@code null} when the answer is not an LLM answer: neither a stream with content or
   *     usage, nor JSON with {@code usage} or generated text
   */
  public static LlmAnswer read(
      JsonNode answerJson, StreamTiming stream, JsonNode request, PriceTable prices) {
    StreamTiming.Usage usage;
    String model;
    long outputChars;
    if (stream != null) {
      if (!stream.hasContent() && !stream.usage().reported()) {
        return null;
      }
      usage = stream.usage();
      model = stream.model();
      outputChars = stream.contentChars();
    } else {
      if (answerJson == null || !answerJson.isObject()) {
        return null;
      }
      usage = LlmFields.usage(answerJson);
      String text = LlmFields.answerText(answerJson);
      if (!usage.reported() && text == null) {
        return null;
      }
      model = LlmFields.model(answerJson);
      outputChars = text == null ? -1 : text.length();
    }
    String requestModel = request == null || !request.isObject() ? null : LlmFields.model(request);
    boolean estimated = false;
    long output = usage.outputTokens();
    if (output < 0 && outputChars >= 0) {
      output = approximateTokens(outputChars);
      estimated = true;
    }
    long input = usage.inputTokens();
    if (input < 0 && request != null && request.isObject()) {
      String prompt = LlmFields.promptText(request);
      if (prompt != null) {
        input = approximateTokens(prompt.length());
        estimated = true;
      }
    }
    String named = model != null ? model : requestModel;
    String priced = null;
    PriceTable.Price price = prices.price(model);
    if (price != null) {
      priced = model;
    } else {
      price = prices.price(requestModel);
      priced = price == null ? null : requestModel;
    }
    BigDecimal cost = price == null || input < 0 || output < 0 ? null : price.cost(input, output);
    return new LlmAnswer(
        named, input, output, estimated, cost == null ? null : priced, cost, stream);
  }

  /** ⌈chars / {@value #CHARS_PER_TOKEN}⌉: OpenAI's rule of thumb, one token per four characters. */
  public static long approximateTokens(long chars) {
    return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  /** Whether a cost is known. */
  public boolean priced() {
    return cost != null;
  }

  /**
   * Output tokens per second while the model was generating: output tokens over the time from the first to the end
   * of the stream ("output speed after the first chunk", as Artificial Analysis measures it); NaN for an answer that
   * was not streamed, had no tokens, or whose tokens arrived together (less than {@value #MIN_GENERATING_NANOS} ns
   * from the first to the end: a burst read at once says nothing about the model's speed).
   *
   * @param totalNanos from sending the request to the end of the answer
   */
  public double outputTokensPerSecond(long totalNanos) {
    if (stream == null || !stream.hasContent() || outputTokens <= 0) {
      return Double.NaN;
    }
    long generating = totalNanos - stream.ttftNanos();
    return generating < MIN_GENERATING_NANOS ? Double.NaN : outputTokens / (generating / 1e9);
  }
}
