package dev.shadowpipeline.shadow.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One distinct diverging input.
 *
 * @param key hash of the normalized request (method, path, sorted query, canonical body) that deduplicates entries
 * @param method HTTP method
 * @param path request path
 * @param query raw query string, or {@code null}
 * @param request the request as recorded (headers and body, already redacted)
 * @param primary the primary's answer as recorded (status, body, error)
 * @param shadow the shadow's answer as recorded the last time this input diverged
 * @param severity the most severe divergence seen for this input
 * @param reasons why it diverged, most recent first, a few at most
 * @param firstSeen when this input first diverged
 * @param lastSeen when it last diverged
 * @param count how often it diverged
 * @param recordId the id of the last diverging record, to find it in {@code records.jsonl}
 */
public record SuiteEntry(String key, String method, String path, String query, ObjectNode request, JsonNode primary,
    JsonNode shadow, Severity severity, List<String> reasons, Instant firstSeen, Instant lastSeen, long count,
    String recordId) {

  public SuiteEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(severity, "severity");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }

  /** The path with its query, as it goes on the request line. */
  public String uri() {
    return query == null ? path : path + '?' + query;
  }
}
