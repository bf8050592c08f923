package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.redact.UrlSecrets;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * Where an upstream model listens, parsed once from its URL. A path in the URL is a prefix put in front of every
 * forwarded request's path: with {@code http://models:8000/v2} a request for {@code /predict} goes to
 * {@code /v2/predict}.
 *
 * <p>Credentials in the URL ({@code http://user:password@models:8000}) are sent as HTTP Basic authentication on every
 * request to this upstream, replacing any {@code Authorization} header the caller sent. They are never shown:
 * {@link #url()} and {@link #toString()} give {@code http://user:****@models:8000}, and that is the form logs,
 * endpoints, records and reports use.
 *
 * @param url the URL as given, its password masked (safe to print)
 * @param ssl whether the scheme is https
 * @param host host name or address
 * @param port port, the scheme's default when the URL has none
 * @param basePath path prefix without a trailing slash, possibly empty
 * @param credentials the URL's user and password, or {@code null} when it has none
 */
public record UpstreamAddress(
    String url, boolean ssl, String host, int port, String basePath, Credentials credentials) {

  public UpstreamAddress {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(basePath, "basePath");
  }

  /**
   * The user and password of an upstream URL, percent-decoded.
   *
   * @param user the user name
   * @param password the password, empty when the URL gives only a user (as APIs that take a key as the user do)
   */
  public record Credentials(String user, String password) {
    public Credentials {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    /** The {@code Authorization} header value: {@code Basic base64(user:password)} in UTF-8 (RFC 7617). */
    public String basicAuthorization() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((user + ':' + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return user + ':' + UrlSecrets.MASK;
    }
  }

  /**
   * Parses an upstream URL.
   *
   * @throws IllegalArgumentException naming the rule and the bad value (its password and query masked) when it is not an
   *     absolute http(s) URL with a host, or carries a query or fragment
   */
  public static UpstreamAddress parse(String url) {
    String given = url.trim();
    // the messages below name the URL: its user-info and query (a refused ?api_key=...) stay hidden
    String shown = UrlSecrets.maskAll(given);
    URI uri;
    try {
      uri = new URI(given);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL: " + shown);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("must be an http:// or https:// URL: " + shown);
    }
    String underscored = null;
    if (uri.getHost() == null && uri.getRawAuthority() != null) {
      // java.net.URI reads a name with '_' (docker compose's model_a) as a registry authority
      // without a host; DNS and /etc/hosts resolve such names, so parse it with a stand-in name
      underscored = underscoredHost(uri.getRawAuthority());
      if (underscored != null) {
        int start = given.indexOf("://") + 3;
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        String standIn =
            given.substring(0, start)
                + authority.substring(0, at + 1)
                + STAND_IN_HOST
                + authority.substring(at + 1 + underscored.length())
                + given.substring(start + authority.length());
        try {
          uri = new URI(standIn);
        } catch (URISyntaxException e) {
          throw new IllegalArgumentException("not a valid URL: " + shown);
        }
      }
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      String authority = uri.getRawAuthority();
      if (authority != null && authority.indexOf('@') != authority.lastIndexOf('@')) {
        // user:p@ss@host: the parser cannot tell where the user-info ends
        throw new IllegalArgumentException(
            "URL has no host: "
                + shown
                + " (a '@' in the user or password must be written %40, as in user:p%40ss@host)");
      }
      throw new IllegalArgumentException("URL has no host: " + shown);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("URL must not have a query or fragment: " + shown);
    }
    boolean ssl = scheme.equals("https");
    int port = uri.getPort() == -1 ? (ssl ? 443 : 80) : uri.getPort();
    if (port < 1 || port > 65_535) {
      // the URI parser takes any digits; a request to port 99999 fails only when sent, as the
      // model's fault
      throw new IllegalArgumentException("URL port must be 1-65535: " + shown);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String host = underscored != null ? underscored : uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // IPv6 literal
    }
    Credentials credentials = null;
    shown = given; // parsed: the precise masking below replaces the guess made for error messages
    if (uri.getRawUserInfo() != null && !uri.getRawUserInfo().isEmpty()) {
      String userInfo = uri.getUserInfo(); // decoded: %40 in a password is '@'
      int colon = userInfo.indexOf(':');
      credentials =
          colon < 0
              ? new Credentials(userInfo, "")
              : new Credentials(userInfo.substring(0, colon), userInfo.substring(colon + 1));
      // replace exactly the user-info the parser found: a '@' later in the path must not move the
      // mask
      int start = given.indexOf("://") + 3;
      shown =
          given.substring(0, start)
              + UrlSecrets.maskUserInfo(uri.getRawUserInfo())
              + given.substring(start + uri.getRawUserInfo().length());
    }
    return new UpstreamAddress(shown, ssl, host, port, path, credentials);
  }

  private static final String STAND_IN_HOST = "stand-in.invalid";

  /**
   * The host of a raw authority ({@code [user-info@]host[:port]}) when it is a name of letters, digits, dots, hyphens
   * and at least one underscore; otherwise null.
   */
  private static String underscoredHost(String authority) {
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    int colon = hostPort.lastIndexOf(':');
    String name = colon < 0 ? hostPort : hostPort.substring(0, colon);
    return name.indexOf('_') >= 0 && name.matches("[A-Za-z0-9._-]+") ? name : null;
  }

  /** The request target to send upstream for a caller's request target ({@code /path?query}). */
  public String target(String callerUri) {
    if (basePath.isEmpty()) {
      return callerUri;
    }
    return callerUri.startsWith("/") ? basePath + callerUri : basePath + "/" + callerUri;
  }

  /**
   * The headers to send to this upstream: {@code headers} itself when the URL has no credentials, else a copy whose
   * {@code Authorization} is the URL's Basic credentials. A copy, because the caller's headers are shared by the
   * primary's and the shadow's requests.
   */
  public MultiMap authorize(MultiMap headers) {
    if (credentials == null) {
      return headers;
    }
    return HttpHeaders.headers()
        .addAll(headers)
        .set(HttpHeaders.AUTHORIZATION, credentials.basicAuthorization());
  }

  @Override
  public String toString() {
    return url;
  }
}
