package dev.shadowpipeline.shadow.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of {@code judgements.jsonl}: what the judge said about one diverged pair, or why it said nothing.
 *
 * @param recordId the record's id in {@code records.jsonl}
 * @param order how the answers were shown: {@code primary_first}, {@code shadow_first}, or {@code both} (two calls)
 * @param winner the verdict mapped back to the models, or {@code null} when there is none (see {@code error})
 * @param reason the judge's reason, cut to {@value #MAX_REASON_CHARS} characters (with both orders, the first call's)
 * @param latencyMillis the time the call(s) took, in milliseconds
 * @param error why there is no verdict, or {@code null}
 * @param prompt the request's prompt as sent, cut to {@value #MAX_EXCERPT_CHARS} characters (for the report's examples)
 * @param primary the production model's answer as sent, cut likewise
 * @param shadow the candidate's answer as sent, cut likewise
 */
public record Judgement(
    String recordId,
    String order,
    Winner winner,
    String reason,
    double latencyMillis,
    JudgeError error,
    String prompt,
    String primary,
    String shadow) {

  /** The most characters of a reason kept. */
  public static final int MAX_REASON_CHARS = 500;

  /** The most characters of each text kept for the examples. */
  public static final int MAX_EXCERPT_CHARS = 1_000;

  /** Shown the primary's answer as A. */
  public static final String PRIMARY_FIRST = "primary_first";

  /** Shown the shadow's answer as A. */
  public static final String SHADOW_FIRST = "shadow_first";

  /** Judged in both orders. */
  public static final String BOTH = "both";

  public Judgement {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(order, "order");
    if ((winner == null) == (error == null)) {
      throw new IllegalArgumentException("a judgement has either a winner or an error");
    }
    reason = cut(reason == null ? "" : reason, MAX_REASON_CHARS);
    prompt = cut(prompt == null ? "" : prompt, MAX_EXCERPT_CHARS);
    primary = cut(primary == null ? "" : primary, MAX_EXCERPT_CHARS);
    shadow = cut(shadow == null ? "" : shadow, MAX_EXCERPT_CHARS);
  }

  /** Whether the judge gave a verdict. */
  public boolean decided() {
    return winner != null;
  }

  /** The line's JSON. */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", recordId);
    n.put("order", order);
    if (winner != null) {
      n.put("winner", winner.label());
    } else {
      n.putNull("winner");
    }
    n.put("reason", reason);
    n.put("latency_ms", Math.round(latencyMillis * 1000) / 1000.0);
    if (error != null) {
      n.put("error", error.label());
    } else {
      n.putNull("error");
    }
    n.put("prompt", prompt);
    n.put("primary", primary);
    n.put("shadow", shadow);
    return n;
  }

  /**
   * Reads a line's JSON.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static Judgement fromJson(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String id = n.path("id").asText("");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("no id");
    }
    JsonNode w = n.get("winner");
    JsonNode e = n.get("error");
    Winner winner = w == null || w.isNull() ? null : Winner.parse(w.asText());
    JudgeError error = null;
    if (e != null && !e.isNull()) {
      try {
        error = JudgeError.valueOf(e.asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("unknown error kind '" + e.asText() + "'", ex);
      }
    }
    if ((winner == null) == (error == null)) {
      throw new IllegalArgumentException("needs either a winner or an error");
    }
    return new Judgement(
        id,
        n.path("order").asText(""),
        winner,
        n.path("reason").asText(""),
        n.path("latency_ms").asDouble(Double.NaN),
        error,
        n.path("prompt").asText(""),
        n.path("primary").asText(""),
        n.path("shadow").asText(""));
  }

  /** The text cut to {@code max} characters, marked with an ellipsis when cut (never inside a surrogate pair). */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end) + "…";
  }
}
