package dev.shadowpipeline.store;

import java.util.Objects;

/**
 * What a drift run concluded about one column. Values that were not computed are NaN (stored as NULL).
 *
 * @param column the column's name
 * @param columnType how the column was typed, e.g. numeric, categorical or text
 * @param test the test used, e.g. {@code ks}, {@code wasserstein}; empty when the column could not be tested
 * @param scoreKind whether {@code score} is a p-value or a distance
 * @param statistic the test statistic
 * @param score the value compared with the threshold (the p-value, or the distance)
 * @param threshold the threshold used
 * @param drifted whether the column drifted
 * @param missingShareReference share of missing values in the reference, in [0, 1] or NaN
 * @param missingShareCurrent share of missing values in the current data, in [0, 1] or NaN
 * @param newCategoryCount categories seen in the current data but never in the reference
 * @param errorMessage why this column could not be tested, or null
 */
public record ColumnResult(
    String column,
    String columnType,
    String test,
    ScoreKind scoreKind,
    double statistic,
    double score,
    double threshold,
    boolean drifted,
    double missingShareReference,
    double missingShareCurrent,
    int newCategoryCount,
    String errorMessage) {

  public ColumnResult {
    Objects.requireNonNull(column, "column");
    if (column.isEmpty()) {
      throw new IllegalArgumentException("column name must not be empty");
    }
    Objects.requireNonNull(columnType, "columnType");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(scoreKind, "scoreKind");
    checkShare("missingShareReference", missingShareReference);
    checkShare("missingShareCurrent", missingShareCurrent);
    if (newCategoryCount < 0) {
      throw new IllegalArgumentException(
          "newCategoryCount must not be negative: " + newCategoryCount);
    }
  }

  private static void checkShare(String name, double share) {
    if (Double.isNaN(share) || (share >= 0 && share <= 1)) {
      return;
    }
    throw new IllegalArgumentException(name + " must be in [0, 1] or NaN: " + share);
  }
}
