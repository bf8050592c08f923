package dev.shadowpipeline.shadow.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The texts a judge reads, taken from a record as {@code records.jsonl} has it (already redacted): the request's
 * prompt and each side's answer.
 *
 * <ul>
 *   <li><b>Prompt</b>: an OpenAI chat request's {@code messages}, one {@code role: content} line each (just the
 *       content when there is one message); a completion request's {@code prompt}; a text body as it is; any other
 *       JSON body as JSON text.
 *   <li><b>Answer</b>: {@code choices[0].message.content} of a chat completion, {@code choices[0].text} of a
 *       completion, a JSON string; a streamed answer ({@code data:} lines) joined from its
 *       {@code choices[0].delta.content} (or {@code choices[0].text}) pieces; else the body as text. {@code null} when
 *       the side has no body.
 * </ul>
 */
final class RecordTexts {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RecordTexts() {}

  /** The request's prompt text, empty when the request has no body. */
  static String prompt(JsonNode record) {
    JsonNode body = record.path("request").path("body");
    if (body.isMissingNode() || body.isNull()) {
      return "";
    }
    if (body.isTextual()) {
      return body.textValue();
    }
    JsonNode messages = body.path("messages");
    if (messages.isArray() && !messages.isEmpty()) {
      if (messages.size() == 1) {
        return content(messages.get(0).path("content"));
      }
      StringBuilder out = new StringBuilder();
      for (JsonNode m : messages) {
        if (out.length() > 0) {
          out.append('\n');
        }
        out.append(m.path("role").asText("user")).append(": ").append(content(m.path("content")));
      }
      return out.toString();
    }
    JsonNode prompt = body.path("prompt");
    if (prompt.isTextual()) {
      return prompt.textValue();
    }
    return body.toString();
  }

  // a message's content: a string, or the text parts of a list of parts
  private static String content(JsonNode content) {
    if (content.isTextual()) {
      return content.textValue();
    }
    if (content.isArray()) {
      StringBuilder out = new StringBuilder();
      for (JsonNode part : content) {
        if (part.path("text").isTextual()) {
          out.append(part.path("text").textValue());
        }
      }
      return out.toString();
    }
    return content.isMissingNode() || content.isNull() ? "" : content.toString();
  }

  /** One side's answer text, or {@code null} when it has none. */
  static String answer(JsonNode side) {
    JsonNode body = side.get("body");
    if (body == null || body.isNull() || side.has("error")) {
      return null;
    }
    String format = side.path("body_format").asText("json");
    if (format.equals("base64")) {
      return null;
    }
    if (format.equals("json")) {
      return fromJson(body);
    }
    String text = body.asText();
    if (text.stripLeading().startsWith("data:")) {
      String streamed = streamed(text);
      if (streamed != null) {
        return streamed;
      }
    }
    return text;
  }

  private static String fromJson(JsonNode json) {
    JsonNode chat = json.path("choices").path(0).path("message").path("content");
    if (chat.isTextual()) {
      return chat.textValue();
    }
    JsonNode completion = json.path("choices").path(0).path("text");
    if (completion.isTextual()) {
      return completion.textValue();
    }
    return json.isTextual() ? json.textValue() : json.toString();
  }

  private static String streamed(String body) {
    StringBuilder text = new StringBuilder();
    boolean any = false;
    for (String line : body.split("\r?\n", -1)) {
      if (!line.startsWith("data:")) {
        continue;
      }
      String payload = line.substring("data:".length()).trim();
      if (payload.isEmpty() || payload.equals("[DONE]")) {
        continue;
      }
      JsonNode chunk;
      try {
        chunk = MAPPER.readTree(payload);
      } catch (IOException e) {
        continue; // a cut or malformed chunk: the rest still reads
      }
      JsonNode choice = chunk == null ? null : chunk.path("choices").path(0);
      if (choice == null || !choice.isObject()) {
        continue;
      }
      JsonNode delta = choice.path("delta").path("content");
      JsonNode completion = choice.path("text");
      if (delta.isTextual()) {
        text.append(delta.textValue());
        any = true;
      } else if (completion.isTextual()) {
        text.append(completion.textValue());
        any = true;
      } else if (choice.has("delta")) {
        any = true;
      }
    }
    return any ? text.toString() : null;
  }
}
