package dev.shadowpipeline.shadow.exchange;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The size and SHA-256 of a whole body, kept when the body was larger than what is captured of it: two bodies too
 * large to keep are still compared exactly, by digest.
 *
 * @param size every byte of the body as it came over the wire (still content-encoded)
 * @param sha256 lower-case hex SHA-256 of those bytes
 */
public record BodyDigest(long size, String sha256) {

  public BodyDigest {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
    Objects.requireNonNull(sha256, "sha256");
  }

  /** The digest of a body held whole. */
  public static BodyDigest of(byte[] body) {
    try {
      return new BodyDigest(
          body.length, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** {@code 2,097,152 bytes, sha256 1f8ac10f…}: enough to tell two bodies apart at a glance. */
  public String describe() {
    return String.format(
        java.util.Locale.ROOT, "%,d bytes, sha256 %s…", size, sha256.substring(0, 12));
  }
}
