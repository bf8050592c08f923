package dev.shadowpipeline.store;

/** How a drift run ended. */
public enum RunStatus {
  /** The run compared the datasets; its verdict and per-column results are meaningful. */
  SUCCEEDED,
  /** The run could not complete (unreadable input, engine error); see its error message. */
  FAILED
}
