package dev.shadowpipeline.alert;

import java.util.Objects;

/**
 * A generic JSON webhook receiving {@link AlertJson} documents. With a signing key, each request carries
 * {@code <signatureHeader>: sha256=<hex>}, the HMAC-SHA256 of the raw body under the key, so the receiver can check
 * that the alert came from us: recompute it over the bytes received and compare in constant time.
 *
 * @param name name for logs and results
 * @param url where to POST, from an environment variable
 * @param signingKey HMAC key, or null to send unsigned
 * @param signatureHeader header carrying the signature, e.g. {@code X-Shadow-Signature}
 */
public record WebhookChannel(String name, Secret url, Secret signingKey, String signatureHeader)
    implements Channel {

  /** The default signature header. */
  public static final String DEFAULT_SIGNATURE_HEADER = "X-Shadow-Signature";

  public WebhookChannel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(signatureHeader, "signatureHeader");
    if (!signatureHeader.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException(
          "signatureHeader must be a header name (letters, digits, '-'): " + signatureHeader);
    }
  }

  /** Named {@code webhook}, signed with {@code signingKey} (may be null) in {@value #DEFAULT_SIGNATURE_HEADER}. */
  public static WebhookChannel of(Secret url, Secret signingKey) {
    return new WebhookChannel("webhook", url, signingKey, DEFAULT_SIGNATURE_HEADER);
  }

  @Override
  public String payload(AlertEvent event) {
    return AlertJson.of(event);
  }

  /** {@code sha256=<lowercase hex>} of the body's bytes, or null when unsigned. */
  String signature(byte[] body) {
    return signingKey == null ? null : "sha256=" + HmacSha256.hex(signingKey.value(), body);
  }
}
