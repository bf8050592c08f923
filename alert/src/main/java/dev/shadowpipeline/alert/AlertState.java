package dev.shadowpipeline.alert;

/** The state an event reports for its subject; the cooldown compares it with the last state sent. */
public enum AlertState {
  /** The dataset drifted. */
  DRIFT,
  /** The dataset is back within its thresholds. */
  HEALTHY,
  /** A pipeline run or a gate failed. */
  FAILED
}
