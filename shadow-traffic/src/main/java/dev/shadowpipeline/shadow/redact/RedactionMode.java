package dev.shadowpipeline.shadow.redact;

import java.util.Locale;

/** What a redacted value becomes. */
public enum RedactionMode {
  /** A fixed mask: nothing of the value survives, equal inputs can no longer be told apart. */
  MASK,
  /**
   * A salted SHA-256 of the value: the value cannot be read back, but equal values stay equal, so deduplication and
   * joins on the field still work. Without a secret salt a guessable value (an SSN) could be brute-forced.
   */
  HASH;

  /** Parses {@code mask} or {@code hash}. */
  public static RedactionMode parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "mask" -> MASK;
      case "hash" -> HASH;
      default ->
          throw new IllegalArgumentException(
              "unknown redaction mode '" + text + "' (expected mask or hash)");
    };
  }
}
