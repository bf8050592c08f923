package dev.shadowpipeline.report.html;

/**
 * Keeps text inside a {@code <script>} element from ending it early: the HTML parser closes the element at the
 * first {@code </script} whatever the JavaScript means, and {@code <!--} changes how it parses.
 */
final class ScriptSafety {

  private ScriptSafety() {}

  /** Escapes {@code </} and {@code <!--} in JavaScript source; in strings and regexes {@code <\/} means the same. */
  static String escapeScriptEnd(String js) {
    return js.replace("</", "<\\/").replace("<!--", "<\\!--");
  }

  /** Escapes {@code <}, {@code >}, {@code &} and line separators in JSON text with JSON's own {@code \\uXXXX}. */
  static String escapeJson(String json) {
    StringBuilder out = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
