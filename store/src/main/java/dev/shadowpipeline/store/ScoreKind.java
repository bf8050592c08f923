package dev.shadowpipeline.store;

/** Whether a column's score is a p-value (drift when small) or a distance (drift when large). */
public enum ScoreKind {
  /** Drift when the p-value is below the threshold. */
  P_VALUE,
  /** Drift when the distance is at or above the threshold. */
  DISTANCE
}
