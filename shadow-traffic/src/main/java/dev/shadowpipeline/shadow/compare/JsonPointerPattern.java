package dev.shadowpipeline.shadow.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A JSON Pointer (RFC 6901) in which a segment {@code *} stands for any one member name or array index, e.g.
 * {@code /items/*}{@code /id}. Used to name fields a comparison ignores; ignoring a field ignores everything under it.
 */
public final class JsonPointerPattern {

  private final String text;
  private final List<String> segments;

  private JsonPointerPattern(String text, List<String> segments) {
    this.text = text;
    this.segments = segments;
  }

  /**
   * Parses a pattern.
   *
   * @throws IllegalArgumentException if it is not empty and does not start with {@code /}, or has a bad {@code ~}
   *     escape
   */
  public static JsonPointerPattern parse(String pointer) {
    Objects.requireNonNull(pointer, "pointer");
    if (pointer.isEmpty()) {
      return new JsonPointerPattern(pointer, List.of());
    }
    if (pointer.charAt(0) != '/') {
      throw new IllegalArgumentException("a JSON Pointer must start with '/': " + pointer);
    }
    List<String> segments = new ArrayList<>();
    for (String raw : pointer.substring(1).split("/", -1)) {
      segments.add(unescape(raw, pointer));
    }
    return new JsonPointerPattern(pointer, List.copyOf(segments));
  }

  private static String unescape(String raw, String pointer) {
    if (raw.indexOf('~') < 0) {
      return raw;
    }
    StringBuilder sb = new StringBuilder(raw.length());
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c != '~') {
        sb.append(c);
        i++;
        continue;
      }
      char next = i + 1 < raw.length() ? raw.charAt(i + 1) : '\0';
      if (next == '0') {
        sb.append('~');
      } else if (next == '1') {
        sb.append('/');
      } else {
        throw new IllegalArgumentException(
            "'~' must be followed by 0 or 1 in a JSON Pointer: " + pointer);
      }
      i += 2; // the '~' and its digit
    }
    return sb.toString();
  }

  /** Escapes one member name for use as a JSON Pointer segment. */
  public static String escape(String segment) {
    if (segment.indexOf('~') < 0 && segment.indexOf('/') < 0) {
      return segment;
    }
    return segment.replace("~", "~0").replace("/", "~1");
  }

  /** Whether this pattern names exactly the node at {@code path} (segments already unescaped). */
  public boolean matches(List<String> path) {
    if (path.size() != segments.size()) {
      return false;
    }
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      if (!s.equals("*") && !s.equals(path.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonPointerPattern p && p.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
