package dev.shadowpipeline.store;

/**
 * Both models' quality against the ground truth posted to a running proxy ({@code POST /labels}), cumulative: every
 * label joined since the proxy started, as last computed when the window closed. A classification fills the accuracy
 * columns and McNemar's p; a regression the MAE columns; the others are NaN (stored as NULL).
 *
 * @param labelledPairs labelled pairs compared
 * @param primaryAccuracy the primary's accuracy
 * @param shadowAccuracy the shadow's accuracy
 * @param accuracyDiffLower lower end of the 95% interval of shadow − primary accuracy (paired bootstrap)
 * @param accuracyDiffUpper its upper end
 * @param mcnemarP McNemar's exact p-value on the pairs where exactly one model was right
 * @param primaryMae the primary's mean absolute error
 * @param shadowMae the shadow's mean absolute error
 * @param maeDiffLower lower end of the 95% interval of shadow − primary MAE (paired bootstrap)
 * @param maeDiffUpper its upper end
 */
public record WindowQuality(
    long labelledPairs,
    double primaryAccuracy,
    double shadowAccuracy,
    double accuracyDiffLower,
    double accuracyDiffUpper,
    double mcnemarP,
    double primaryMae,
    double shadowMae,
    double maeDiffLower,
    double maeDiffUpper) {

  /** Checks the count. */
  public WindowQuality {
    if (labelledPairs < 0) {
      throw new IllegalArgumentException("labelledPairs must not be negative: " + labelledPairs);
    }
  }

  /** A classification's quality. */
  public static WindowQuality classification(
      long pairs, double primary, double shadow, double diffLower, double diffUpper, double p) {
    return new WindowQuality(
        pairs,
        primary,
        shadow,
        diffLower,
        diffUpper,
        p,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN);
  }

  /** A regression's quality. */
  public static WindowQuality regression(
      long pairs, double primary, double shadow, double diffLower, double diffUpper) {
    return new WindowQuality(
        pairs,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        primary,
        shadow,
        diffLower,
        diffUpper);
  }
}
