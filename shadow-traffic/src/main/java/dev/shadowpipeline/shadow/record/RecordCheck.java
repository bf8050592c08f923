package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.Severity;

/**
 * Whether a JSON object read back (from {@code records.jsonl} or a topic) can be a record at all. {@link RecordFormat}
 * never writes anything else; a line that fails here was written by hand, by a foreign tool or by a bug, and the
 * readers skip it and name it with the unreadable lines, rather than let it count as a divergence (a {@code null}
 * verdict read as a warning), as agreement ({@code "match": true} beside critical differences) or as a latency.
 *
 * <p>Only fields the lean reading of {@link RecordsFile#readForSummary} builds anyway are looked at, a handful of map
 * lookups a record: the byte scanner's pace over a large file stays what it was.
 */
public final class RecordCheck {

  private RecordCheck() {}

  /**
   * Why {@code record} cannot be a record, or {@code null} when it can: no {@code verdict}; a verdict that is not an
   * object; a {@code match} that is not {@code true} or {@code false}; a match that lists differences, counts some or
   * has a severity (a verdict matches exactly when it has no difference); a severity other than {@code info},
   * {@code warning} or {@code critical}; a negative {@code latency_ms} on a side.
   *
   * <p>A {@code latency_ms} that is missing, not a number or infinite is left to the summary, which counts it as
   * unreadable and fails the gate's latency check on it (README, {@code shadow gate}).
   */
  public static String problem(ObjectNode record) {
    JsonNode verdict = record.get("verdict");
    if (verdict == null) {
      return "not a record (no verdict)";
    }
    if (!verdict.isObject()) {
      return "impossible record: verdict is " + shown(verdict) + ", not an object";
    }
    JsonNode match = verdict.get("match");
    if (match == null || !match.isBoolean()) {
      return "impossible record: verdict.match is "
          + (match == null ? "missing" : shown(match))
          + ", not true or false";
    }
    JsonNode severity = verdict.get("severity");
    if (match.booleanValue()) {
      JsonNode differences = verdict.get("differences");
      int listed = differences == null ? 0 : differences.size();
      JsonNode count = verdict.get("difference_count");
      if (listed > 0
          || (count != null && count.isNumber() && count.asDouble() != 0)
          || (severity != null && !severity.isNull())) {
        return "impossible record: verdict.match is true beside "
            + (listed > 0
                ? listed + (listed == 1 ? " difference" : " differences")
                : severity != null && !severity.isNull()
                    ? "a severity " + shown(severity)
                    : "a difference_count of " + count.asText())
            + worst(differences)
            + " (a verdict matches exactly when it has no difference)";
      }
    } else if (severity != null && !severity.isNull() && !known(severity)) {
      return "impossible record: verdict.severity is "
          + shown(severity)
          + ", not info, warning or critical";
    }
    String side = negativeLatency(record, "primary");
    if (side == null) {
      side = negativeLatency(record, "shadow");
    }
    if (side == null) {
      side = negativeLatency(record, "secondary");
    }
    return side;
  }

  // a latency is measured on a monotonic clock: below zero it is not a latency, and in the delta it
  // would pull the mean by as much as it likes
  private static String negativeLatency(ObjectNode record, String name) {
    JsonNode side = record.get(name);
    if (side == null) {
      return null;
    }
    JsonNode latency = side.get("latency_ms");
    if (latency != null && latency.isNumber() && latency.asDouble() < 0) {
      return "impossible record: " + name + ".latency_ms is negative (" + latency.asText() + ")";
    }
    return null;
  }

  private static boolean known(JsonNode severity) {
    if (!severity.isTextual()) {
      return false;
    }
    try {
      Severity.parse(severity.asText());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  // the most severe listed difference, as the reader would have counted the pair: ", the worst
  // critical"
  private static String worst(JsonNode differences) {
    if (differences == null || !differences.isArray()) {
      return "";
    }
    Severity worst = null;
    for (JsonNode d : differences) {
      JsonNode s = d.get("severity");
      if (s != null && known(s)) {
        worst = Severity.max(worst, Severity.parse(s.asText()));
      }
    }
    return worst == null ? "" : ", the worst " + worst.label();
  }

  // a value as it stood in the line, cut short: enough to find it, never a whole body
  private static String shown(JsonNode value) {
    String text = value.isTextual() ? "'" + value.asText() + "'" : value.toString();
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
