package dev.shadowpipeline.shadow.replay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One input from a file: either a request body to send, or the reason the row could not be read.
 *
 * @param line the line it starts on (1-based)
 * @param body the request body, or {@code null} when the row is bad
 * @param problem why the row is bad, or {@code null}
 */
public record InputRow(long line, JsonNode body, String problem) {

  /** A readable row. */
  public static InputRow ok(long line, JsonNode body) {
    return new InputRow(line, body, null);
  }

  /** A row that is skipped, with the reason. */
  public static InputRow bad(long line, String problem) {
    return new InputRow(line, null, problem);
  }

  /** Whether the row can be sent. */
  public boolean readable() {
    return body != null;
  }
}
