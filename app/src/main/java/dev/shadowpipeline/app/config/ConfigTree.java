package dev.shadowpipeline.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads one map of a structured config section, naming the exact place ({@code compare.routes[0].comparators[1].k})
 * in every error and refusing keys it does not know.
 */
public final class ConfigTree {

  private final JsonNode node;
  private final String where;

  public ConfigTree(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new ConfigException(where + ": expected a section of key: value lines");
    }
    this.node = node;
    this.where = where;
  }

  public String where() {
    return where;
  }

  /** Fails on any key not in {@code known}. */
  public void allowOnly(Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new ConfigException(where + ": unknown key '" + key + "' (known: "
            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
  }

  public boolean has(String key) {
    return node.hasNonNull(key);
  }

  public String text(String key, String fallback) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isValueNode()) {
      throw new ConfigException(where + "." + key + ": expected a value");
    }
    return v.asText();
  }

  public String requiredText(String key) {
    String v = text(key, null);
    if (v == null || v.isBlank()) {
      throw new ConfigException(where + ": '" + key + "' is required");
    }
    return v;
  }

  public double number(String key, double fallback) {
    String v = text(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(where + "." + key + ": '" + v + "' is not a number");
    }
  }

  public Double optionalNumber(String key) {
    return has(key) ? number(key, Double.NaN) : null;
  }

  public int integer(String key, int fallback) {
    String v = text(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(where + "." + key + ": '" + v + "' is not a whole number");
    }
  }

  public Duration duration(String key, Duration fallback) {
    String v = text(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + "." + key + ": " + e.getMessage());
    }
  }

  public List<String> list(String key) {
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
      throw new ConfigException(where + "." + key + ": expected a list");
    }
    for (JsonNode item : v) {
      if (!item.isValueNode()) {
        throw new ConfigException(where + "." + key + ": list items must be plain values");
      }
      out.add(item.asText());
    }
    return out;
  }

  /** The maps in a list, each named by its index. */
  public List<ConfigTree> children(String key) {
    JsonNode v = node.get(key);
    List<ConfigTree> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw new ConfigException(where + "." + key + ": expected a list");
    }
    int i = 0;
    for (JsonNode item : v) {
      out.add(new ConfigTree(item, where + "." + key + "[" + i++ + "]"));
    }
    return out;
  }

  public ConfigTree child(String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : new ConfigTree(v, where + "." + key);
  }

  /** Runs a parse step and turns a validation failure of the library into an error naming this place. */
  public <T> T build(java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": " + e.getMessage());
    }
  }
}
