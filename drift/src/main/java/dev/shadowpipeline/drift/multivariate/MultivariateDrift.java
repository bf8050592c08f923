package dev.shadowpipeline.drift.multivariate;

import java.util.List;
import java.util.Objects;

/**
 * What the multivariate check found: a domain classifier over the tested columns together, its ROC AUC on held-out
 * rows against the random-labelling percentile, and how much each column contributed.
 *
 * @param status {@code ok}, or {@code not-run} when it could not run (then {@code detail} says why and the numbers
 *     are NaN)
 * @param detail why it did not run, or empty
 * @param rocAuc the classifier's ROC AUC on the held-out rows
 * @param randomAucPercentile the AUC random labelling reaches at {@code quantile}
 * @param quantile the quantile compared with, e.g. 0.95
 * @param pValue the permutation p-value of the AUC
 * @param drift whether the AUC is above the random-labelling percentile; false when not run
 * @param referenceRows sampled reference rows used
 * @param currentRows sampled current rows used
 * @param testRows held-out rows the AUC is measured on
 * @param features the model's features (after encoding: standardized numbers, their pairwise products, one-hot
 *     categories, TF-IDF words, embedding dimensions, missing-value indicators)
 * @param columns the columns used, with their importance, most important first
 * @param leftOut columns not used, with why
 */
public record MultivariateDrift(
    String status,
    String detail,
    double rocAuc,
    double randomAucPercentile,
    double quantile,
    double pValue,
    boolean drift,
    int referenceRows,
    int currentRows,
    int testRows,
    int features,
    List<ColumnImportance> columns,
    List<LeftOut> leftOut) {

  /** Status of a check that ran. */
  public static final String OK = "ok";

  /** Status of a check that could not run. */
  public static final String NOT_RUN = "not-run";

  public MultivariateDrift {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    columns = List.copyOf(columns);
    leftOut = List.copyOf(leftOut);
  }

  /** A check that could not run, and why. */
  public static MultivariateDrift notRun(String why, List<LeftOut> leftOut) {
    return new MultivariateDrift(
        NOT_RUN,
        why,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        false,
        0,
        0,
        0,
        0,
        List.of(),
        leftOut);
  }

  /** Whether it ran. */
  public boolean ran() {
    return OK.equals(status);
  }

  /**
   * One column's part in the classifier.
   *
   * @param column the column
   * @param type how it was encoded ({@code numeric}, {@code categorical}, {@code text}, {@code embedding})
   * @param importance the drop of the held-out AUC when this column's values are shuffled among the held-out rows
   *     (permutation importance): about 0 for a column the classifier does not use, larger for one it relies on
   */
  public record ColumnImportance(String column, String type, double importance) {
    public ColumnImportance {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * A column the check did not use.
   *
   * @param column the column
   * @param reason why (not tested, not in both samples, ...)
   */
  public record LeftOut(String column, String reason) {
    public LeftOut {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
