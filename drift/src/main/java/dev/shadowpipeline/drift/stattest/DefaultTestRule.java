package dev.shadowpipeline.drift.stattest;

import java.util.Objects;

/**
 * Evidently's choice of test for a column when none is configured ({@code _get_default_stattest}), given the column
 * type, the number n of non-missing reference rows and the number of distinct non-missing values in reference &cup;
 * current:
 *
 * <table>
 *   <caption>Default test</caption>
 *   <tr><th></th><th>n &lt;= 1000</th><th>n &gt; 1000</th></tr>
 *   <tr><td>numeric</td><td>{@code z} if distinct &lt;= 2, {@code chisquare} if 3-5, else {@code ks}</td>
 *       <td>{@code jensenshannon} if distinct &lt;= 5, else {@code wasserstein}</td></tr>
 *   <tr><td>categorical</td><td>{@code z} if distinct &lt;= 2, else {@code chisquare}</td>
 *       <td>{@code jensenshannon}</td></tr>
 *   <tr><td>text</td><td colspan="2">see below</td></tr>
 * </table>
 *
 * <p>Text columns get Evidently's domain classifier (reference vs current rows, TF-IDF words, ROC AUC; {@code
 * abs_text_content_drift} when n &gt; 1000, else {@code perc_text_content_drift}; see {@link ClassifierTests}).
 * Embedding columns, which Evidently tests outside its column rule, get {@code embedding_classifier} at any n.
 */
public final class DefaultTestRule {

  /** Evidently's boundary between the small-sample and large-sample rules, in reference rows. */
  public static final long SMALL_SAMPLE_MAX_ROWS = 1000;

  /**
   * The rule tells distinct counts apart only up to 5 (more is more): an engine may stop counting distinct values at
   * this many and pass the count so far.
   */
  public static final int DISTINCT_VALUES_COUNTED = 6;

  private DefaultTestRule() {}

  /** The name of Evidently's default test for such a column. */
  public static String defaultTestName(ColumnType type, long referenceRows, long distinctValues) {
    Objects.requireNonNull(type, "type");
    if (type == ColumnType.TEXT) {
      return ClassifierTests.textDefault(referenceRows).name();
    }
    if (type == ColumnType.EMBEDDING) {
      return ClassifierTests.EMBEDDING_CLASSIFIER;
    }
    if (referenceRows <= SMALL_SAMPLE_MAX_ROWS) {
      if (type == ColumnType.NUMERIC) {
        if (distinctValues <= 5) {
          return distinctValues > 2 ? "chisquare" : "z";
        }
        return "ks";
      }
      return distinctValues > 2 ? "chisquare" : "z";
    }
    if (type == ColumnType.NUMERIC) {
      return distinctValues <= 5 ? "jensenshannon" : "wasserstein";
    }
    return "jensenshannon";
  }

  /** Evidently's default test for such a column. */
  public static StatTest defaultTest(ColumnType type, long referenceRows, long distinctValues) {
    String name = defaultTestName(type, referenceRows, distinctValues);
    return ClassifierTests.find(name).orElseGet(() -> StatTests.byName(name));
  }

  /** Evidently's default test for this data, with n and the distinct count computed from it. */
  public static StatTest defaultTest(ColumnType type, ColumnPair data) {
    long distinct;
    if (data instanceof NumericPair numeric) {
      distinct =
          Samples.distinctUnionSorted(
              Samples.sortedCopy(numeric.reference()), Samples.sortedCopy(numeric.current()));
    } else if (data instanceof VectorPair) {
      distinct = data.referenceSize() + data.currentSize(); // not used: embeddings have one default
    } else {
      distinct = Samples.counts(data).size();
    }
    return defaultTest(type, data.referenceSize(), distinct);
  }
}
