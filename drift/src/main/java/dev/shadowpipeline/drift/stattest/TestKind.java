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

  /**
   * Whether {@code threshold} can decide drift for a test of this kind. A p-value's, and a ROC AUC's (an AUC, or the
   * quantile of the AUCs random labelling reaches), lies in (0, 1): at 0 or 1 (or beyond) every column would get the
   * same verdict whatever its data. A distance's is above 0 (at 0 every column drifts, the unchanged ones too) and
   * finite (at infinity none does). NaN fits none.
   */
  public boolean accepts(double threshold) {
    return switch (this) {
      case P_VALUE, ROC_AUC -> threshold > 0 && threshold < 1;
      case DISTANCE -> threshold > 0 && threshold < Double.POSITIVE_INFINITY;
    };
  }

  /** The rule of {@link #accepts(double)} in words, e.g. {@code in (0, 1)}. */
  public String thresholdRule() {
    return this == DISTANCE ? "above 0 and finite" : "in (0, 1)";
  }

  /** What the kind's score is, in words: {@code p-value}, {@code distance}, {@code ROC AUC}. */
  public String description() {
    return switch (this) {
      case P_VALUE -> "p-value";
      case DISTANCE -> "distance";
      case ROC_AUC -> "ROC AUC";
    };
  }

  /** The name in JSON outputs: {@code p_value}, {@code distance}, {@code roc_auc}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
