package dev.shadowpipeline.app.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-fallback}} in config values with environment variables, so secrets stay
 * out of files; {@code $${} writes a literal {@code ${}.
 */
final class EnvInterpolation {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

  private EnvInterpolation() {}

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
      out.append(value, last, m.start());
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
        out.append(resolved);
      }
      last = m.end();
    }
    out.append(value, last, value.length());
    String result = out.toString();
    int stray = result.indexOf("${");
    if (stray >= 0 && !value.contains("$${")) {
      throw new ConfigException(where + ": malformed reference near '" + result.substring(stray)
          + "' (write ${NAME} or ${NAME:-default})");
    }
    return result;
  }
}
