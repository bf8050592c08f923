package dev.shadowpipeline.drift.engine;

/**
 * Whether the drift check could be made on the data as given. A check that could not run is never "no drift": only
 * {@link #OK} is a complete verdict, and {@link #UNTESTABLE} has no verdict at all.
 */
public enum DatasetStatus {
  /** Every reference column was found in the current data and judged. */
  OK("ok"),
  /**
   * A verdict, but on part of the data: a reference column is missing from the current data (it counts as drifted),
   * or a column could not be tested (it does not count). {@link DriftResult#problems()} names each.
   */
  INCOMPLETE("incomplete"),
  /**
   * No verdict: a dataset has no data rows, or no column present in both could be judged (e.g. every column
   * renamed). {@link DriftResult#drift()} is false, which here means "unknown", never "healthy".
   */
  UNTESTABLE("untestable");

  private final String label;

  DatasetStatus(String label) {
    this.label = label;
  }

  /** The name used in reports and JSON, e.g. {@code untestable}. */
  public String label() {
    return label;
  }
}
