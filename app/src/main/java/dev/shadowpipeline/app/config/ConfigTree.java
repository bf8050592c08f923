package dev.shadowpipeline.cli.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.config.DurationConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads one map of a structured config section, naming the exact place ({@code compare.routes[0].comparators[1].k})
 * in every error and refusing keys it does not know.
 */
final class ConfigTree {

  private final JsonNode node;
  private final String where;

  ConfigTree(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new UsageException(where + ": expected a section of key: value lines");
    }
    this.node = node;
    this.where = where;
  }

  String where() {
    return where;
  }

  /** Fails on any key not in {@code known}. */
  void allowOnly(Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new UsageException(where + ": unknown key '" + key + "' (known: "
            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
  }

  boolean has(String key) {
    return node.hasNonNull(key);
  }

  String text(String key, String fallback) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isValueNode()) {
      throw new UsageException(where + "." + key + ": expected a value");
    }
    return v.asText();
  }

  String requiredText(String key) {
    String v = text(key, null);
    if (v == null || v.isBlank()) {
      throw new UsageException(where + ": '" + key + "' is required");
    }
    return v;
  }

  double number(String key, double fallback) {
    String v = text(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(where + "." + key + ": '" + v + "' is not a number");
    }
  }

  Double optionalNumber(String key) {
    return has(key) ? number(key, Double.NaN) : null;
  }

  int integer(String key, int fallback) {
    String v = text(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(where + "." + key + ": '" + v + "' is not a whole number");
    }
  }

  Duration duration(String key, Duration fallback) {
    String v = text(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      return new DurationConverter().convert(v);
    } catch (Exception e) {
      throw new UsageException(where + "." + key + ": " + e.getMessage());
    }
  }

  List<String> list(String key) {
    JsonNode v = node.get(key);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isValueNode()) {
      for (String part : v.asText().split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }
    if (!v.isArray()) {
      throw new UsageException(where + "." + key + ": expected a list");
    }
    for (JsonNode item : v) {
      if (!item.isValueNode()) {
        throw new UsageException(where + "." + key + ": list items must be plain values");
      }
      out.add(item.asText());
    }
    return out;
  }

  /** The maps in a list, each named by its index. */
  List<ConfigTree> children(String key) {
    JsonNode v = node.get(key);
    List<ConfigTree> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw new UsageException(where + "." + key + ": expected a list");
    }
    int i = 0;
    for (JsonNode item : v) {
      out.add(new ConfigTree(item, where + "." + key + "[" + i++ + "]"));
    }
    return out;
  }

  ConfigTree child(String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : new ConfigTree(v, where + "." + key);
  }

  /** Runs a parse step and turns a validation failure of the library into an error naming this place. */
  <T> T build(java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw new UsageException(where + ": " + e.getMessage());
    }
  }
}
