package dev.shadowpipeline.drift.stattest;

import java.util.Objects;

/**
 * What one statistical test concluded about one column.
 *
 * @param test the test's name, e.g. {@code ks}
 * @param kind whether {@code score} is a p-value or a distance
 * @param statistic the test statistic (for distances, the distance itself)
 * @param score the value compared with the threshold: the p-value, or the distance
 * @param threshold the threshold used
 * @param drifted whether the column drifted by this test
 */
public record StatTestResult(
    String test, TestKind kind, double statistic, double score, double threshold, boolean drifted) {

  public StatTestResult {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(kind, "kind");
  }
}
