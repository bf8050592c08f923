package dev.shadowpipeline.shadow.quality;

import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * McNemar's exact test: are two classifiers equally accurate on the same inputs? Only the inputs on which exactly one
 * of them is right carry evidence; under the null hypothesis each of those is equally likely to favour either model,
 * so b (only the primary right) out of b + c is Binomial(b + c, ½), and the two-sided p-value is that of the exact
 * binomial test — scipy's {@code binomtest(b, b + c, 0.5).pvalue}.
 *
 * <p>References: McNemar, Q. (1947), Psychometrika 12, 153–157, doi:10.1007/BF02295996; Fagerland, Lydersen and
 * Laake (2013), "The McNemar test for binary matched-pairs data: mid-p and asymptotic are better than exact
 * conditional", BMC Med. Res. Methodol. 13:91, doi:10.1186/1471-2288-13-91 (the exact test is conservative; we use it
 * because a gate should not cry wolf).
 */
public final class McNemar {

  private McNemar() {}

  /**
   * The two-sided exact p-value for {@code onlyPrimaryRight} = b and {@code onlyShadowRight} = c.
   *
   * <p>The binomial with p = ½ is symmetric, so the set of outcomes at most as likely as the observed one is both
   * tails beyond min(b, c): p = min(1, 2·P(X ≤ min(b, c))). It is 1 when b = c, and when b + c = 0 (no discordant
   * input: no evidence either way). The tail comes from the regularized incomplete beta function, so large counts
   * neither overflow nor lose the tail; a p-value below the smallest double (about 4.9e−324) is 0.
   *
   * @throws IllegalArgumentException if a count is negative or b + c exceeds {@link Integer#MAX_VALUE}
   */
  public static double exactPValue(long onlyPrimaryRight, long onlyShadowRight) {
    if (onlyPrimaryRight < 0 || onlyShadowRight < 0) {
      throw new IllegalArgumentException(
          "discordant counts must be non-negative: "
              + onlyPrimaryRight
              + " and "
              + onlyShadowRight);
    }
    long discordant = onlyPrimaryRight + onlyShadowRight;
    if (discordant > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "at most " + Integer.MAX_VALUE + " discordant inputs: " + discordant);
    }
    if (discordant == 0 || onlyPrimaryRight == onlyShadowRight) {
      return 1;
    }
    int smaller = (int) Math.min(onlyPrimaryRight, onlyShadowRight);
    double tail = BinomialDistribution.of((int) discordant, 0.5).cumulativeProbability(smaller);
    return Math.min(1, 2 * tail);
  }
}
