package dev.shadowpipeline.shadow.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.exchange.TransportError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns recorded requests and answers (records, suite entries) back into what goes on the wire. */
final class RecordedBodies {

  private RecordedBodies() {}

  /** The body bytes of a recorded side: {@code body} as JSON, text or base64, per {@code body_format}. */
  static byte[] body(JsonNode side, ObjectMapper mapper) {
    JsonNode body = side.get("body");
    if (body == null || body.isNull()) {
      return new byte[0];
    }
    String format = side.path("body_format").asText("json");
    try {
      return switch (format) {
        case "text" -> body.asText().getBytes(StandardCharsets.UTF_8);
        case "base64" -> Base64.getDecoder().decode(body.asText());
        default -> mapper.writeValueAsBytes(body);
      };
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "recorded body is not " + format + ": " + e.getMessage(), e);
    }
  }

  /** The request headers worth sending again: the content type and custom ones, never the redacted credentials. */
  static List<Header> requestHeaders(JsonNode request) {
    List<Header> out = new ArrayList<>();
    JsonNode headers = request.path("headers");
    for (Map.Entry<String, JsonNode> h : headers.properties()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (!name.equals("content-type") && !name.equals("accept")) {
        continue;
      }
      if (h.getValue().isArray()) {
        h.getValue().forEach(v -> out.add(new Header(name, v.asText())));
      } else {
        out.add(new Header(name, h.getValue().asText()));
      }
    }
    if (out.stream().noneMatch(h -> h.name().equals("content-type")) && request.has("body")) {
      out.add(new Header("content-type", "application/json"));
    }
    return out;
  }

  /** A recorded answer (as kept in the regression suite) as a captured response to compare with. */
  static CapturedResponse answer(JsonNode side, ObjectMapper mapper) {
    long latency = (long) (side.path("latency_ms").asDouble(0) * 1e6);
    if (side.has("error")) {
      ErrorKind kind;
      try {
        kind =
            ErrorKind.valueOf(
                side.path("error").path("kind").asText("other").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        kind = ErrorKind.OTHER;
      }
      return CapturedResponse.failed(
          new TransportError(kind, side.path("error").path("message").asText("")),
          Math.max(0, latency));
    }
    List<Header> headers = new ArrayList<>();
    String type =
        side.path("content_type")
            .asText(
                side.path("body_format").asText("json").equals("json")
                    ? "application/json"
                    : "text/plain");
    headers.add(new Header("content-type", type));
    return new CapturedResponse(
        side.path("status").asInt(200),
        headers,
        body(side, mapper),
        side.path("body_truncated").asBoolean(false),
        Math.max(0, latency),
        null);
  }
}
