package dev.shadowpipeline.shadow.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The last diverging pairs a running proxy recorded, newest first, for {@code /summary}'s {@code recent_divergences}
 * and the live page: each pair's id, time, method, path, severity and its first differences with both sides' values.
 * It reads the records as written, so what it shows is already redacted (headers, query parameters and the body
 * fields the redaction rules name); values are cut to {@value #MAX_VALUE_CHARS} characters.
 *
 * <p>Bounded in count ({@value #MAX_PAIRS} pairs) and so in bytes: each pair keeps at most {@value #MAX_DIFFERENCES}
 * differences of a cut path and two cut values, and a cut URI — a few kilobytes per pair at most. Written on the
 * record worker, read by the admin API's worker: the two meet on this object's lock, held only to copy the list.
 */
public final class RecentDivergences implements RecordConsumer {

  /** Pairs kept. */
  public static final int MAX_PAIRS = 20;

  static final int MAX_DIFFERENCES = 5;
  static final int MAX_VALUE_CHARS = 160;
  static final int MAX_URI_CHARS = 300;

  /** One diverging pair as shown. */
  record Pair(
      String id, String time, String method, String uri, String severity, List<Diff> diffs) {}

  /** One difference: kind, path, both values (redacted, cut), its severity and reason. */
  record Diff(
      String kind, String path, String primary, String shadow, String severity, String reason) {}

  private final ArrayDeque<Pair> pairs = new ArrayDeque<>();

  @Override
  public void accept(ObjectNode record) {
    JsonNode verdict = record.path("verdict");
    if (!verdict.isObject() || verdict.path("match").asBoolean(true)) {
      return;
    }
    List<Diff> diffs = new ArrayList<>();
    for (JsonNode d : verdict.path("differences")) {
      if (diffs.size() >= MAX_DIFFERENCES) {
        break;
      }
      diffs.add(
          new Diff(
              d.path("kind").asText(),
              cut(d.path("path").asText(""), MAX_VALUE_CHARS),
              value(d.get("primary")),
              value(d.get("shadow")),
              d.path("severity").asText(""),
              d.hasNonNull("reason") ? cut(d.get("reason").asText(), MAX_VALUE_CHARS) : null));
    }
    String path = record.path("path").asText();
    String query = record.hasNonNull("query") ? record.get("query").asText() : null;
    Pair pair =
        new Pair(
            record.path("id").asText(),
            record.path("time").asText(""),
            record.path("method").asText(),
            cut(query == null ? path : path + "?" + query, MAX_URI_CHARS),
            verdict.path("severity").asText(""),
            List.copyOf(diffs));
    synchronized (this) {
      pairs.addFirst(pair);
      if (pairs.size() > MAX_PAIRS) {
        pairs.removeLast();
      }
    }
  }

  /** The pairs, newest first, as {@code recent_divergences}. */
  public ArrayNode toJson(ObjectMapper mapper) {
    List<Pair> copy;
    synchronized (this) {
      copy = new ArrayList<>(pairs);
    }
    ArrayNode list = mapper.createArrayNode();
    for (Pair p : copy) {
      ObjectNode n = list.addObject();
      n.put("id", p.id());
      n.put("time", p.time());
      n.put("method", p.method());
      n.put("uri", p.uri());
      n.put("severity", p.severity());
      ArrayNode diffs = n.putArray("differences");
      for (Diff d : p.diffs()) {
        ObjectNode e = diffs.addObject();
        e.put("kind", d.kind());
        e.put("path", d.path());
        e.put("primary", d.primary());
        e.put("shadow", d.shadow());
        e.put("severity", d.severity());
        if (d.reason() != null) {
          e.put("reason", d.reason());
        }
      }
    }
    return list;
  }

  /** How many pairs are kept now. */
  public synchronized int size() {
    return pairs.size();
  }

  /** The pairs' ids, newest first. */
  synchronized List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (Iterator<Pair> it = pairs.iterator(); it.hasNext(); ) {
      ids.add(it.next().id());
    }
    return ids;
  }

  // a value as compact JSON text (a string without its quotes); null when the side had none
  private static String value(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return null;
    }
    return cut(v.isTextual() ? v.asText() : compact(v), MAX_VALUE_CHARS);
  }

  // the value's compact JSON text; a boolean, null or finite number's asText() is that text
  // already,
  // with no generator set up for it (most differences are of such values, once per diverging pair)
  static String compact(JsonNode v) {
    boolean plain =
        v.isBoolean()
            || v.isNull()
            || (v.isNumber() && !(v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue())));
    return plain ? v.asText() : v.toString();
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
