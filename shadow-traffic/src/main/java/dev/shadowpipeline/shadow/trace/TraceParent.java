package dev.shadowpipeline.shadow.trace;

import java.util.List;

/**
 * A W3C Trace Context {@code traceparent} (https://www.w3.org/TR/trace-context/, section 3.2): which trace a request
 * belongs to and which span sent it.
 *
 * <p>Parsing follows the recommendation: the value is {@code version "-" trace-id "-" parent-id "-" trace-flags} in
 * lower-case hex; version {@code ff} is invalid; version {@code 00} is exactly 55 characters; a higher version is
 * read as far as version {@code 00} defines it (at least 55 characters, and a {@code -} after the flags when there
 * is more); a trace-id or parent-id of all zeros is invalid. A header given more than once is invalid too (the
 * recommendation's test suite restarts the trace then). Whatever is invalid is never forwarded: the proxy starts a
 * trace of its own instead.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param parentId 16 lower-case hex digits, not all zero: the span of the sender
 * @param flags the trace flags; bit 0 is {@code sampled}
 */
public record TraceParent(String traceId, String parentId, int flags) {

  /** The header's name. */
  public static final String HEADER = "traceparent";

  /** The companion header with vendor-specific state, forwarded as it came with a valid {@code traceparent}. */
  public static final String STATE_HEADER = "tracestate";

  private static final int V00_LENGTH = 55;

  public TraceParent {
    if (!isHex(traceId, 32) || isZero(traceId)) {
      throw new IllegalArgumentException(
          "trace-id must be 32 lower-case hex digits, not all zero: " + traceId);
    }
    if (!isHex(parentId, 16) || isZero(parentId)) {
      throw new IllegalArgumentException(
          "parent-id must be 16 lower-case hex digits, not all zero: " + parentId);
    }
    if (flags < 0 || flags > 0xff) {
      throw new IllegalArgumentException("trace-flags must be one byte: " + flags);
    }
  }

  /**
   * The trace context a request carried, or {@code null} when it carried none that is valid.
   *
   * @param values every {@code traceparent} line of the request, in order
   */
  public static TraceParent fromHeaders(List<String> values) {
    return values.size() == 1 ? parse(values.get(0)) : null;
  }

  /** One header value parsed, or {@code null} when it is not a valid {@code traceparent}. */
  public static TraceParent parse(String value) {
    if (value == null) {
      return null;
    }
    String v = trimOws(value);
    if (v.length() < V00_LENGTH || !isHex(v.substring(0, 2), 2) || v.startsWith("ff")) {
      return null;
    }
    boolean v00 = v.startsWith("00");
    if (v00 ? v.length() != V00_LENGTH : v.length() > V00_LENGTH && v.charAt(V00_LENGTH) != '-') {
      return null;
    }
    if (v.charAt(2) != '-' || v.charAt(35) != '-' || v.charAt(52) != '-') {
      return null;
    }
    String traceId = v.substring(3, 35);
    String parentId = v.substring(36, 52);
    String flags = v.substring(53, 55);
    if (!isHex(traceId, 32)
        || isZero(traceId)
        || !isHex(parentId, 16)
        || isZero(parentId)
        || !isHex(flags, 2)) {
      return null;
    }
    return new TraceParent(traceId, parentId, Integer.parseInt(flags, 16));
  }

  /** Whether the sender recorded this trace ({@code sampled}, bit 0 of the flags). */
  public boolean sampled() {
    return (flags & 1) != 0;
  }

  /** The header value, in version {@code 00}. */
  public String header() {
    return "00-" + traceId + '-' + parentId + '-' + hexByte(flags);
  }

  /** The header value of a child of the same trace: {@code spanId} as the parent, the same flags. */
  public static String header(String traceId, String spanId, int flags) {
    return new TraceParent(traceId, spanId, flags).header();
  }

  // optional whitespace around a field value is space and tab (RFC 9110 section 5.6.3)
  private static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }

  private static String hexByte(int b) {
    return new String(new char[] {HEX[(b >> 4) & 0xf], HEX[b & 0xf]});
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  static boolean isHex(String s, int length) {
    if (s == null || s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String hex) {
    for (int i = 0; i < hex.length(); i++) {
      if (hex.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
