package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine found for one column.
 *
 * @param name the column
 * @param type the type it was compared as
 * @param typeReason why it has that type (inferred from the reference, or configured)
 * @param status whether it was tested
 * @param detail why it was not tested, or empty
 * @param result the test's verdict; null unless {@code status} is {@link ColumnStatus#OK}
 * @param reference the reference side's rows and missing values (zero rows when the column is not there)
 * @param current the current side's rows and missing values
 * @param newCategories categorical: how many categories occur in the current data and never in the reference
 * @param newCategoryExamples the first of them (bounded)
 * @param histogram the two distributions, binned, for reports
 * @param missingShareDrift whether the share of missing values moved by at least the configured threshold
 *     ({@link DriftOptions#missingShareThreshold()}): drift on its own, whatever the test says and even when every
 *     current value is missing and there was nothing to test. Only for columns with rows on both sides.
 */
public record ColumnDrift(
    String name,
    ColumnType type,
    String typeReason,
    ColumnStatus status,
    String detail,
    StatTestResult result,
    SideStats reference,
    SideStats current,
    long newCategories,
    List<String> newCategoryExamples,
    Histogram histogram,
    boolean missingShareDrift) {

  public ColumnDrift {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(typeReason, "typeReason");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    newCategoryExamples = List.copyOf(newCategoryExamples);
    Objects.requireNonNull(histogram, "histogram");
    if ((status == ColumnStatus.OK) != (result != null)) {
      throw new IllegalArgumentException(
          "a result is required exactly when the status is ok: " + status);
    }
    if (missingShareDrift && !inBoth(status)) {
      throw new IllegalArgumentException(
          "a missing share can only move for a column with rows on both sides: " + status);
    }
  }

  private static boolean inBoth(ColumnStatus status) {
    return status != ColumnStatus.ONLY_IN_REFERENCE
        && status != ColumnStatus.ONLY_IN_CURRENT
        && status != ColumnStatus.EMPTY;
  }

  /** The test's verdict, when the column was tested. */
  public Optional<StatTestResult> test() {
    return Optional.ofNullable(result);
  }

  /** Whether the column was tested and its test found drift. */
  public boolean testDrifted() {
    return result != null && result.drifted();
  }

  /**
   * Whether the column counts as drifted: its test found drift, its missing share moved (see
   * {@link #missingShareDrift()}), or it is a reference column missing from the current data.
   */
  public boolean drifted() {
    return testDrifted() || missingShareDrift || status == ColumnStatus.ONLY_IN_REFERENCE;
  }

  /**
   * Whether the column counts in the dataset's share of drifted columns: it was tested, or it drifted without a test
   * (missing from the current data, or its missing share moved). Current-only columns and columns that could not be
   * judged do not count.
   */
  public boolean counted() {
    return status == ColumnStatus.OK || drifted();
  }

  /** "missing share 0.0% -> 100.0%": how the share of missing values moved, for messages. */
  public String missingShareText() {
    return String.format(
        Locale.ROOT,
        "missing share %.1f%% -> %.1f%%",
        100 * reference.missingShare(),
        100 * current.missingShare());
  }

  /** Current minus reference missing-value share: a jump is a signal of its own, whatever the test says. */
  public double missingShareChange() {
    return current.missingShare() - reference.missingShare();
  }
}
