package dev.shadowpipeline.drift.engine;

import java.util.List;
import java.util.Objects;

/**
 * The drift verdict for a pair of datasets.
 *
 * @param reference the reference dataset
 * @param current the current dataset
 * @param columns every column of either dataset (reference order, then current-only columns), tested or not
 * @param driftShareThreshold the share of drifted columns at which the dataset counts as drifted
 * @param testedColumns columns with status {@code ok}: the denominator of the share
 * @param driftedColumns names of the drifted columns
 * @param share drifted / tested columns (0 when none was tested)
 * @param drift whether {@code share >= driftShareThreshold} (and at least one column was tested)
 */
public record DriftResult(DatasetSummary reference, DatasetSummary current, List<ColumnDrift> columns,
    double driftShareThreshold, int testedColumns, List<String> driftedColumns, double share, boolean drift) {

  public DriftResult {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    columns = List.copyOf(columns);
    driftedColumns = List.copyOf(driftedColumns);
  }

  /** Builds the verdict from the per-column results. */
  static DriftResult of(DatasetSummary reference, DatasetSummary current, List<ColumnDrift> columns,
      double driftShareThreshold) {
    int tested = 0;
    List<String> drifted = new java.util.ArrayList<>();
    for (ColumnDrift c : columns) {
      if (c.status() == ColumnStatus.OK) {
        tested++;
        if (c.drifted()) {
          drifted.add(c.name());
        }
      }
    }
    double share = tested == 0 ? 0 : (double) drifted.size() / tested;
    // Evidently: dataset drift when the share of drifted columns reaches drift_share
    boolean drift = tested > 0 && share >= driftShareThreshold;
    return new DriftResult(reference, current, columns, driftShareThreshold, tested, drifted, share, drift);
  }
}
