package dev.shadowpipeline.shadow.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The generated text of a recorded event stream, for people to read: its content chunks joined. */
public final class SseText {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SseText() {}

  /**
   * The text a server-sent events body carries: the {@link SseMeter content} of its {@code data:} lines joined (one
   * event per line; a multi-line event is read line by line), or {@code null} when the body has no {@code data:}
   * line. Unreadable JSON is left out.
   */
  public static String join(String body) {
    StringBuilder text = new StringBuilder();
    boolean any = false;
    for (String line : body.split("\r\n|\r|\n", -1)) {
      if (!line.startsWith("data:")) {
        continue;
      }
      any = true;
      String data = line.substring(5);
      data = data.startsWith(" ") ? data.substring(1) : data;
      String trimmed = data.strip();
      if (trimmed.equals("[DONE]") || trimmed.isEmpty()) {
        continue;
      }
      if (!trimmed.startsWith("{")) {
        text.append(data);
        continue;
      }
      try {
        JsonNode chunk = MAPPER.readTree(trimmed);
        String piece = LlmFields.chunkText(chunk);
        if (piece != null) {
          text.append(piece);
        }
      } catch (JsonProcessingException e) {
        // malformed: counted by the meter when the stream arrived; nothing to show here
      }
    }
    return any ? text.toString() : null;
  }
}
