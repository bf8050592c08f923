package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.stattest.StatTest;
import dev.shadowpipeline.drift.stattest.TestKind;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * A test and/or threshold configured at one level (global, per column type, per column), with the test resolved: the
 * {@link StatTest} itself, found once when the configuration is read and never looked up again. Either part may be
 * absent: a more specific level may set only the threshold and keep the test chosen above it.
 *
 * <p>From the text users write, {@code NAME}, {@code NAME:THRESHOLD} or {@code :THRESHOLD}:
 *
 * <pre>{@code
 * TestSelection global = TestSelection.resolve("psi:0.2", StandardCatalog.INSTANCE)
 *     .orElseThrow(message -> new IllegalArgumentException("--stattest: " + message));
 * DriftOptions options = DriftOptions.DEFAULTS.withGlobalTest(global);
 * }</pre>
 *
 * <p>A threshold is above 0 and finite whatever the test; one whose test is known must also fit that test's kind
 * ({@link TestKind#accepts(double)}: a p-value's in (0, 1)). {@link #resolve} checks both; a threshold given without a
 * test is checked against the tests it may meet by {@link #thresholdMisfit(Optional)} once every level is known.
 *
 * @param test the test, or empty to keep the one chosen at a less specific level (in the end, the default rule's)
 * @param threshold the threshold, above 0 and finite, or empty for the test's default
 */
public record TestSelection(Optional<StatTest> test, OptionalDouble threshold) {

  /** Neither test nor threshold. */
  public static final TestSelection NONE =
      new TestSelection(Optional.empty(), OptionalDouble.empty());

  /**
   * Checks the threshold.
   *
   * @throws IllegalArgumentException when the threshold is 0 or less, infinite or NaN
   */
  public TestSelection {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(threshold, "threshold");
    if (threshold.isPresent() && !validForSomeTest(threshold.getAsDouble())) {
      throw new IllegalArgumentException(thresholdRule(threshold.getAsDouble()));
    }
  }

  /** This test, with its default threshold unless a more specific level sets one. */
  public static TestSelection of(StatTest test) {
    return new TestSelection(Optional.of(test), OptionalDouble.empty());
  }

  /**
   * This test with this threshold.
   *
   * @throws IllegalArgumentException when the threshold is 0 or less, infinite or NaN
   */
  public static TestSelection of(StatTest test, double threshold) {
    return new TestSelection(Optional.of(test), OptionalDouble.of(threshold));
  }

  /**
   * The same test with this threshold. Whether it fits the test's kind is {@link #thresholdMisfit(Optional)}'s to say.
   *
   * @throws IllegalArgumentException when the threshold is 0 or less, infinite or NaN
   */
  public TestSelection withThreshold(double newThreshold) {
    return new TestSelection(test, OptionalDouble.of(newThreshold));
  }

  /** This selection, with the parts it leaves open taken from {@code fallback}. */
  public TestSelection orElse(TestSelection fallback) {
    return new TestSelection(
        test.isPresent() ? test : fallback.test,
        threshold.isPresent() ? threshold : fallback.threshold);
  }

  /**
   * Reads {@code NAME}, {@code NAME:THRESHOLD} or {@code :THRESHOLD} and finds the test in the catalog. Never throws
   * for bad text: the result then holds one line saying what is wrong, e.g. {@code unknown test 'kss' (known: ks,
   * chisquare, ...)}, for the caller to prefix with the option or key it came from.
   */
  public static Resolution resolve(String text, TestCatalog catalog) {
    Objects.requireNonNull(catalog, "catalog");
    String t = text.strip();
    int colon = t.indexOf(':');
    String name = colon < 0 ? t : t.substring(0, colon).strip();
    Double threshold = null;
    if (colon >= 0) {
      String number = t.substring(colon + 1).strip();
      try {
        threshold = Double.valueOf(number);
      } catch (NumberFormatException e) {
        return new Invalid("'" + text + "': threshold '" + number + "' is not a number");
      }
    }
    return resolve(name.isEmpty() ? null : name, threshold, catalog);
  }

  /** A test name (null: none) and threshold (null: none) already split apart. */
  static Resolution resolve(String name, Double threshold, TestCatalog catalog) {
    if (threshold != null && !validForSomeTest(threshold)) {
      return new Invalid(thresholdRule(threshold));
    }
    OptionalDouble limit =
        threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold);
    if (name == null) {
      return new Resolved(new TestSelection(Optional.empty(), limit));
    }
    Optional<StatTest> test = catalog.byName(name);
    if (test.isEmpty()) {
      return new Invalid(
          "unknown test '" + name + "' (known: " + String.join(", ", catalog.names()) + ")");
    }
    TestSelection selection = new TestSelection(test, limit);
    Optional<String> misfit = selection.thresholdMisfit(Optional.empty());
    return misfit.isPresent() ? new Invalid(misfit.get()) : new Resolved(selection);
  }

  /**
   * Why this selection's threshold cannot decide drift for the test it will be used with, or empty when it can (or
   * when there is no threshold). The test is this selection's own, else {@code inherited}: the test a less specific
   * level chose, or empty for Evidently's default rule, whose choices include p-value tests (ks, chisquare, z), so
   * that a threshold left to it must be a p-value's. Evidently itself takes any number and compares with it as usual
   * ({@code p < t}, {@code d >= t}); a threshold no score can cross on the right side decides every column alike,
   * which is never what was meant.
   *
   * @param inherited the test chosen at a less specific level, or empty for the default rule's
   */
  public Optional<String> thresholdMisfit(Optional<StatTest> inherited) {
    if (threshold.isEmpty()) {
      return Optional.empty();
    }
    double t = threshold.getAsDouble();
    Optional<StatTest> used = test.isPresent() ? test : inherited;
    if (used.isPresent()) {
      TestKind kind = used.get().kind();
      return kind.accepts(t)
          ? Optional.empty()
          : Optional.of(
              "'"
                  + used.get().name()
                  + "' is a "
                  + kind.description()
                  + " test: its threshold must be "
                  + kind.thresholdRule()
                  + ", not "
                  + t);
    }
    return TestKind.P_VALUE.accepts(t)
        ? Optional.empty()
        : Optional.of(
            "a threshold without a test goes to Evidently's default tests, p-value tests among them, so it must"
                + " be in (0, 1), not "
                + t
                + "; for a distance of 1 or more, name the test (e.g. wasserstein:"
                + t
                + ")");
  }

  // the rule every kind of test shares; written so that NaN fails
  private static boolean validForSomeTest(double threshold) {
    return threshold > 0 && threshold < Double.POSITIVE_INFINITY;
  }

  private static String thresholdRule(double threshold) {
    return "threshold must be a number above 0 and finite: " + threshold;
  }

  /** What {@link #resolve(String, TestCatalog)} made of a text: a selection, or why there is none. */
  public sealed interface Resolution permits Resolved, Invalid {

    /** The selection, when the text was valid. */
    Optional<TestSelection> selection();

    /** What is wrong with the text, when it was not. */
    Optional<String> error();

    /** The selection, or the exception {@code toException} makes of the error message. */
    default <X extends Throwable> TestSelection orElseThrow(
        Function<String, ? extends X> toException) throws X {
      Optional<String> error = error();
      if (error.isPresent()) {
        throw toException.apply(error.get());
      }
      return selection().orElseThrow();
    }
  }

  /**
   * A valid text.
   *
   * @param value what it selects
   */
  public record Resolved(TestSelection value) implements Resolution {

    public Resolved {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Optional<TestSelection> selection() {
      return Optional.of(value);
    }

    @Override
    public Optional<String> error() {
      return Optional.empty();
    }
  }

  /**
   * A text that selects nothing.
   *
   * @param message one line naming the problem and the bad value
   */
  public record Invalid(String message) implements Resolution {

    public Invalid {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public Optional<TestSelection> selection() {
      return Optional.empty();
    }

    @Override
    public Optional<String> error() {
      return Optional.of(message);
    }
  }
}
