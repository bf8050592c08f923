package dev.shadowpipeline.drift.stattest;

/** Whether a test's score is a p-value (drift when small) or a distance (drift when large). */
public enum TestKind {
  /** Drift when the p-value is below the threshold (for {@code ks}: at or below). */
  P_VALUE,
  /** Drift when the distance is at or above the threshold. */
  DISTANCE
}
