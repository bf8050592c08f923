package dev.shadowpipeline.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One point of a column's score history: the column's result in one successful run.
 *
 * @param runId the run
 * @param startedAt when the run started
 * @param test the test used in that run (it can change when the data's size or type changes)
 * @param scoreKind whether the score is a p-value or a distance
 * @param score the p-value or distance
 * @param threshold the threshold used
 * @param drifted whether the column drifted in that run
 */
public record ColumnScorePoint(
    String runId,
    Instant startedAt,
    String test,
    ScoreKind scoreKind,
    double score,
    double threshold,
    boolean drifted) {

  public ColumnScorePoint {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(scoreKind, "scoreKind");
  }
}
