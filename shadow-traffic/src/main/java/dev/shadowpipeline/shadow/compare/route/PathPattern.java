package dev.shadowpipeline.shadow.compare.route;

import java.util.List;
import java.util.Objects;

/**
 * A request-path pattern: segments match literally, {@code *} matches any one segment, a final {@code **} matches
 * any rest (including nothing). {@code /v1/chat/*} matches {@code /v1/chat/completions}; {@code /search/**} matches
 * {@code /search} and {@code /search/a/b}.
 */
public final class PathPattern {

  private final String text;
  private final List<String> segments;

  private PathPattern(String text, List<String> segments) {
    this.text = text;
    this.segments = segments;
  }

  /**
   * Parses a pattern.
   *
   * @throws IllegalArgumentException when it does not start with {@code /} or has {@code **} before the end
   */
  public static PathPattern parse(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("a route path must start with '/': '" + pattern + "'");
    }
    List<String> segments = split(pattern);
    for (int i = 0; i < segments.size() - 1; i++) {
      if (segments.get(i).equals("**")) {
        throw new IllegalArgumentException("'**' may only end a route path: '" + pattern + "'");
      }
    }
    return new PathPattern(pattern, segments);
  }

  private static List<String> split(String path) {
    String trimmed =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (trimmed.equals("/")) {
      return List.of();
    }
    return List.of(trimmed.substring(1).split("/", -1));
  }

  /** Whether the request path matches. */
  public boolean matches(String path) {
    List<String> actual = split(path.isEmpty() ? "/" : path);
    int n = segments.size();
    if (n > 0 && segments.get(n - 1).equals("**")) {
      if (actual.size() < n - 1) {
        return false;
      }
      return prefixMatches(actual, n - 1);
    }
    return actual.size() == n && prefixMatches(actual, n);
  }

  private boolean prefixMatches(List<String> actual, int count) {
    for (int i = 0; i < count; i++) {
      String s = segments.get(i);
      if (!s.equals("*") && !s.equals(actual.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}
