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

  /** {@code user:****} for {@code user:password}, {@code ****} for a user-info without {@code :}. */
  public static String maskUserInfo(String rawUserInfo) {
    int colon = rawUserInfo.indexOf(':');
    return colon < 0 ? MASK : rawUserInfo.substring(0, colon + 1) + MASK;
  }
}
