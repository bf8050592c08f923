package dev.shadowpipeline.shadow.redact;

/**
 * Hides the credentials of a URL ({@code http://user:password@host}) wherever a URL is shown: logs, endpoints, records,
 * reports and error messages. Works on any text, parseable or not, so that a URL rejected as malformed is not printed
 * with its password in the rejection.
 */
public final class UrlSecrets {

  /** What a password (or a user-info without one, often a token) is shown as. */
  public static final String MASK = "****";

  private UrlSecrets() {}

  /**
   * The URL with its user-info masked: {@code http://user:****@host} when it has a password, {@code http://****@host}
   * when the user-info is one value (commonly a token). A URL without user-info is returned as it is.
   *
   * <p>The user-info is taken to end at the last {@code @} of the text: a password may hold a {@code /} or {@code ?}
   * it should have percent-encoded, and masking a little too much of an odd URL beats printing part of a password.
   */
  public static String mask(String url) {
    if (url == null) {
      return null;
    }
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme < 0 || at < scheme + 3) {
      return url;
    }
    int start = scheme + 3;
    return url.substring(0, start) + maskUserInfo(url.substring(start, at)) + url.substring(at);
  }

  /**
   * The URL as it may be named in a message, a banner or a log line: its user-info masked as by {@link #mask}, and
   * its query and fragment, if any, shown as {@code ?****} or {@code #****}. A query often carries a key
   * ({@code ?api_key=…}), and a URL refused for having one must not be echoed with it; the rest of the URL is kept so
   * that the message still says which URL was meant.
   *
   * <p>Like {@link #mask}, this works on any text: the query is taken to start at the first {@code ?} or {@code #}
   * after the (masked) user-info.
   */
  public static String maskAll(String url) {
    String shown = mask(url);
    if (shown == null) {
      return null;
    }
    int scheme = shown.indexOf("://");
    int at = shown.lastIndexOf('@');
    int from = Math.max(scheme < 0 ? 0 : scheme + 3, at + 1);
    for (int i = from; i < shown.length(); i++) {
      char c = shown.charAt(i);
      if (c == '?' || c == '#') {
        return shown.substring(0, i + 1) + MASK;
      }
    }
    return shown;
  }

  /** {@code user:****} for {@code user:password}, {@code ****} for a user-info without {@code :}. */
  public static String maskUserInfo(String rawUserInfo) {
    int colon = rawUserInfo.indexOf(':');
    return colon < 0 ? MASK : rawUserInfo.substring(0, colon + 1) + MASK;
  }
}
