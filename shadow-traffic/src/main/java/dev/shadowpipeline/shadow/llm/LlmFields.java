package dev.shadowpipeline.shadow.llm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where OpenAI-compatible (and Anthropic Messages) requests and answers keep their model, token usage and generated
 * text. Reads only; an absent or odd field reads as unknown, never as zero.
 */
final class LlmFields {

  private LlmFields() {}

  /**
   * The token counts of an answer or a stream chunk: {@code usage.prompt_tokens} / {@code usage.completion_tokens}
   * (OpenAI chat and completions, in a stream the final chunk), or {@code usage.input_tokens} /
   * {@code usage.output_tokens} (OpenAI Responses, Anthropic; Anthropic's first event has them under
   * {@code message.usage}).
   */
  static StreamTiming.Usage usage(JsonNode node) {
    JsonNode usage = node.get("usage");
    if (usage == null || !usage.isObject()) {
      usage = node.path("message").get("usage");
    }
    if (usage == null || !usage.isObject()) {
      return StreamTiming.Usage.NONE;
    }
    return new StreamTiming.Usage(
        count(usage, "prompt_tokens", "input_tokens"),
        count(usage, "completion_tokens", "output_tokens"));
  }

  private static long count(JsonNode usage, String name, String otherName) {
    JsonNode v = usage.get(name);
    if (v == null || !v.canConvertToLong()) {
      v = usage.get(otherName);
    }
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      return -1;
    }
    return v.asLong();
  }

  /** The model an answer, a chunk or a request names ({@code model}, or Anthropic's {@code message.model}). */
  static String model(JsonNode node) {
    JsonNode model = node.get("model");
    if (model == null || !model.isTextual()) {
      model = node.path("message").get("model");
    }
    return model != null && model.isTextual() && !model.asText().isBlank() ? model.asText() : null;
  }

  /**
   * The generated text of a whole (not streamed) answer: every {@code choices[].message.content} or
   * {@code choices[].text} (OpenAI), or every {@code content[].text} (Anthropic); {@code null} when the answer has
   * none of these fields (it is not an LLM answer).
   */
  static String answerText(JsonNode answer) {
    StringBuilder text = null;
    JsonNode choices = answer.get("choices");
    if (choices != null && choices.isArray()) {
      text = new StringBuilder();
      for (JsonNode choice : choices) {
        appendText(text, choice.path("message").get("content"));
        appendText(text, choice.get("text"));
      }
    }
    JsonNode content = answer.get("content");
    if (content != null && content.isArray() && answer.has("role")) {
      text = text == null ? new StringBuilder() : text;
      for (JsonNode block : content) {
        appendText(text, block.get("text"));
      }
    }
    return text == null ? null : text.toString();
  }

  /**
   * The text of a request's prompt: every {@code messages[].content} (a string, or the {@code text} of its parts),
   * the {@code system} prompt, or {@code prompt} (completions); {@code null} when the request has none.
   */
  static String promptText(JsonNode request) {
    StringBuilder text = null;
    JsonNode messages = request.get("messages");
    if (messages != null && messages.isArray()) {
      text = new StringBuilder();
      for (JsonNode message : messages) {
        JsonNode content = message.get("content");
        if (content != null && content.isArray()) {
          for (JsonNode part : content) {
            appendText(text, part.get("text"));
          }
        } else {
          appendText(text, content);
        }
      }
    }
    for (String field : new String[] {"system", "prompt", "input"}) {
      JsonNode v = request.get(field);
      if (v != null && v.isTextual()) {
        text = text == null ? new StringBuilder() : text;
        appendText(text, v);
      }
    }
    return text == null ? null : text.toString();
  }

  /**
   * The generated text one stream chunk carries, or {@code null} when it carries none (a role announcement, a
   * {@code finish_reason}, a usage chunk). OpenAI: {@code choices[].delta.content} (chat) or {@code choices[].text}
   * (completions); Anthropic: {@code delta.text} of a {@code content_block_delta}.
   */
  static String chunkText(JsonNode chunk) {
    JsonNode choices = chunk.get("choices");
    if (choices != null && choices.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode choice : choices) {
        appendText(text, choice.path("delta").get("content"));
        appendText(text, choice.get("text"));
      }
      return text.length() == 0 ? null : text.toString();
    }
    JsonNode delta = chunk.path("delta").get("text");
    return delta != null && delta.isTextual() && !delta.asText().isEmpty() ? delta.asText() : null;
  }

  /** Whether a stream chunk says the generation finished ({@code choices[].finish_reason}, Anthropic's stop). */
  static boolean finishes(JsonNode chunk) {
    for (JsonNode choice : chunk.path("choices")) {
      JsonNode reason = choice.get("finish_reason");
      if (reason != null && !reason.isNull()) {
        return true;
      }
    }
    return "message_stop".equals(chunk.path("type").asText());
  }

  private static void appendText(StringBuilder text, JsonNode value) {
    if (value != null && value.isTextual()) {
      text.append(value.asText());
    }
  }
}
