package dev.shadowpipeline.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-fallback}} in config values with environment variables, so secrets stay
 * out of files; <code>$${</code> writes a literal <code>${</code>.
 */
final class EnvInterpolation {

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

  private EnvInterpolation() {}

  /**
   * A copy of a YAML tree with every text value interpolated; keys, numbers and booleans are kept as they are.
   *
   * @param file the file's name, for error messages
   * @param path where {@code node} is in the file ({@code compare.routes[0]}; empty at the top)
   * @throws ConfigException naming the file and key of the first value that cannot be interpolated
   */
  static JsonNode applyToTree(JsonNode node, Map<String, String> env, String file, String path) {
    if (node.isTextual()) {
      return TextNode.valueOf(
          apply(node.asText(), env, path.isEmpty() ? file : file + ": " + path));
    }
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        copy.set(
            field.getKey(),
            applyToTree(field.getValue(), env, file, ConfigTree.join(path, field.getKey())));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      int i = 0;
      for (JsonNode item : node) {
        copy.add(applyToTree(item, env, file, path + "[" + i++ + "]"));
      }
      return copy;
    }
    return node;
  }

  /**
   * @param where names the value for error messages, e.g. {@code shadow.yaml: proxy.admin-token}
   * @throws ConfigException when a variable without fallback is not set, or a reference is malformed
   */
  static String apply(String value, Map<String, String> env, String where) {
    if (value.indexOf('$') < 0) {
      return value;
    }
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      literal(value, last, m.start(), out, where);
      if (m.group().equals("$${")) {
        out.append("${");
      } else {
        String name = m.group(1);
        String resolved = env.get(name);
        if (resolved == null || resolved.isEmpty()) {
          resolved = m.group(2) != null ? m.group(3) : null;
        }
        if (resolved == null) {
          throw new ConfigException(where + ": environment variable " + name + " is not set");
        }
        out.append(resolved); // as it is: a secret may well contain "${"
      }
      last = m.end();
    }
    literal(value, last, value.length(), out, where);
    return out.toString();
  }

  // a "${" outside a reference is a reference gone wrong ("${HOST", "${1X}"), not text to pass on
  private static void literal(String value, int from, int to, StringBuilder out, String where) {
    int stray = value.indexOf("${", from);
    if (stray >= 0 && stray < to) {
      throw new ConfigException(
          where
              + ": malformed reference near '"
              + value.substring(stray)
              + "' (write ${NAME} or ${NAME:-default})");
    }
    out.append(value, from, to);
  }
}
