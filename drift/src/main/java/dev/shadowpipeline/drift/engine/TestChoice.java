package dev.shadowpipeline.drift.engine;

/**
 * A configured test name and/or threshold, at one level (global, per column type, per column), not yet resolved.
 *
 * @param test the test's name ({@code ks}, {@code psi}, ...), or null to keep the one chosen otherwise
 * @param threshold the threshold, or null for the test's default
 * @deprecated for removal: names are now resolved once, when the configuration is read; use
 *     {@link TestSelection#resolve(String, TestCatalog)} and the {@code DriftOptions.with...Test(s)} methods. Kept
 *     only until the command line has moved over.
 */
@Deprecated(forRemoval = true)
public record TestChoice(String test, Double threshold) {

  /**
   * Neither test nor threshold.
   *
   * @deprecated for removal: use {@link TestSelection#NONE}
   */
  @Deprecated(forRemoval = true)
  public static final TestChoice NONE = new TestChoice(null, null);

  /**
   * Checks the parts, but not whether the test exists.
   *
   * @throws IllegalArgumentException when the name is blank or the threshold negative or NaN
   * @deprecated for removal: use {@link TestSelection#resolve(String, TestCatalog)}, or {@link TestSelection#of} with
   *     a test in hand
   */
  @Deprecated(forRemoval = true)
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
   * @deprecated for removal: use {@link TestSelection#resolve(String, TestCatalog)}, which also finds the test and
   *     reports an unknown name instead of leaving that to the caller
   */
  @Deprecated(forRemoval = true)
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

  /**
   * This choice, with the parts it leaves open taken from {@code fallback}.
   *
   * @deprecated for removal: use {@link TestSelection#orElse(TestSelection)}
   */
  @Deprecated(forRemoval = true)
  public TestChoice orElse(TestChoice fallback) {
    return new TestChoice(test != null ? test : fallback.test, threshold != null ? threshold : fallback.threshold);
  }

  /**
   * The same, resolved against the built-in tests, as the deprecated {@code DriftOptions} methods need.
   *
   * @throws IllegalArgumentException naming the test and the known ones when no built-in test has that name
   */
  TestSelection resolveStandard() {
    return TestSelection.resolve(test, threshold, StandardCatalog.INSTANCE).orElseThrow(IllegalArgumentException::new);
  }
}
