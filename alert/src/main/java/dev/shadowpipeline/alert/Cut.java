package dev.shadowpipeline.alert;

/**
 * Shortens text to a platform limit, ending with an ellipsis. Lengths are UTF-16 units, never fewer than the code
 * points the platforms count, so a cut text is always within the limit; a surrogate pair is never split.
 */
final class Cut {

  static final String ELLIPSIS = "…";

  private Cut() {}

  static String to(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    if (max <= ELLIPSIS.length()) {
      return ELLIPSIS.substring(0, Math.max(0, max));
    }
    int end = max - ELLIPSIS.length();
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + ELLIPSIS;
  }
}
