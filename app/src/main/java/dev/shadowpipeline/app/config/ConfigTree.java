package dev.shadowpipeline.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One section of a {@link ConfigFile} — the top, {@code compare}, {@code jobs[0]} — read with typed access. Every
 * error is a {@link ConfigException} in one format, {@code file: key: message}, the key being the full path
 * ({@code shadow.yaml: compare.routes[0].comparators[1].k: must be at least 1: 0}).
 *
 * <p>A key written {@code key:} with nothing after it is not set. Values are already interpolated. Declare the keys a
 * section accepts with {@link #keys(ConfigKeys)} before reading it: unknown keys fail with a suggestion, deprecated
 * spellings are warned about and then read under their new name.
 */
public final class ConfigTree {

  private final ConfigFile file;
  private final JsonNode node;
  private final String path;
  private final Map<String, String> spelling;

  ConfigTree(ConfigFile file, JsonNode node, String path) {
    this(file, node, path, Map.of());
  }

  private ConfigTree(ConfigFile file, JsonNode node, String path, Map<String, String> spelling) {
    this.file = file;
    this.node = node;
    this.path = path;
    this.spelling = spelling;
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Where this section is in its file, e.g. {@code compare.routes[0]}; empty for the whole file. */
  public String path() {
    return path;
  }

  /** The file's name. */
  public String fileName() {
    return file.name();
  }

  /** The error {@code file: path: message}, about this section as a whole. */
  public ConfigException error(String message) {
    return new ConfigException(file.name() + ": " + (path.isEmpty() ? "" : path + ": ") + message);
  }

  /** The error {@code file: path.key: message}, about one key as it is written in the file. */
  public ConfigException error(String key, String message) {
    return new ConfigException(file.name() + ": " + at(key) + ": " + message);
  }

  /** The full path of a key, as the file spells it. */
  public String at(String key) {
    return join(path, spelling.getOrDefault(key, key));
  }

  /**
   * This section, checked against the keys it accepts: a key written in a deprecated spelling is reported once and
   * read under its new name.
   *
   * @throws ConfigException for an unknown key (naming the closest known one), or for a key given in both its new
   *     and its deprecated spelling
   */
  public ConfigTree keys(ConfigKeys keys) {
    Map<String, String> written = new HashMap<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (keys.names().contains(key)) {
        continue;
      }
      String now = keys.formerly().get(key);
      if (now == null) {
        throw error(key, "unknown key" + Suggestions.didYouMean(key, keys.names()));
      }
      if (node.has(now)) {
        throw error(
            key,
            "the deprecated spelling of "
                + join(path, now)
                + ", which is given too; keep only "
                + now);
      }
      file.deprecated(join(path, key), now);
      written.put(now, key);
    }
    return new ConfigTree(file, node, path, Map.copyOf(written));
  }

  private JsonNode get(String key) {
    JsonNode v = node.get(spelling.getOrDefault(key, key));
    return v == null || v.isNull() ? null : v;
  }

  /** The keys written in this section, in file order (e.g. the model names of {@code llm.prices}). */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Whether the key is given (not absent, not empty). */
  public boolean has(String key) {
    return get(key) != null;
  }

  /** Whether the key holds a list. */
  public boolean isList(String key) {
    JsonNode v = get(key);
    return v != null && v.isArray();
  }

  /** Whether the key holds a section of key: value lines. */
  public boolean isSection(String key) {
    JsonNode v = get(key);
    return v != null && v.isObject();
  }

  /** A single value as text, or {@code fallback} when not given. */
  public String text(String key, String fallback) {
    JsonNode v = get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isValueNode()) {
      throw error(key, "must be a single value, not a list or section");
    }
    return v.asText();
  }

  /** A value that must be given and not blank. */
  public String requiredText(String key) {
    String v = text(key, null);
    if (v == null || v.isBlank()) {
      throw error(key, "required");
    }
    return v;
  }

  /** A number, or {@code fallback} when not given. */
  public double number(String key, double fallback) {
    return number(key, fallback, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /**
   * A number in {@code [min, max]}, or {@code fallback} when not given.
   *
   * @throws ConfigException {@code must be between 0 and 1: 1.5}, {@code must be at least 0: -1}, or {@code must be
   *     a finite number: 1e400}
   */
  public double number(String key, double fallback, double min, double max) {
    String v = text(key, null);
    if (v == null) {
      return fallback;
    }
    double d;
    try {
      d = Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw error(key, "must be a number: '" + v + "'");
    }
    if (!Double.isFinite(d)) { // Infinity, NaN, or 1e400 rounded up: no setting means them
      throw error(key, "must be a finite number: " + v.strip());
    }
    if (!(d >= min && d <= max)) { // outside, or NaN
      throw error(key, range(min, max) + ": " + v.strip());
    }
    return d;
  }

  /** A number or {@code null} when not given. */
  public Double optionalNumber(String key) {
    return has(key) ? number(key, Double.NaN) : null;
  }

  /**
   * A whole number of at least {@code min}, or {@code fallback} when not given.
   *
   * @throws ConfigException {@code must be at least 1: 0}
   */
  public int integer(String key, int fallback, int min) {
    String v = text(key, null);
    if (v == null) {
      return fallback;
    }
    int i;
    try {
      i = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw error(key, "must be a whole number: '" + v + "'");
    }
    if (i < min) {
      throw error(key, "must be at least " + min + ": " + i);
    }
    return i;
  }

  /** A duration such as {@code 250ms}, {@code 5s}, {@code 2m} ({@link Durations}), never negative. */
  public Duration duration(String key, Duration fallback) {
    Duration d = parsed(key, fallback, Durations::parse);
    if (d != null && d.isNegative()) {
      throw error(key, "must not be negative: " + text(key, null));
    }
    return d;
  }

  /**
   * A value read by {@code parser}, or {@code fallback} when not given.
   *
   * @param parser throws {@link IllegalArgumentException} with a message stating the rule and the bad value
   */
  public <T> T parsed(String key, T fallback, Function<String, T> parser) {
    String v = text(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      return parser.apply(v);
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
  }

  /** A list of plain values; one value with commas is split, as the flags take lists. Empty when not given. */
  public List<String> list(String key) {
    JsonNode v = get(key);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (v.isValueNode()) {
      for (String part : v.asText().split(",", -1)) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
      return out;
    }
    if (!v.isArray()) {
      throw error(key, "must be a list");
    }
    for (JsonNode item : v) {
      if (!item.isValueNode()) {
        throw error(key, "list items must be plain values");
      }
      out.add(item.asText());
    }
    return out;
  }

  /** A nested section, or {@code null} when not given. */
  public ConfigTree child(String key) {
    JsonNode v = get(key);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      throw error(key, "must be a section of key: value lines");
    }
    return new ConfigTree(file, v, at(key));
  }

  /** The sections in a list, each named by its position ({@code routes[0]}); empty when not given. */
  public List<ConfigTree> children(String key) {
    JsonNode v = get(key);
    List<ConfigTree> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      throw error(key, "must be a list");
    }
    int i = 0;
    for (JsonNode item : v) {
      String where = at(key) + "[" + i++ + "]";
      if (!item.isObject()) {
        throw new ConfigException(
            file.name() + ": " + where + ": must be a section of key: value lines");
      }
      out.add(new ConfigTree(file, item, where));
    }
    return out;
  }

  /**
   * Every key's value as the matching flag takes it: lists joined with commas, a map of plain values as a
   * {@code KEY=VALUE} list ({@code column-type: {clicks: categorical}}); keys without a value are left out.
   */
  public Map<String, String> options() {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      JsonNode v = field.getValue();
      if (v.isNull()) {
        continue;
      }
      String key = field.getKey();
      if (v.isValueNode()) {
        values.put(key, v.asText());
        continue;
      }
      StringJoiner joined = new StringJoiner(",");
      if (v.isArray()) {
        for (JsonNode item : v) {
          if (!item.isValueNode()) {
            throw error(key, "list items must be plain values");
          }
          joined.add(item.asText());
        }
      } else {
        for (Map.Entry<String, JsonNode> entry : v.properties()) {
          if (!entry.getValue().isValueNode()) {
            throw error(key + "." + entry.getKey(), "must be a plain value");
          }
          joined.add(entry.getKey() + "=" + entry.getValue().asText());
        }
      }
      values.put(key, joined.toString());
    }
    return Collections.unmodifiableMap(values);
  }

  /** Runs a step that builds a value of a library and names this section when the library refuses it. */
  public <T> T build(Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  private static String range(double min, double max) {
    if (max == Double.POSITIVE_INFINITY) {
      return "must be at least " + plain(min);
    }
    if (min == Double.NEGATIVE_INFINITY) {
      return "must be at most " + plain(max);
    }
    return "must be between " + plain(min) + " and " + plain(max);
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
