package dev.shadowpipeline.shadow.record;

import dev.shadowpipeline.shadow.redact.SecretNames;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces the values of credential-looking headers, in requests and answers, before anything is written, so
 * credentials never reach a record. The default is a deny-list: the exact names in {@link #ALWAYS}, and every name
 * containing one of {@link SecretNames#DEFAULT_FRAGMENTS} ({@code X-Tenant-Token}, {@code X-Session-Id}, …). Extend it
 * with {@link #redacting}; keep a header a fragment would mask with {@link #keeping}. Names compare
 * case-insensitively, ignoring {@code -} and {@code _}.
 */
public final class HeaderRedactor {

  /** What a redacted value is replaced with. */
  public static final String MASK = "[REDACTED]";

  /**
   * Always masked, whatever is kept: credentials and session state of common APIs (OpenAI, Anthropic and Azure
   * OpenAI, Google, AWS, Azure API Management and Functions, OpenStack) and of browsers.
   */
  public static final Set<String> ALWAYS =
      Set.of(
          "authorization",
          "proxy-authorization",
          "cookie",
          "set-cookie",
          "x-api-key",
          "api-key",
          "x-goog-api-key",
          "x-auth-token",
          "x-amz-security-token",
          "x-csrf-token",
          "x-xsrf-token",
          "x-access-token",
          "x-refresh-token",
          "ocp-apim-subscription-key",
          "x-functions-key",
          "x-vault-token",
          "private-token");

  /** The default deny-list and nothing else. */
  public static final HeaderRedactor DEFAULT =
      new HeaderRedactor(SecretNames.of(ALWAYS, SecretNames.DEFAULT_FRAGMENTS));

  private final SecretNames names;

  private HeaderRedactor(SecretNames names) {
    this.names = Objects.requireNonNull(names, "names");
  }

  /**
   * Redacts the default deny-list and the given header names.
   *
   * @throws IllegalArgumentException when a name is blank
   */
  public HeaderRedactor(Collection<String> extraNames) {
    this(DEFAULT.names.redacting(extraNames));
  }

  /**
   * These headers too are always masked.
   *
   * @throws IllegalArgumentException when a name is blank or kept
   */
  public HeaderRedactor redacting(Collection<String> headerNames) {
    return new HeaderRedactor(names.redacting(headerNames));
  }

  /**
   * Keeps these headers visible although a fragment of the deny-list matches them.
   *
   * @throws IllegalArgumentException when a name is blank or always masked (e.g. {@code Authorization})
   */
  public HeaderRedactor keeping(Collection<String> headerNames) {
    return new HeaderRedactor(names.keeping(headerNames));
  }

  /** Whether the named header's value is redacted. */
  public boolean redacts(String headerName) {
    return names.isSecret(headerName);
  }

  /** The value to record for this header. */
  public String valueFor(String headerName, String value) {
    return redacts(headerName) ? MASK : value;
  }

  /** The rules: exact names always masked, fragments, and names kept. */
  public SecretNames names() {
    return names;
  }

  @Override
  public String toString() {
    return "HeaderRedactor" + names;
  }
}
