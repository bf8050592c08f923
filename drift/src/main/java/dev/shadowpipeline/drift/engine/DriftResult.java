package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.multivariate.MultivariateDrift;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The drift verdict for a pair of datasets, and whether it could be reached ({@link DatasetStatus}).
 *
 * <p>The share counts the columns {@link ColumnDrift#counted() counted}: those tested, plus those that drifted
 * without a test (a reference column missing from the current data; a column whose missing share moved). Columns only
 * in the current data, and columns that could not be judged, do not count; the latter make the result
 * {@link DatasetStatus#INCOMPLETE}. When nothing could be judged the result is {@link DatasetStatus#UNTESTABLE}: no
 * share (NaN), no drifted columns, and {@code drift} false, which then means "unknown", never "healthy".
 *
 * @param reference the reference dataset
 * @param current the current dataset
 * @param columns every column of either dataset (reference order, then current-only columns), tested or not
 * @param driftShareThreshold the share of drifted columns at which the dataset counts as drifted
 * @param missingShareThreshold the move of a column's missing share that counts as drift; empty when that rule is off
 * @param countedColumns columns counted in the share (its denominator); 0 when untestable
 * @param driftedColumns names of the drifted columns counted (the numerator), in column order
 * @param share drifted / counted columns; NaN when untestable
 * @param drift whether {@code share >= driftShareThreshold}; false when untestable
 * @param status whether the check was complete, partial, or could not run
 * @param problems one line per thing that kept the check from being complete, naming the column or side ("current
 *     cur.csv: no data rows ..."); empty exactly when the status is {@link DatasetStatus#OK}
 * @param multivariate the multivariate check, when it was asked for ({@link DriftOptions#multivariate()}); it is
 *     reported beside the share-of-columns verdict and does not change it
 * @param compat whose rules decided it: ours, or Evidently 0.7's ({@code --compat evidently})
 */
public record DriftResult(
    DatasetSummary reference,
    DatasetSummary current,
    List<ColumnDrift> columns,
    double driftShareThreshold,
    OptionalDouble missingShareThreshold,
    int countedColumns,
    List<String> driftedColumns,
    double share,
    boolean drift,
    DatasetStatus status,
    List<String> problems,
    Optional<MultivariateDrift> multivariate,
    Compat compat) {

  /** A result decided by our own rules ({@link Compat#NATIVE}), without a multivariate check. */
  public DriftResult(
      DatasetSummary reference,
      DatasetSummary current,
      List<ColumnDrift> columns,
      double driftShareThreshold,
      OptionalDouble missingShareThreshold,
      int countedColumns,
      List<String> driftedColumns,
      double share,
      boolean drift,
      DatasetStatus status,
      List<String> problems) {
    this(
        reference,
        current,
        columns,
        driftShareThreshold,
        missingShareThreshold,
        countedColumns,
        driftedColumns,
        share,
        drift,
        status,
        problems,
        Compat.NATIVE);
  }

  /** A result decided by {@code compat}'s rules, without a multivariate check. */
  public DriftResult(
      DatasetSummary reference,
      DatasetSummary current,
      List<ColumnDrift> columns,
      double driftShareThreshold,
      OptionalDouble missingShareThreshold,
      int countedColumns,
      List<String> driftedColumns,
      double share,
      boolean drift,
      DatasetStatus status,
      List<String> problems,
      Compat compat) {
    this(
        reference,
        current,
        columns,
        driftShareThreshold,
        missingShareThreshold,
        countedColumns,
        driftedColumns,
        share,
        drift,
        status,
        problems,
        Optional.empty(),
        compat);
  }

  /**
   * Checks that the verdict agrees with the status.
   *
   * @throws IllegalArgumentException when problems are listed with status ok (or missing otherwise), an untestable
   *     result carries a verdict, or the share is outside [0, 1]
   */
  public DriftResult {
    Objects.requireNonNull(multivariate, "multivariate");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    columns = List.copyOf(columns);
    Objects.requireNonNull(missingShareThreshold, "missingShareThreshold");
    driftedColumns = List.copyOf(driftedColumns);
    Objects.requireNonNull(status, "status");
    problems = List.copyOf(problems);
    Objects.requireNonNull(compat, "compat");
    if ((status == DatasetStatus.OK) != problems.isEmpty()) {
      throw new IllegalArgumentException(
          "problems are listed exactly when the status is not ok: " + status + ", " + problems);
    }
    if (status == DatasetStatus.UNTESTABLE) {
      if (drift || countedColumns != 0 || !driftedColumns.isEmpty() || !Double.isNaN(share)) {
        throw new IllegalArgumentException(
            "an untestable result has no verdict: drift="
                + drift
                + ", counted="
                + countedColumns
                + ", drifted="
                + driftedColumns
                + ", share="
                + share);
      }
    } else if (!(share >= 0 && share <= 1)
        || countedColumns < driftedColumns.size()) { // NaN fails too
      throw new IllegalArgumentException(
          "need 0 <= share <= 1 and drifted <= counted: share="
              + share
              + ", counted="
              + countedColumns
              + ", drifted="
              + driftedColumns.size());
    }
  }

  /** The same result with the multivariate check's outcome. */
  public DriftResult withMultivariate(MultivariateDrift check) {
    return new DriftResult(
        reference,
        current,
        columns,
        driftShareThreshold,
        missingShareThreshold,
        countedColumns,
        driftedColumns,
        share,
        drift,
        status,
        problems,
        Optional.of(check),
        compat);
  }

  /**
   * Builds the verdict and its status from the per-column results. The engine calls it; so does an engine that
   * compares the columns elsewhere (the Spark job) and hands its {@link ColumnDrift}s to the same decision.
   */
  public static DriftResult of(
      DatasetSummary reference,
      DatasetSummary current,
      List<ColumnDrift> columns,
      double driftShareThreshold,
      OptionalDouble missingShareThreshold) {
    return of(
        reference, current, columns, driftShareThreshold, missingShareThreshold, Compat.NATIVE);
  }

  /** The same, for a result decided by {@code compat}'s rules. */
  public static DriftResult of(
      DatasetSummary reference,
      DatasetSummary current,
      List<ColumnDrift> columns,
      double driftShareThreshold,
      OptionalDouble missingShareThreshold,
      Compat compat) {
    return DatasetVerdict.decide(
        reference, current, columns, driftShareThreshold, missingShareThreshold, compat);
  }

  /**
   * Whether a column's verdict is part of this result: it counts in the share ({@link ColumnDrift#counted()}) and
   * there is a share at all. False for every column of an untestable result, whose vanished columns are then not
   * "drifted" either: nothing was judged.
   */
  public boolean counts(ColumnDrift column) {
    return status != DatasetStatus.UNTESTABLE && column.counted();
  }

  /**
   * The {@link #problems()} with each dataset named as the caller names it, e.g. {@code --current data/cur.csv}
   * instead of {@code current cur.csv}.
   */
  public List<String> problems(String referenceName, String currentName) {
    return DatasetVerdict.problems(reference, current, columns, referenceName, currentName);
  }

  /**
   * Why the check could not run, as one line naming the datasets as given, e.g. {@code --current data/cur.csv: no
   * data rows (only a header); nothing to compare}; empty unless the status is {@link DatasetStatus#UNTESTABLE}.
   */
  public Optional<String> untestableReason(String referenceName, String currentName) {
    if (status != DatasetStatus.UNTESTABLE) {
      return Optional.empty();
    }
    return Optional.of(String.join("; ", problems(referenceName, currentName)));
  }
}
