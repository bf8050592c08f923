package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The identity of an input for deduplication: the same request sent twice, with its JSON keys in another order or its
 * query parameters reordered, is one suite entry.
 */
public final class RequestKey {

  private static final HexFormat HEX_DIGITS = HexFormat.of();

  private RequestKey() {}

  /**
   * The key of a record's input: the {@code input_key} it was written with, else computed from its method, path,
   * query and (redacted) request body.
   */
  // the same node, not an equal one: comparing trees would cost more than hashing one
  @SuppressWarnings("ReferenceEquality")
  public static String of(JsonNode record) {
    JsonNode written = record.get("input_key");
    if (written != null && written.isTextual()) {
      return written.asText();
    }
    // a record read for a report goes to the summary and the suite, one after the other on the
    // same thread, and both need its key: hashed once (records are never changed once read)
    LastKey last = LAST_KEY.get();
    if (last.record == record) {
      return last.key;
    }
    String query = record.hasNonNull("query") ? record.get("query").asText() : null;
    String key =
        of(
            record.path("method").asText(),
            record.path("path").asText(),
            query,
            record.path("request").get("body"));
    last.record = record;
    last.key = key;
    return key;
  }

  /** The last record whose key this thread computed, and the key. */
  private static final class LastKey {
    JsonNode record;
    String key;
  }

  private static final ThreadLocal<LastKey> LAST_KEY = ThreadLocal.withInitial(LastKey::new);

  /**
   * Hashes method, path, the query with its parameters sorted, and the body (canonical JSON when it is JSON: keys
   * sorted, no whitespace; the text otherwise).
   */
  public static String of(String method, String path, String query, JsonNode body) {
    StringBuilder canonical = new StringBuilder();
    canonical.append(method).append(' ').append(path).append('\n');
    if (query != null && !query.isEmpty()) {
      String[] params = query.split("&");
      Arrays.sort(params);
      canonical.append(String.join("&", params));
    }
    canonical.append('\n');
    if (body != null) {
      canonicalize(body, canonical);
    }
    byte[] sum = Sha256.of(canonical.toString().getBytes(StandardCharsets.UTF_8));
    return HEX_DIGITS.formatHex(sum, 0, 16);
  }

  private static void canonicalize(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      names.sort(null);
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        quote(names.get(i), out);
        out.append(':');
        canonicalize(node.get(names.get(i)), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        canonicalize(node.get(i), out);
      }
      out.append(']');
    } else if (node.isInt() || node.isLong()) {
      // what the decimal form below gives for an integer, without a BigDecimal per number
      out.append(node.longValue());
    } else if (node.isNumber()) {
      // 1.0 and 1 are the same input to a model
      out.append(node.decimalValue().stripTrailingZeros().toPlainString());
    } else if (node.isTextual()) {
      quote(node.textValue(), out);
    } else {
      out.append(node);
    }
  }

  /**
   * A JSON string as Jackson's {@code TextNode.toString()} writes it (the key's bytes must not change): the quote and
   * the backslash escaped, the short escapes for backspace, tab, line feed, form feed and carriage return, other
   * control characters as six-character unicode escapes (upper-case hex), everything else as it is. Done here because {@code toString()} runs a whole
   * serializer per string, half of what input_key cost the record worker in a profile (bench/results/proxy-overhead.md).
   */
  static void quote(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
