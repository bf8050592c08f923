package dev.shadowpipeline.shadow.quality;

/**
 * Who is right on each labelled input, the primary and the shadow answering the same inputs: the 2 × 2 table of
 * McNemar's test. In the loan story, {@code onlyPrimaryRight} among inputs the shadow approved are applicants the new
 * model let through who then defaulted.
 *
 * @param bothRight inputs both models labelled correctly
 * @param onlyPrimaryRight inputs only the primary labelled correctly (McNemar's b)
 * @param onlyShadowRight inputs only the shadow labelled correctly (McNemar's c)
 * @param bothWrong inputs both models labelled wrongly
 */
public record Discordance(
    long bothRight, long onlyPrimaryRight, long onlyShadowRight, long bothWrong) {

  /** Checks that no count is negative. */
  public Discordance {
    if (bothRight < 0 || onlyPrimaryRight < 0 || onlyShadowRight < 0 || bothWrong < 0) {
      throw new IllegalArgumentException(
          "counts must be non-negative: "
              + bothRight
              + ", "
              + onlyPrimaryRight
              + ", "
              + onlyShadowRight
              + ", "
              + bothWrong);
    }
  }

  /** All inputs. */
  public long total() {
    return bothRight + onlyPrimaryRight + onlyShadowRight + bothWrong;
  }

  /** Inputs on which exactly one model is right: b + c. */
  public long discordant() {
    return onlyPrimaryRight + onlyShadowRight;
  }

  /** McNemar's exact two-sided p-value, 1 when no input is discordant; see {@link McNemar#exactPValue}. */
  public double mcnemarP() {
    return McNemar.exactPValue(onlyPrimaryRight, onlyShadowRight);
  }
}
