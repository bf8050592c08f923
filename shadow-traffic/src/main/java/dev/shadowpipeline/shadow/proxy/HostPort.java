package dev.shadowpipeline.shadow.proxy;

/**
 * A listen address and port as they go into a URL: {@code 127.0.0.1:8080}, {@code models:8001}, and an IPv6 literal in
 * brackets, {@code [::1]:8080}, without which the address's own colons would read as the port's (RFC 3986, 3.2.2).
 */
public final class HostPort {

  private HostPort() {}

  /** {@code host:port}, the host in brackets when it is an IPv6 literal (bracketed once, even when given so). */
  public static String of(String host, int port) {
    return host(host) + ":" + port;
  }

  /** The host as a URL writes it: an IPv6 literal in brackets, anything else as it is. */
  public static String host(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
