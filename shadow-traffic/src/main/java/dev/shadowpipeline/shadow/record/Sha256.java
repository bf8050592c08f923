package dev.shadowpipeline.shadow.record;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 for the keys this package derives from records (an input's key, a record id's). */
final class Sha256 {

  // one per thread, as a digest keeps state between calls; digest() leaves it reset for the next.
  // Looking the algorithm up costs more than hashing a small request.
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is required of every JVM", e);
            }
          });

  private Sha256() {}

  /** The 32-byte digest; thread-safe. */
  static byte[] of(byte[] bytes) {
    return DIGEST.get().digest(bytes);
  }
}
