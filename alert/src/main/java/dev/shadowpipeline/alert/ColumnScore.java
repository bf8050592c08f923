package dev.shadowpipeline.alert;

import java.util.Objects;

/**
 * One column in a drift alert.
 *
 * @param column the column's name
 * @param test the test used, e.g. {@code ks}
 * @param score the p-value or distance
 * @param threshold the threshold it was compared with
 * @param drifted whether the column drifted
 */
public record ColumnScore(
    String column, String test, double score, double threshold, boolean drifted) {

  public ColumnScore {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(test, "test");
  }
}
