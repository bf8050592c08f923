package dev.shadowpipeline.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML config file: top-level sections named after commands ({@code proxy:}), each a map of option names (without
 * dashes) to values. Values are strings after {@code ${ENV}} interpolation; lists are joined with commas, as the
 * matching flags take them.
 */
public final class ConfigFile {

  /**
   * Sections that are not option lists but nested structures (routes with comparator lists, redaction rules): kept
   * as trees, interpolated, and checked by the code that reads them.
   */
  public static final Set<String> STRUCTURED = Set.of("compare", "redact", "db", "state", "cooldown", "alerts",
      "on_drift", "jobs", "site");

  private final Path path;
  private final Map<String, Map<String, String>> sections;
  private final Map<String, JsonNode> trees;

  private ConfigFile(Path path, Map<String, Map<String, String>> sections, Map<String, JsonNode> trees) {
    this.path = path;
    this.sections = sections;
    this.trees = trees;
  }

  /**
   * Reads and interpolates a config file.
   *
   * @throws ConfigException naming the file, and the line or key, when it is missing, not YAML, or not shaped as
   *     sections of key: value
   */
  public static ConfigFile load(Path path, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file not found: " + path);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(path + ": " + yamlProblem(e));
    }
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, JsonNode> trees = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new ConfigFile(path, sections, trees); // an empty file configures nothing
    }
    if (!root.isObject()) {
      throw new ConfigException(path + ": expected sections such as 'proxy:' at the top level");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> section = it.next();
      if (STRUCTURED.contains(section.getKey())) {
        trees.put(section.getKey(), interpolate(section.getValue(), env, path.getFileName() + ": "
            + section.getKey()));
        continue;
      }
      if (!section.getValue().isObject()) {
        throw new ConfigException(path + ": '" + section.getKey() + "' must be a section of key: value lines");
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> f = section.getValue().fields(); f.hasNext(); ) {
        Map.Entry<String, JsonNode> field = f.next();
        String where = path.getFileName() + ": " + section.getKey() + "." + field.getKey();
        String raw = scalarOrList(field.getValue(), where);
        if (raw != null) {
          values.put(field.getKey(), EnvInterpolation.apply(raw, env, where));
        }
      }
      sections.put(section.getKey(), Collections.unmodifiableMap(values));
    }
    return new ConfigFile(path, Collections.unmodifiableMap(sections), Collections.unmodifiableMap(trees));
  }

  private static JsonNode interpolate(JsonNode node, Map<String, String> env, String where) {
    if (node.isTextual()) {
      return TextNode.valueOf(EnvInterpolation.apply(node.asText(), env, where));
    }
    if (node.isObject()) {
      ObjectNode copy = (ObjectNode) node.deepCopy();
      for (Iterator<Map.Entry<String, JsonNode>> f = node.fields(); f.hasNext(); ) {
        Map.Entry<String, JsonNode> field = f.next();
        copy.set(field.getKey(), interpolate(field.getValue(), env, where + "." + field.getKey()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      int i = 0;
      for (JsonNode item : node) {
        copy.add(interpolate(item, env, where + "[" + i++ + "]"));
      }
      return copy;
    }
    return node;
  }

  /** A structured section ({@link #STRUCTURED}) as a tree, interpolated; {@code null} when the file has none. */
  public JsonNode tree(String name) {
    return trees.get(name);
  }

  // SnakeYAML's own message spans several lines with a caret drawing; one line says the same
  private static String yamlProblem(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
        String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
        return "line " + (marked.getProblemMark().getLine() + 1) + ", column "
            + (marked.getProblemMark().getColumn() + 1) + ": not valid YAML: " + marked.getProblem() + context;
      }
    }
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    return where + "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("");
  }

  private static String scalarOrList(JsonNode node, String where) {
    if (node.isNull()) {
      return null; // "key:" with nothing after it means "not set"
    }
    if (node.isValueNode()) {
      return node.asText();
    }
    if (node.isArray()) {
      StringJoiner joined = new StringJoiner(",");
      for (JsonNode item : node) {
        if (!item.isValueNode()) {
          throw new ConfigException(where + ": list items must be plain values");
        }
        joined.add(item.asText());
      }
      return joined.toString();
    }
    if (node.isObject()) {
      // a map of plain values is the KEY=VALUE list its flag takes: column-type: {clicks: categorical}
      StringJoiner joined = new StringJoiner(",");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isValueNode()) {
          throw new ConfigException(where + "." + e.getKey() + ": expected a plain value");
        }
        joined.add(e.getKey() + "=" + e.getValue().asText());
      }
      return joined.toString();
    }
    throw new ConfigException(where + ": expected a value or a list of values");
  }

  /** The file this came from. */
  public Path path() {
    return path;
  }

  /** The values of one section, empty when the file has none. */
  public Map<String, String> section(String name) {
    return sections.getOrDefault(name, Map.of());
  }

  /**
   * Checks that every section is one of {@code knownSections} and every key one its command accepts.
   *
   * @param knownSections section name to the keys allowed in it
   * @throws ConfigException naming the first unknown section or key, with the closest known name
   */
  public void validate(Map<String, ? extends Collection<String>> knownSections) {
    for (Map.Entry<String, Map<String, String>> section : sections.entrySet()) {
      Collection<String> allowed = knownSections.get(section.getKey());
      if (allowed == null) {
        throw new ConfigException(path.getFileName() + ": unknown section '" + section.getKey() + "'"
            + suggestion(section.getKey(), knownSections.keySet()));
      }
      for (String key : section.getValue().keySet()) {
        if (!allowed.contains(key)) {
          throw new ConfigException(path.getFileName() + ": unknown key '" + section.getKey() + "." + key + "'"
              + suggestion(key, allowed));
        }
      }
    }
  }

  private static String suggestion(String given, Collection<String> known) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : new TreeSet<>(known)) {
      int d = distance.apply(given, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (best != null && bestDistance <= Math.max(2, given.length() / 3)) {
      return " (did you mean '" + best + "'?)";
    }
    return known.isEmpty() ? "" : " (known: " + String.join(", ", new TreeSet<>(known)) + ")";
  }
}
