package dev.shadowpipeline.drift.engine;

/**
 * Whether a column could be compared, and if not, why. {@link #OK} columns count towards dataset drift; so do
 * {@link #ONLY_IN_REFERENCE} columns (as drifted) and columns whose missing share moved (as drifted, see
 * {@link ColumnDrift#counted()}); the others do not, and make the dataset's status {@link DatasetStatus#INCOMPLETE}.
 */
public enum ColumnStatus {
  /** Tested; see the test result. */
  OK("ok"),
  /** One of the datasets has no rows at all. */
  EMPTY("empty"),
  /** Every value is missing in the reference or the current data. */
  ALL_MISSING("all-missing"),
  /** The column is in the reference only: it vanished from the current data, which counts as drift. */
  ONLY_IN_REFERENCE("only-in-reference"),
  /** The column is in the current data only: informational, it has no reference to drift from. */
  ONLY_IN_CURRENT("only-in-current"),
  /** The test could not run on this column (e.g. a test configured for the wrong type); the detail says why. */
  ERROR("error");

  private final String label;

  ColumnStatus(String label) {
    this.label = label;
  }

  /** The name used in reports and JSON, e.g. {@code all-missing}. */
  public String label() {
    return label;
  }
}
