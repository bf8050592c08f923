package dev.shadowpipeline.shadow.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where an upstream model listens, parsed once from its URL. A path in the URL is a prefix put in front of every
 * forwarded request's path: with {@code http://models:8000/v2} a request for {@code /predict} goes to
 * {@code /v2/predict}.
 *
 * @param url the URL as given
 * @param ssl whether the scheme is https
 * @param host host name or address
 * @param port port, the scheme's default when the URL has none
 * @param basePath path prefix without a trailing slash, possibly empty
 */
public record UpstreamAddress(String url, boolean ssl, String host, int port, String basePath) {

  /**
   * Parses an upstream URL.
   *
   * @throws IllegalArgumentException naming the rule and the bad value when it is not an absolute http(s) URL with
   *     a host, or carries a query or fragment
   */
  public static UpstreamAddress parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL: " + url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("must be an http:// or https:// URL: " + url);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("URL has no host: " + url);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("URL must not have a query or fragment: " + url);
    }
    boolean ssl = scheme.equals("https");
    int port = uri.getPort() == -1 ? (ssl ? 443 : 80) : uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // IPv6 literal
    }
    return new UpstreamAddress(url.trim(), ssl, host, port, path);
  }

  /** The request target to send upstream for a caller's request target ({@code /path?query}). */
  public String target(String callerUri) {
    if (basePath.isEmpty()) {
      return callerUri;
    }
    return callerUri.startsWith("/") ? basePath + callerUri : basePath + "/" + callerUri;
  }

  @Override
  public String toString() {
    return url;
  }
}
