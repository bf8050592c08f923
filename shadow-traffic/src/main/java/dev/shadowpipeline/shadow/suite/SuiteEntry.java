package dev.shadowpipeline.shadow.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One distinct diverging input. The request and both answers are kept as their JSON text (UTF-8), not as trees: a
 * suite of many large entries then costs its size on disk in memory, not several times that, and is written out by
 * copying bytes.
 *
 * @param key hash of the normalized request (method, path, sorted query, canonical body) that deduplicates entries
 * @param method HTTP method
 * @param path request path
 * @param query raw query string, or {@code null}
 * @param requestJson the request as recorded (headers and body, already redacted), as JSON text
 * @param primaryJson the primary's answer as recorded (status, body, error), as JSON text
 * @param shadowJson the shadow's answer as recorded the last time this input diverged, as JSON text
 * @param severity the most severe divergence seen for this input
 * @param reasons why it diverged, most recent first, a few at most
 * @param firstSeen when this input first diverged
 * @param lastSeen when it last diverged
 * @param count how often it diverged
 * @param recordId the id of the last diverging record, to find it in {@code records.jsonl}
 */
public record SuiteEntry(
    String key,
    String method,
    String path,
    String query,
    byte[] requestJson,
    byte[] primaryJson,
    byte[] shadowJson,
    Severity severity,
    List<String> reasons,
    Instant firstSeen,
    Instant lastSeen,
    long count,
    String recordId) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public SuiteEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(requestJson, "requestJson");
    Objects.requireNonNull(primaryJson, "primaryJson");
    Objects.requireNonNull(shadowJson, "shadowJson");
    Objects.requireNonNull(severity, "severity");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }

  /** An entry from JSON trees (serialized once, here). */
  public static SuiteEntry of(
      String key,
      String method,
      String path,
      String query,
      ObjectNode request,
      JsonNode primary,
      JsonNode shadow,
      Severity severity,
      List<String> reasons,
      Instant firstSeen,
      Instant lastSeen,
      long count,
      String recordId) {
    return new SuiteEntry(
        key,
        method,
        path,
        query,
        bytes(request),
        bytes(primary),
        bytes(shadow),
        severity,
        reasons,
        firstSeen,
        lastSeen,
        count,
        recordId);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("a suite entry holds JSON that does not parse", e);
    }
  }

  /** The request as recorded (parsed on each call). */
  public ObjectNode request() {
    JsonNode node = parse(requestJson);
    return node instanceof ObjectNode o ? o : MAPPER.createObjectNode();
  }

  /** The primary's answer as recorded (parsed on each call). */
  public JsonNode primary() {
    return parse(primaryJson);
  }

  /** The shadow's answer as recorded (parsed on each call). */
  public JsonNode shadow() {
    return parse(shadowJson);
  }

  /** Bytes this entry takes, in memory and (about the same) in the suite file: what the suite's byte bound counts. */
  public long sizeBytes() {
    long bytes =
        requestJson.length
            + primaryJson.length
            + shadowJson.length
            + 256L
            + key.length()
            + path.length()
            + (query == null ? 0 : query.length());
    for (String r : reasons) {
      bytes += r.length() + 4L;
    }
    return bytes;
  }

  /** The path with its query, as it goes on the request line. */
  public String uri() {
    return query == null ? path : path + '?' + query;
  }
}
