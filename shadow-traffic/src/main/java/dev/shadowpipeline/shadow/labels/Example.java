package dev.shadowpipeline.shadow.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One labelled input shown in the report: who predicted what, and the truth.
 *
 * @param recordId the record's id
 * @param key the join key
 * @param truth the true label or value
 * @param primary the primary's label (or, for regression, its prediction)
 * @param shadow the shadow's label or prediction
 * @param request the request body as text, or {@code null} when not kept (live labels)
 * @param primaryAnswer the primary's answer as text, or {@code null}
 * @param shadowAnswer the shadow's answer as text, or {@code null}
 */
public record Example(
    String recordId,
    String key,
    String truth,
    String primary,
    String shadow,
    String request,
    String primaryAnswer,
    String shadowAnswer) {

  /** Text kept of each body. */
  static final int MAX_BODY_CHARS = 2_000;

  /** An example with the bodies of {@code record}. */
  static Example of(ObjectNode record, String key, String truth, String primary, String shadow) {
    return new Example(
        record.path("id").asText(null),
        key,
        truth,
        primary,
        shadow,
        text(record.path("request").get("body")),
        text(record.path("primary").get("body")),
        text(record.path("shadow").get("body")));
  }

  private static String text(JsonNode body) {
    if (body == null || body.isNull()) {
      return null;
    }
    String text = body.isTextual() ? body.asText() : body.toPrettyString();
    return text.length() <= MAX_BODY_CHARS ? text : text.substring(0, MAX_BODY_CHARS) + "\n… (cut)";
  }
}
