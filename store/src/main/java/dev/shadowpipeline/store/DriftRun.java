package dev.shadowpipeline.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One drift run: when it ran, on what, and what it concluded (or why it failed).
 *
 * <p>Times are stored with millisecond precision. For a failed run the share is NaN and the verdict false. A
 * succeeded run with {@link #problems()} is incomplete: its verdict covers part of the data.
 *
 * @param runId caller-chosen unique id (e.g. the run's timestamp); saving a run with an existing id replaces it
 * @param startedAt when the run started
 * @param finishedAt when it ended, not before {@code startedAt}
 * @param referenceSource where the reference data came from (path or URI)
 * @param currentSource where the current data came from
 * @param status whether the run completed
 * @param datasetDrift the dataset verdict: share of drifted columns at or above the threshold
 * @param driftShare share of drifted columns in [0, 1]; NaN for a failed run
 * @param driftShareThreshold the share at which the dataset counts as drifted, in [0, 1]; NaN when unknown
 * @param columnsTotal number of columns compared
 * @param columnsDrifted number of drifted columns, at most {@code columnsTotal}
 * @param errorMessage why the run failed; required for {@link RunStatus#FAILED}, null otherwise
 * @param reportLocation link or path of the archived report, or null
 * @param problems for a succeeded run, what kept it from judging every column (one line each, no line breaks); a
 *     run with problems is incomplete, never healthy. Empty for a complete run and for a failed one (its error says
 *     what went wrong)
 */
public record DriftRun(
    String runId,
    Instant startedAt,
    Instant finishedAt,
    String referenceSource,
    String currentSource,
    RunStatus status,
    boolean datasetDrift,
    double driftShare,
    double driftShareThreshold,
    int columnsTotal,
    int columnsDrifted,
    String errorMessage,
    String reportLocation,
    List<String> problems) {

  /** Longest accepted run id; ids end up in file names and URLs. */
  public static final int MAX_RUN_ID_LENGTH = 200;

  public DriftRun {
    Objects.requireNonNull(runId, "runId");
    if (runId.isBlank() || runId.length() > MAX_RUN_ID_LENGTH) {
      throw new IllegalArgumentException(
          "runId must be 1.." + MAX_RUN_ID_LENGTH + " non-blank characters: '" + runId + "'");
    }
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    if (finishedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException(
          "finishedAt must not be before startedAt: " + finishedAt + " < " + startedAt);
    }
    Objects.requireNonNull(referenceSource, "referenceSource");
    Objects.requireNonNull(currentSource, "currentSource");
    Objects.requireNonNull(status, "status");
    if (columnsTotal < 0 || columnsDrifted < 0 || columnsDrifted > columnsTotal) {
      throw new IllegalArgumentException(
          "columns must satisfy 0 <= drifted <= total: drifted="
              + columnsDrifted
              + ", total="
              + columnsTotal);
    }
    if (!Double.isNaN(driftShareThreshold)
        && !(driftShareThreshold >= 0 && driftShareThreshold <= 1)) {
      throw new IllegalArgumentException(
          "driftShareThreshold must be in [0, 1] or NaN: " + driftShareThreshold);
    }
    problems = List.copyOf(problems);
    for (String problem : problems) {
      if (problem.isBlank() || problem.indexOf('\n') >= 0 || problem.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("a problem is one non-blank line: '" + problem + "'");
      }
    }
    if (status == RunStatus.SUCCEEDED) {
      if (!(driftShare >= 0 && driftShare <= 1)) { // written so that NaN fails
        throw new IllegalArgumentException(
            "driftShare of a succeeded run must be in [0, 1]: " + driftShare);
      }
      if (errorMessage != null) {
        throw new IllegalArgumentException("a succeeded run has no errorMessage: " + errorMessage);
      }
    } else {
      if (errorMessage == null || errorMessage.isBlank()) {
        throw new IllegalArgumentException("a failed run needs an errorMessage");
      }
      if (datasetDrift) {
        throw new IllegalArgumentException("a failed run has no drift verdict");
      }
      if (!Double.isNaN(driftShare)) {
        throw new IllegalArgumentException(
            "a failed run has no driftShare (must be NaN): " + driftShare);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("a failed run has its error, not problems: " + problems);
      }
    }
  }

  /** A run that compared the datasets and judged every column. */
  public static DriftRun succeeded(
      String runId,
      Instant startedAt,
      Instant finishedAt,
      String referenceSource,
      String currentSource,
      boolean datasetDrift,
      double driftShare,
      double driftShareThreshold,
      int columnsTotal,
      int columnsDrifted,
      String reportLocation) {
    return succeeded(
        runId,
        startedAt,
        finishedAt,
        referenceSource,
        currentSource,
        datasetDrift,
        driftShare,
        driftShareThreshold,
        columnsTotal,
        columnsDrifted,
        reportLocation,
        List.of());
  }

  /** A run that compared the datasets; with problems, an incomplete one. */
  public static DriftRun succeeded(
      String runId,
      Instant startedAt,
      Instant finishedAt,
      String referenceSource,
      String currentSource,
      boolean datasetDrift,
      double driftShare,
      double driftShareThreshold,
      int columnsTotal,
      int columnsDrifted,
      String reportLocation,
      List<String> problems) {
    return new DriftRun(
        runId,
        startedAt,
        finishedAt,
        referenceSource,
        currentSource,
        RunStatus.SUCCEEDED,
        datasetDrift,
        driftShare,
        driftShareThreshold,
        columnsTotal,
        columnsDrifted,
        null,
        reportLocation,
        problems);
  }

  /** A run that could not complete; {@code reportLocation} may point at the last good report, or be null. */
  public static DriftRun failed(
      String runId,
      Instant startedAt,
      Instant finishedAt,
      String referenceSource,
      String currentSource,
      String errorMessage,
      String reportLocation) {
    return new DriftRun(
        runId,
        startedAt,
        finishedAt,
        referenceSource,
        currentSource,
        RunStatus.FAILED,
        false,
        Double.NaN,
        Double.NaN,
        0,
        0,
        errorMessage,
        reportLocation,
        List.of());
  }

  /** Whether the run completed. */
  public boolean succeeded() {
    return status == RunStatus.SUCCEEDED;
  }

  /** Whether the run completed with a verdict on part of the data only (see {@link #problems()}). */
  public boolean incomplete() {
    return succeeded() && !problems.isEmpty();
  }
}
