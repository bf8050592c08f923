package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.stattest.StatTest;
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
 * @param test the test, or empty to keep the one chosen at a less specific level (in the end, the default rule's)
 * @param threshold the threshold, at least 0, or empty for the test's default
 */
public record TestSelection(Optional<StatTest> test, OptionalDouble threshold) {

  /** Neither test nor threshold. */
  public static final TestSelection NONE =
      new TestSelection(Optional.empty(), OptionalDouble.empty());

  /**
   * Checks the threshold.
   *
   * @throws IllegalArgumentException when the threshold is negative or NaN
   */
  public TestSelection {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(threshold, "threshold");
    if (threshold.isPresent() && !(threshold.getAsDouble() >= 0)) { // NaN fails too
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
   * @throws IllegalArgumentException when the threshold is negative or NaN
   */
  public static TestSelection of(StatTest test, double threshold) {
    return new TestSelection(Optional.of(test), OptionalDouble.of(threshold));
  }

  /**
   * The same test with this threshold.
   *
   * @throws IllegalArgumentException when the threshold is negative or NaN
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
    if (threshold != null && !(threshold >= 0)) {
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
    return new Resolved(new TestSelection(test, limit));
  }

  private static String thresholdRule(double threshold) {
    return "threshold must be a number >= 0: " + threshold;
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
