package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import java.util.List;
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
 */
public record ColumnDrift(String name, ColumnType type, String typeReason, ColumnStatus status, String detail,
    StatTestResult result, SideStats reference, SideStats current, long newCategories,
    List<String> newCategoryExamples, Histogram histogram) {

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
      throw new IllegalArgumentException("a result is required exactly when the status is ok: " + status);
    }
  }

  /** The test's verdict, when the column was tested. */
  public Optional<StatTestResult> test() {
    return Optional.ofNullable(result);
  }

  /** Whether the column was tested and drifted. */
  public boolean drifted() {
    return result != null && result.drifted();
  }

  /** Current minus reference missing-value share: a jump is a signal of its own, whatever the test says. */
  public double missingShareChange() {
    return current.missingShare() - reference.missingShare();
  }
}
