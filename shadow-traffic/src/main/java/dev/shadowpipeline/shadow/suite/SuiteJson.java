package dev.shadowpipeline.shadow.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.record.RecordTimes;
import dev.shadowpipeline.shadow.record.RequestKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The JSON shape of suite entries, and how a diverging record becomes one. */
final class SuiteJson {

  private SuiteJson() {}

  /**
   * The suite entry for a record, or {@code null} when the record matched (or recorded no verdict).
   *
   * @param record a record in the {@code records.jsonl} shape, already redacted
   */
  static SuiteEntry fromRecord(JsonNode record) {
    JsonNode verdict = record.path("verdict");
    if (verdict.path("match").asBoolean(true)) {
      return null;
    }
    Severity severity =
        verdict.hasNonNull("severity")
            ? Severity.parse(verdict.get("severity").asText())
            : Severity.WARNING;
    List<String> reasons = new ArrayList<>();
    java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
    int listed = 0;
    for (JsonNode d : verdict.path("differences")) {
      listed++;
      if (reasons.size() < RegressionSuite.MAX_REASONS) {
        reasons.add(describe(d));
      }
      if (!"info".equals(d.path("severity").asText())) {
        keys.add(d.path("kind").asText() + "\u0000" + d.path("path").asText(""));
      }
    }
    // the keys are known only when every difference is listed, and kept only while they are few
    boolean known =
        verdict.path("difference_count").asInt(listed) <= listed
            && keys.size() <= SuiteEntry.MAX_DIFFERENCE_KEYS;
    String method = record.path("method").asText("GET");
    String path = record.path("path").asText("/");
    String query = record.hasNonNull("query") ? record.get("query").asText() : null;
    JsonNode request = record.path("request");
    Instant time = RecordTimes.of(record);
    if (time == null) {
      throw new IllegalArgumentException(
          "record " + record.path("id").asText("?") + " has no valid time");
    }
    // records are never modified once written, so the entry may share their nodes instead of
    // copying them
    ObjectNode requestNode =
        request.isObject() ? (ObjectNode) request : JsonNodeFactory.instance.objectNode();
    return SuiteEntry.of(
        RequestKey.of(record),
        method,
        path,
        query,
        requestNode,
        answer(record.path("primary")),
        answer(record.path("shadow")),
        severity,
        reasons,
        time,
        time,
        1,
        record.path("id").asText(null),
        known ? List.copyOf(keys) : null);
  }

  /** {@code label_flip /decision: reject -> approve}, or without the reason when there is none. */
  static String describe(JsonNode difference) {
    StringBuilder sb = new StringBuilder(difference.path("kind").asText("difference"));
    String path = difference.path("path").asText("");
    if (!path.isEmpty()) {
      sb.append(' ').append(path);
    }
    if (difference.hasNonNull("reason")) {
      sb.append(": ").append(difference.get("reason").asText());
    } else if (difference.has("primary") || difference.has("shadow")) {
      sb.append(": ")
          .append(abbreviate(difference.get("primary")))
          .append(" -> ")
          .append(abbreviate(difference.get("shadow")));
    }
    return sb.toString();
  }

