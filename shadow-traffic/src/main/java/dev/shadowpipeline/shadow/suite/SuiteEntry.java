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
 * @param differenceKeys the distinct "kind NUL path" of the differences above {@code info} of every time this input
 *     diverged (at most {@value #MAX_DIFFERENCE_KEYS}), so that an entry whose differences all turn out to be noise
 *     can be left out when the suite is written; {@code null} when not all of them are known (a record that listed
 *     fewer than it had, too many keys, or an entry from an older suite file): such an entry is always kept
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
    String recordId,
    List<String> differenceKeys) {

  /** Most difference keys an entry keeps; beyond them they are unknown and the entry is always kept. */
  public static final int MAX_DIFFERENCE_KEYS = 32;

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
    if (differenceKeys != null) {
      differenceKeys = List.copyOf(differenceKeys);
    }
  }

  /** An entry whose difference keys are unknown (it is never left out as noise). */
  public SuiteEntry(
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
    this(
        key,
        method,
        path,
        query,
        requestJson,
        primaryJson,
        shadowJson,
        severity,
        reasons,
        firstSeen,
        lastSeen,
        count,
        recordId,
        null);
  }

  /**
   * Whether every difference above info this input ever had is in {@code noiseKeys} ("kind NUL path"): such an entry
   * holds no real divergence. {@code false} when the keys are unknown or there are none (an info-level divergence
   * alone, such as a latency over budget, is not noise).
   */
  public boolean onlyNoise(java.util.Set<String> noiseKeys) {
    return differenceKeys != null
        && !differenceKeys.isEmpty()
        && noiseKeys.containsAll(differenceKeys);
  }

  /** The union of two entries' difference keys: unknown when either is, or when there are too many. */
  static List<String> unionKeys(List<String> a, List<String> b) {
    if (a == null || b == null) {
      return null;
    }
    java.util.LinkedHashSet<String> union = new java.util.LinkedHashSet<>(a);
    union.addAll(b);
    return union.size() > MAX_DIFFERENCE_KEYS ? null : List.copyOf(union);
  }

  /** An entry from JSON trees (serialized once, here), its difference keys unknown. */
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
    return of(
        key, method, path, query, request, primary, shadow, severity, reasons, firstSeen, lastSeen,
        count, recordId, null);
  }

  /** An entry from JSON trees (serialized once, here); {@code differenceKeys} as for the record. */
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
      String recordId,
      List<String> differenceKeys) {
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
        recordId,
        differenceKeys);
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
    if (differenceKeys != null) {
      for (String k : differenceKeys) {
        bytes += k.length() + 24L;
      }
    }
    return bytes;
  }

  /** The path with its query, as it goes on the request line. */
  public String uri() {
    return query == null ? path : path + '?' + query;
  }
}
