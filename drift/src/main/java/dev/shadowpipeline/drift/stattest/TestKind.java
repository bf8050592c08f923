package dev.shadowpipeline.drift.stattest;

/** Whether a test's score is a p-value (drift when small), a distance or a classifier's ROC AUC (drift when large). */
public enum TestKind {
  /** Drift when the p-value is below the threshold (for {@code ks}: at or below). */
  P_VALUE,
  /** Drift when the distance is at or above the threshold. */
  DISTANCE,
  /**
   * A domain classifier's ROC AUC on held-out rows: drift when it is above the threshold (an absolute AUC, or the AUC
   * random labelling reaches at a quantile).
   */
  ROC_AUC;

  /** The name in JSON outputs: {@code p_value}, {@code distance}, {@code roc_auc}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
