package dev.shadowpipeline.drift.engine;

import java.util.Objects;

/**
 * In {@link Compat#EVIDENTLY} mode, a test was chosen for a column whose type Evidently 0.7's registry does not accept
 * it for (e.g. {@code z} or {@code chisquare} on a numeric column): Evidently refuses the whole report
 * ({@code StatTestInvalidFeatureTypeError}), and so does the engine, before any test runs. A usage error, not a bug:
 * the message is one line naming the test, the column, its type and the types the test is for.
 */
public final class IncompatibleTestException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String column;

  IncompatibleTestException(String column, String message) {
    super(message);
    this.column = Objects.requireNonNull(column, "column");
  }

  /** The column the test was chosen for. */
  public String column() {
    return column;
  }
}
