package dev.shadowpipeline.shadow.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.DecodedBody;
import dev.shadowpipeline.shadow.exchange.JsonBody;
import dev.shadowpipeline.shadow.exchange.TransportError;
import java.util.Objects;

/**
 * One side's answer prepared for comparison: the body decoded, and parsed when it is JSON.
 *
 * @param response what was captured
 * @param body the decoded body
 * @param json the body parsed as JSON, or {@code null} when it is empty, not JSON, or truncated
 */
public record Answer(CapturedResponse response, DecodedBody body, JsonNode json) {

  public Answer {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(body, "body");
  }

  /** Decodes and parses a captured answer; the decoded body is capped at {@code limitBytes}. */
  public static Answer of(CapturedResponse response, ObjectMapper mapper, int limitBytes) {
    DecodedBody body =
        DecodedBody.of(
            response.body(),
            response.bodyTruncated(),
            response.header("content-encoding"),
            limitBytes);
    return new Answer(
        response, body, body.truncated() ? null : JsonBody.parseOrNull(body.bytes(), mapper));
  }

  public int status() {
    return response.status();
  }

  public TransportError error() {
    return response.error();
  }
}
