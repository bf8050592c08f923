package dev.shadowpipeline.drift.stattest;

import dev.shadowpipeline.drift.classifier.DomainClassification;
import java.util.Objects;
import java.util.Optional;

/**
 * What one statistical test concluded about one column.
 *
 * @param test the test's name, e.g. {@code ks}
 * @param kind whether {@code score} is a p-value, a distance or a classifier's ROC AUC
 * @param statistic the test statistic (for distances, the distance itself)
 * @param score the value compared with the threshold: the p-value, the distance, or the ROC AUC
 * @param threshold the value {@code score} was compared with: for a domain classifier in percentile mode, the
 *     random-labelling AUC at the configured quantile (the quantile itself is in {@code classifier})
 * @param drifted whether the column drifted by this test
 * @param classifier what the domain classifier found, for the classifier tests (text, embeddings); empty otherwise
 */
public record StatTestResult(
    String test,
    TestKind kind,
    double statistic,
    double score,
    double threshold,
    boolean drifted,
    Optional<DomainClassification> classifier) {

  public StatTestResult {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(classifier, "classifier");
  }

  /** A result without classifier details. */
  public StatTestResult(
      String test,
      TestKind kind,
      double statistic,
      double score,
      double threshold,
      boolean drifted) {
    this(test, kind, statistic, score, threshold, drifted, Optional.empty());
  }
}
