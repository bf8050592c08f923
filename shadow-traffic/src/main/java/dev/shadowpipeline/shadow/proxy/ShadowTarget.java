package dev.shadowpipeline.shadow.proxy;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where copies go and which requests are copied, right now: everything {@link MirrorPolicy} decides from. Immutable:
 * a change at run time swaps in a new one through {@link ShadowControl}, and every request reads exactly one, so a
 * request never sees half a change (a new rate with the old pause, a new URL with the old rate).
 *
 * @param address the shadow's URL
 * @param sampleRate share of eligible requests mirrored, 0 to 1
 * @param sampleKey header whose value decides sampling (same value, same decision), or {@code null} for a random draw
 * @param mirrorMethods methods mirrored (upper case); empty means all
 * @param paused whether mirroring is paused (nothing is sent while paused)
 */
record ShadowTarget(
    UpstreamAddress address,
    double sampleRate,
    String sampleKey,
    Set<String> mirrorMethods,
    boolean paused) {

  ShadowTarget {
    Objects.requireNonNull(address, "address");
    requireRate(sampleRate);
    requireSampleKey(sampleKey);
    mirrorMethods = normalizeMethods(mirrorMethods);
  }

  /** What the proxy starts with: the configured shadow and sampling, not paused. */
  static ShadowTarget initial(ProxyConfig config) {
    return new ShadowTarget(
        config.shadow(), config.sampleRate(), config.sampleKey(), config.mirrorMethods(), false);
  }

  ShadowTarget withAddress(UpstreamAddress newAddress) {
    return new ShadowTarget(newAddress, sampleRate, sampleKey, mirrorMethods, paused);
  }

  ShadowTarget withSampleRate(double rate) {
    return new ShadowTarget(address, rate, sampleKey, mirrorMethods, paused);
  }

  ShadowTarget withPaused(boolean nowPaused) {
    return new ShadowTarget(address, sampleRate, sampleKey, mirrorMethods, nowPaused);
  }

  /** Whether requests with this method are mirrored at all. */
  boolean mirrors(String method) {
    return mirrorMethods.isEmpty() || mirrorMethods.contains(method);
  }

  // The rules below are shared with ProxyConfig, so a value refused at startup is refused the same
  // way at run time.

  static void requireRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) { // also rejects NaN
      throw new IllegalArgumentException("sample rate must be between 0 and 1: " + rate);
    }
  }

  static void requireSampleKey(String key) {
    if (key != null && key.isBlank()) {
      throw new IllegalArgumentException("sample key must name a header: '" + key + "'");
    }
  }

  /**
   * The methods a mirror list may name: HTTP's own (RFC 9110) and PATCH. A name outside them is a typo far more often
   * than a server's extension method, and a typo here would silently mirror nothing.
   */
  /**
   * RFC 9110's methods, PATCH, the rest of IANA's HTTP Method Registry (WebDAV's PROPFIND, REPORT, SEARCH...) and
   * QUERY (the safe method with a body of draft-ietf-httpbis-safe-method-w-body): a name outside them is a typo far
   * more often than a method some API defines.
   */
  static final Set<String> KNOWN_METHODS =
      Set.of(
          "GET",
          "HEAD",
          "POST",
          "PUT",
          "DELETE",
          "CONNECT",
          "OPTIONS",
          "TRACE",
          "PATCH",
          "QUERY",
          "ACL",
          "BASELINE-CONTROL",
          "BIND",
          "CHECKIN",
          "CHECKOUT",
          "COPY",
          "LABEL",
          "LINK",
          "LOCK",
          "MERGE",
          "MKACTIVITY",
          "MKCALENDAR",
          "MKCOL",
          "MKREDIRECTREF",
          "MKWORKSPACE",
          "MOVE",
          "ORDERPATCH",
          "PROPFIND",
          "PROPPATCH",
          "REBIND",
          "REPORT",
          "SEARCH",
          "UNBIND",
          "UNCHECKOUT",
          "UNLINK",
          "UNLOCK",
          "UPDATE",
          "UPDATEREDIRECTREF",
          "VERSION-CONTROL");

  private static final String COMMON_METHODS =
      "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, TRACE, CONNECT, QUERY, or another of IANA's HTTP"
          + " Method Registry such as PROPFIND";

  static Set<String> normalizeMethods(Set<String> methods) {
    TreeSet<String> normalized = new TreeSet<>();
    for (String m : methods) {
      String method = m.trim().toUpperCase(Locale.ROOT);
      if (!KNOWN_METHODS.contains(method)) {
        throw new IllegalArgumentException(
            "not an HTTP method: '" + m + "' (one of " + COMMON_METHODS + ")");
      }
      normalized.add(method);
    }
    return Set.copyOf(normalized);
  }
}
