package dev.shadowpipeline.shadow.redact;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks what the user gives to be sent in an HTTP header (an API key, an exporter's headers) when it is read, so that a
 * mistake is one clear line naming the setting, never the value.
 *
 * <p>A secret read from a file, or from a Kubernetes secret made with {@code --from-file}, commonly ends with a line
 * break. HTTP clients refuse such a header only when the request is made, in a background thread, with the value in
 * the message: every call fails, and the key reaches the logs. Here whitespace around a value is removed, as
 * OpenTelemetry does for {@code OTEL_EXPORTER_OTLP_HEADERS} (a token never ends with a line break), and a control
 * character left inside it is refused.
 */
public final class HeaderSecrets {

  /**
   * Header names the JDK's HTTP client sets itself and refuses to take from a caller ({@code HttpRequest.Builder}'s
   * restricted headers); the exporters send through it.
   */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private HeaderSecrets() {}

  /**
   * The value to send, without the whitespace around it.
   *
   * @param what the setting, as the user wrote it (e.g. {@code shadow.yaml: judge.api-key})
   * @throws IllegalArgumentException when a control character (other than a tab) remains inside: the message names
   *     {@code what} and the character's code, never the value
   */
  public static String value(String what, String value) {
    String stripped = value.strip();
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s holds a control character (0x%02X, at character %d of %d) that no HTTP header can"
                    + " carry; the value is not shown. Was it pasted with a line break inside?",
                what,
                (int) c,
                i + 1,
                stripped.length()));
      }
    }
    return stripped;
  }

  /**
   * Headers to send with every request, names and values checked: each name an HTTP token (RFC 9110, 5.6.2) and none
   * the HTTP client sets itself; each value as {@link #value}. Names are shown in messages, values never.
   *
   * @param what the setting, e.g. {@code --otlp-headers}
   * @return the same headers in the same order, their values without surrounding whitespace
   * @throws IllegalArgumentException naming the first header that cannot be sent
   */
  public static Map<String, String> headers(String what, Map<String, String> headers) {
    Map<String, String> checked = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey().strip();
      if (name.isEmpty() || !isToken(name)) {
        throw new IllegalArgumentException(
            what
                + ": '"
                + printable(name)
                + "' is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)");
      }
      if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            what + ": header '" + name + "' is set by the HTTP client itself and cannot be given");
      }
      checked.put(name, value(what + ": the value of header '" + name + "'", header.getValue()));
    }
    return checked;
  }

  private static boolean isToken(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A header name as it can be shown: control characters as their codes. */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format(Locale.ROOT, "\\x%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
