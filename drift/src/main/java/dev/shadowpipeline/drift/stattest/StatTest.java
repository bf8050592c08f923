package dev.shadowpipeline.drift.stattest;

import java.util.Set;

/**
 * A two-sample test or distance that decides whether a column drifted.
 *
 * <p>Implementations are stateless and thread-safe; the engine runs columns in parallel. They accept unequal sample
 * sizes and never throw for degenerate data that the engine lets through (e.g. a constant column): they return a
 * defined result instead.
 */
public interface StatTest {

  /** The name used in configuration and reports, e.g. {@code ks}, {@code wasserstein}. */
  String name();

  /** Whether the score is a p-value or a distance. */
  TestKind kind();

  /**
   * The threshold used when none is configured, Evidently's default for this test: 0.05 for most p-value tests (0.1
   * for {@code anderson}, {@code cramer_von_mises}, {@code fisher_exact}, {@code g_test}, {@code empirical_mmd}), 0.1
   * for distances.
   */
  double defaultThreshold();

  /**
   * How the score is compared with the threshold for drift, Evidently's operator for this test: {@code <} or {@code
   * <=} for p-values, {@code >=} or {@code >} for distances.
   */
  default String driftOperator() {
    return kind() == TestKind.P_VALUE ? "<" : ">=";
  }

  /** The column types this test can be applied to. */
  Set<ColumnType> supportedTypes();

  /**
   * Runs the test. A categorical test given a {@link NumericPair} treats each distinct value (or, for binned
   * distances, each Sturges bin) as a category, as Evidently does.
   *
   * @param data the column's reference and current values; both sides non-empty
   * @param threshold the threshold to decide drift with
   */
  StatTestResult test(ColumnPair data, double threshold);

  /**
   * Whether the result depends on the order of the rows, so that the engine should hand over a categorical column's
   * row order ({@link CategoricalPair#rows()}) when the reader kept it. Only {@code tvd}, whose permutations are drawn
   * over the rows as Evidently draws them, does.
   */
  default boolean needsRowOrder() {
    return false;
  }

  /**
   * Whether this test's statistic may be undefined (NaN) beside a score that is a real answer: only {@code
   * fisher_exact}'s odds ratio for a single category (0/0; scipy returns NaN and p = 1 there too).
   */
  default boolean statisticMayBeUndefined() {
    return false;
  }

  /**
   * Why a test's result is no answer (for {@link #failure}'s message), or null when it is one: a score (p-value, distance, AUC) that is NaN or
   * infinite, or a statistic that is NaN, means the test could not judge the data (too few values, no variance, a
   * singular matrix), and such a column must not read as "no drift".
   */
  static String unusable(StatTest test, StatTestResult result) {
    String score =
        switch (result.kind()) {
          case P_VALUE -> "p-value";
          case DISTANCE -> "distance";
          case ROC_AUC -> "ROC AUC";
        };
    if (!Double.isFinite(result.score())) {
      return "its "
          + score
          + " is "
          + result.score()
          + " (statistic "
          + result.statistic()
          + "): the data leave it nothing to judge, which is not \"no drift\"";
    }
    if (Double.isNaN(result.statistic()) && !test.statisticMayBeUndefined()) {
      return "its statistic is NaN: the data leave it nothing to judge, and its "
          + score
          + " of "
          + result.score()
          + " is no result";
    }
    return null;
  }

  /**
   * The result, when it is an answer: the one check every engine applies to a test's result before a column can read
   * as judged.
   *
   * @throws IllegalArgumentException saying why it is none ({@link #unusable})
   */
  static StatTestResult requireUsable(StatTest test, StatTestResult result) {
    String why = unusable(test, result);
    if (why != null) {
      throw new IllegalArgumentException(why);
    }
    return result;
  }

  /**
   * What a report says of a test that threw instead of judging a column: a refusal of data it cannot judge ({@link
   * IllegalArgumentException}, e.g. too few rows for a classifier) by its message alone, anything else with its
   * exception type, since that is a fault to report rather than a property of the data.
   */
  static String failure(StatTest test, RuntimeException e) {
    String why =
        e instanceof IllegalArgumentException && e.getMessage() != null
            ? e.getMessage()
            : e.toString();
    return "test '" + test.name() + "' failed: " + why;
  }
}
