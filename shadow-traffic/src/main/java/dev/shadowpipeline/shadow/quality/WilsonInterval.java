package dev.shadowpipeline.shadow.quality;

/**
 * The Wilson score interval of a binomial proportion (Wilson 1927; the {@code wilson} method of scipy's
 * {@code binomtest(k, n).proportion_ci}). Unlike the normal approximation it stays inside [0, 1] and is honest for
 * small samples: 3 successes out of 3 give a 95% lower bound of 0.44, not 1.
 *
 * @param successes k
 * @param trials n
 * @param lower lower bound
 * @param upper upper bound
 */
public record WilsonInterval(long successes, long trials, double lower, double upper) {

  /** z for a two-sided 95% interval: the 0.975 quantile of the standard normal distribution. */
  public static final double Z95 = 1.959963984540054;

  /** The 95% interval. */
  public static WilsonInterval of(long successes, long trials) {
    return of(successes, trials, Z95);
  }

  /**
   * The interval for a given z. With no trials the proportion is unknown and the interval is [0, 1].
   *
   * <p>center = (p + z²/2n) / (1 + z²/n), half-width = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n), with p = k/n.
   */
  public static WilsonInterval of(long successes, long trials, double z) {
    if (successes < 0 || trials < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "need 0 <= successes <= trials: " + successes + " of " + trials);
    }
    if (trials == 0) {
      return new WilsonInterval(0, 0, 0, 1);
    }
    double[] bounds = bounds((double) successes, trials, z);
    return new WilsonInterval(successes, trials, bounds[0], bounds[1]);
  }

  /**
   * The bounds for a score that need not be whole, such as wins plus half the ties of a pairwise judge: the same
   * formula with p = score / n.
   *
   * @param score in [0, trials]
   * @param trials at least 1
   * @return {lower, upper}
   * @throws IllegalArgumentException when the score is outside [0, trials] or NaN, or trials &lt; 1
   */
  public static double[] bounds(double score, long trials, double z) {
    if (!(score >= 0 && score <= trials) || trials < 1) { // outside, or NaN
      throw new IllegalArgumentException(
          "need 0 <= score <= trials, trials >= 1: " + score + " of " + trials);
    }
    double n = trials;
    double p = score / n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double center = (p + z2 / (2 * n)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    // the ends are exact at k = 0 and k = n, as in scipy (center − half would leave 5.6e−17 above 0
    // at k = 0)
    double lower = score == 0 ? 0 : Math.max(0, center - half);
    double upper = score == trials ? 1 : Math.min(1, center + half);
    return new double[] {lower, upper};
  }

  /** k / n, or NaN with no trials. */
  public double proportion() {
    return trials == 0 ? Double.NaN : (double) successes / trials;
  }
}
