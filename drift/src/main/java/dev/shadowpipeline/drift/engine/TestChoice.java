package dev.shadowpipeline.drift.engine;

/**
 * A configured test and/or threshold, at one level (global, per column type, per column). Either part may be
 * absent: a more specific level may set only the threshold and keep the test chosen above it.
 *
 * @param test the test's name ({@code ks}, {@code psi}, ...), or null to keep the one chosen otherwise
 * @param threshold the threshold, or null for the test's default
 */
public record TestChoice(String test, Double threshold) {

  /** Neither test nor threshold. */
  public static final TestChoice NONE = new TestChoice(null, null);

  public TestChoice {
    if (test != null && test.isBlank()) {
      throw new IllegalArgumentException("test name must not be blank");
    }
    if (threshold != null && !(threshold >= 0)) {
      throw new IllegalArgumentException("threshold must be a number >= 0: " + threshold);
    }
  }

  /**
   * Parses {@code NAME}, {@code NAME:THRESHOLD} or {@code :THRESHOLD}.
   *
   * @throws IllegalArgumentException naming the text when the threshold is not a number
   */
  public static TestChoice parse(String text) {
    String t = text.strip();
    int colon = t.indexOf(':');
    String name = colon < 0 ? t : t.substring(0, colon).strip();
    Double threshold = null;
    if (colon >= 0) {
      String number = t.substring(colon + 1).strip();
      try {
        threshold = Double.valueOf(number);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "': threshold '" + number + "' is not a number");
      }
    }
    return new TestChoice(name.isEmpty() ? null : name, threshold);
  }

  /** This choice, with the parts it leaves open taken from {@code fallback}. */
  public TestChoice orElse(TestChoice fallback) {
    return new TestChoice(test != null ? test : fallback.test, threshold != null ? threshold : fallback.threshold);
  }
}
