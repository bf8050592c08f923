package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

  private RequestKey() {}

  /**
   * The key of a record's input: the {@code input_key} it was written with, else computed from its method, path,
   * query and (redacted) request body.
   */
  public static String of(JsonNode record) {
    JsonNode written = record.get("input_key");
    if (written != null && written.isTextual()) {
      return written.asText();
    }
    String query = record.hasNonNull("query") ? record.get("query").asText() : null;
    return of(
        record.path("method").asText(),
        record.path("path").asText(),
        query,
        record.path("request").get("body"));
  }

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
    try {
      byte[] sum =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sum, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
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
        out.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(names.get(i))).append(':');
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
    } else if (node.isNumber()) {
      // 1.0 and 1 are the same input to a model
      out.append(node.decimalValue().stripTrailingZeros().toPlainString());
    } else {
      out.append(node);
    }
  }
}
