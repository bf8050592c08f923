package dev.shadowpipeline.shadow.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.DecodedBody;
import dev.shadowpipeline.shadow.exchange.JsonBody;
import dev.shadowpipeline.shadow.exchange.TransportError;
import java.util.Arrays;
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
    return of(response, mapper, limitBytes, null);
  }

  /**
   * Decodes and parses a captured answer, reusing {@code same}'s parsed tree when the decoded bodies are byte for byte
   * the same: two sides that agree (the common case) are parsed once, and a comparator seeing the same tree on both
   * sides knows they are equal without walking it. Trees are never modified once parsed, so sharing one is safe.
   */
  public static Answer of(
      CapturedResponse response, ObjectMapper mapper, int limitBytes, Answer same) {
    DecodedBody body =
        DecodedBody.of(
            response.body(),
            response.bodyTruncated(),
            response.header("content-encoding"),
            limitBytes);
    if (body.truncated()) {
      return new Answer(response, body, null);
    }
    if (same != null
        && !same.body().truncated()
        && Arrays.equals(body.bytes(), same.body().bytes())) {
      return new Answer(response, body, same.json());
    }
    return new Answer(response, body, JsonBody.parseOrNull(body.bytes(), mapper));
  }

  public int status() {
    return response.status();
  }

  public TransportError error() {
    return response.error();
  }
}