  private static String abbreviate(JsonNode value) {
    if (value == null) {
      return "(none)";
    }
    // a number, boolean or null reads as it is written (asText() is what Jackson's serializer
    // writes
    // for them); toString() runs a whole serializer per value, a profile's 5% of the record worker
    String text =
        value.isTextual()
                || value.isIntegralNumber()
                // NaN and the infinities are written quoted
                || (value.isNumber() && Double.isFinite(value.doubleValue()))
                || value.isBoolean()
                || value.isNull()
            ? value.asText()
            : value.toString();
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  // the answer without its headers: regress compares bodies and statuses, and headers bloat the
  // suite
  private static JsonNode answer(JsonNode side) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String field :
        List.of("status", "latency_ms", "error", "body_format", "body", "body_truncated")) {
      if (side.has(field)) {
        out.set(field, side.get(field));
      }
    }
    if (side.path("headers").has("content-type")) {
      out.set("content_type", side.path("headers").get("content-type"));
    }
    return out;
  }

  /** Writes the entry as one JSON object: its fields, then its stored request and answers copied as they are. */
  static void writeEntry(SuiteEntry e, ObjectMapper mapper, OutputStream out) throws IOException {
    byte[] head = mapper.writeValueAsBytes(metadata(e, mapper));
    out.write(head, 0, head.length - 1); // without its closing brace
    out.write(REQUEST_FIELD);
    out.write(e.requestJson());
    out.write(PRIMARY_FIELD);
    out.write(e.primaryJson());
    out.write(SHADOW_FIELD);
    out.write(e.shadowJson());
    out.write('}');
  }

  private static final byte[] REQUEST_FIELD = ",\"request\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PRIMARY_FIELD = ",\"primary\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SHADOW_FIELD = ",\"shadow\":".getBytes(StandardCharsets.UTF_8);

  /** The entry as written to the suite file, as a tree (for small outputs and tests). */
  static ObjectNode toJson(SuiteEntry e, ObjectMapper mapper) {
    ObjectNode node = metadata(e, mapper);
    node.set("request", e.request());
    node.set("primary", e.primary());
    node.set("shadow", e.shadow());
    return node;
  }

  private static ObjectNode metadata(SuiteEntry e, ObjectMapper mapper) {
    ObjectNode node = mapper.createObjectNode();
    node.put("key", e.key());
    node.put("severity", e.severity().label());
    node.put("count", e.count());
    node.put("first_seen", e.firstSeen().toString());
    node.put("last_seen", e.lastSeen().toString());
    ArrayNode reasons = node.putArray("reasons");
    e.reasons().forEach(reasons::add);
    node.put("method", e.method());
    node.put("path", e.path());
    if (e.query() != null) {
      node.put("query", e.query());
    }
    if (e.recordId() != null) {
      node.put("record_id", e.recordId());
    }
    if (e.differenceKeys() != null) {
      ArrayNode keys = node.putArray("difference_keys");
      for (String k : e.differenceKeys()) {
        String[] parts = k.split("\u0000", 2);
        ObjectNode key = keys.addObject();
        key.put("kind", parts[0]);
        key.put("path", parts.length > 1 ? parts[1] : "");
      }
    }
    return node;
  }

  /** Reads an entry written by {@link #toJson}. */
  static SuiteEntry fromJson(JsonNode node) {
    List<String> reasons = new ArrayList<>();
    node.path("reasons").forEach(r -> reasons.add(r.asText()));
    JsonNode request = node.get("request");
    if (request == null || !request.isObject()) {
      throw new IllegalArgumentException("it has no \"request\" object");
    }
    String method = required(node, "method");
    String path = required(node, "path");
    // the recorded answers are what a replay is compared with, and the severity whether a
    // divergence
    // that remains fails the run: an entry without them would pass unchecked, or as a lesser one
    JsonNode primary = requiredObject(node, "primary");
    JsonNode shadow = requiredObject(node, "shadow");
    Severity severity = Severity.parse(required(node, "severity"));
    String query = node.hasNonNull("query") ? node.get("query").asText() : null;
    String key =
        node.hasNonNull("key")
            ? node.get("key").asText()
            : RequestKey.of(method, path, query, request.get("body"));
    List<String> differenceKeys = null;
    if (node.path("difference_keys").isArray()) {
      differenceKeys = new ArrayList<>();
      for (JsonNode k : node.get("difference_keys")) {
        differenceKeys.add(k.path("kind").asText() + "\u0000" + k.path("path").asText(""));
      }
    }
    Instant first = Instant.parse(required(node, "first_seen"));
    Instant last = Instant.parse(node.path("last_seen").asText(first.toString()));
    return SuiteEntry.of(
        key,
        method,
        path,
        query,
        (ObjectNode) request,
        primary,
        shadow,
        severity,
        reasons,
        first,
        last,
        node.path("count").asLong(1),
        node.hasNonNull("record_id") ? node.get("record_id").asText() : null,
        differenceKeys);
  }

  private static JsonNode requiredObject(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new IllegalArgumentException(
          "it has no \"" + field + "\" object (the recorded answer)");
    }
    return value;
  }

  private static String required(JsonNode node, String field) {
    if (!node.hasNonNull(field)) {
      throw new IllegalArgumentException("it has no \"" + field + "\"");
    }
    return node.get(field).asText();
  }
}
