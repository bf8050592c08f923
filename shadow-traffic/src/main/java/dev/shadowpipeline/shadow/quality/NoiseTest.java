package dev.shadowpipeline.shadow.quality;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Is a difference real, or noise? A model that is not deterministic disagrees with itself; a second instance of the
 * primary (the secondary) receiving the same inputs measures how often. The candidate's disagreement with the primary
 * is <b>real</b> only when it is both significantly and materially above that noise rate; otherwise it is
 * <b>noise</b>. Immutable; configure with {@code with...}.
 *
 * <p><b>Significance</b>: the one-sided pooled two-proportion z-test (e.g. Agresti, "Categorical Data Analysis", 3rd
 * ed., 2013, §2.1), H₀: candidate rate = noise rate, H₁: candidate rate &gt; noise rate:
 *
 * <pre>
 * p₀ = x₀/n₀ (noise), p₁ = x₁/n₁ (candidate), p = (x₀ + x₁)/(n₀ + n₁)
 * z = (p₁ − p₀) / √(p(1 − p)(1/n₀ + 1/n₁)),   p-value = P(Z ≥ z) = scipy.stats.norm.sf(z)
 * </pre>
 *
 * When p is 0 or 1 the two rates are equal (both 0 or both 1) and the formula is 0/0; z is then taken as 0, as for
 * any two equal rates, and the p-value is ½ (so that one more candidate disagreement never raises the p-value). The
 * normal approximation is fair
 * when each side has a handful of disagreements and of agreements; with fewer, the floors below usually decide.
 *
 * <p><b>Materiality</b>: a candidate rate within max(absolute floor, relative floor × noise rate) of the noise rate
 * is noise whatever the p-value, because with enough traffic any difference is significant. Defaults: absolute
 * {@value #DEFAULT_ABSOLUTE_FLOOR} (half a percentage point: with a noise rate of 2%, a candidate at 2.5% is noise),
 * relative {@value #DEFAULT_RELATIVE_FLOOR} (a tenth of the noise rate, which takes over above a noise rate of 5%:
 * with 30% noise, up to 33% is noise). The verdict is real when the excess is above the floor <i>and</i> p &lt; α,
 * α = {@value #DEFAULT_ALPHA} by default.
 *
 * <p><b>Evidence</b>: noise is something the secondary was seen to do. A field on which the secondary never differed
 * from the primary while the candidate did is real whatever the test says: on a short run (60 pairs, 3 candidate
 * differences against none: p ≈ 0.04) the test alone would set the candidate's differences aside as noise the
 * production model never showed.
 */
public final class NoiseTest {

  /** The default significance level. */
  public static final double DEFAULT_ALPHA = 0.01;

  /** The default absolute floor, in disagreement rate. */
  public static final double DEFAULT_ABSOLUTE_FLOOR = 0.005;

  /** The default relative floor, as a fraction of the noise rate. */
  public static final double DEFAULT_RELATIVE_FLOOR = 0.1;

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  private static final NoiseTest DEFAULTS =
      new NoiseTest(DEFAULT_ALPHA, DEFAULT_ABSOLUTE_FLOOR, DEFAULT_RELATIVE_FLOOR);

  private final double alpha;
  private final double absoluteFloor;
  private final double relativeFloor;

  private NoiseTest(double alpha, double absoluteFloor, double relativeFloor) {
    if (!(alpha > 0 && alpha < 1)) { // outside (0, 1), or NaN
      throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
    }
    if (!(absoluteFloor >= 0 && absoluteFloor <= 1)) {
      throw new IllegalArgumentException("absolute floor must be in [0, 1]: " + absoluteFloor);
    }
    if (!(relativeFloor >= 0 && relativeFloor < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "relative floor must be finite and >= 0: " + relativeFloor);
    }
    this.alpha = alpha;
    this.absoluteFloor = absoluteFloor;
    this.relativeFloor = relativeFloor;
  }

  /**
   * α = {@value #DEFAULT_ALPHA}, absolute floor {@value #DEFAULT_ABSOLUTE_FLOOR}, relative floor
   * {@value #DEFAULT_RELATIVE_FLOOR}.
   */
  public static NoiseTest defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with significance level {@code alpha}.
   *
   * @throws IllegalArgumentException if alpha is not in (0, 1)
   */
  public NoiseTest withAlpha(double alpha) {
    return new NoiseTest(alpha, absoluteFloor, relativeFloor);
  }

  /**
   * A copy with this absolute floor (a disagreement rate, 0.005 = half a percentage point).
   *
   * @throws IllegalArgumentException if the floor is not in [0, 1]
   */
  public NoiseTest withAbsoluteFloor(double absoluteFloor) {
    return new NoiseTest(alpha, absoluteFloor, relativeFloor);
  }

  /**
   * A copy with this relative floor (a fraction of the noise rate, 0.1 = a tenth).
   *
   * @throws IllegalArgumentException if the floor is negative, infinite or NaN
   */
  public NoiseTest withRelativeFloor(double relativeFloor) {
    return new NoiseTest(alpha, absoluteFloor, relativeFloor);
  }

  /** The significance level. */
  public double alpha() {
    return alpha;
  }

  /** The absolute floor. */
  public double absoluteFloor() {
    return absoluteFloor;
  }

  /** The relative floor. */
  public double relativeFloor() {
    return relativeFloor;
  }

  /**
   * The verdict on one comparator or field.
   *
   * @param noiseDisagreements x₀: pairs on which the secondary differed from the primary
   * @param noiseTrials n₀: pairs compared primary ↔ secondary
   * @param candidateDisagreements x₁: pairs on which the shadow differed from the primary
   * @param candidateTrials n₁: pairs compared primary ↔ shadow
   * @throws IllegalArgumentException if a count is negative, disagreements exceed trials, or a side has no trials
   */
  public NoiseDecision test(
      long noiseDisagreements,
      long noiseTrials,
      long candidateDisagreements,
      long candidateTrials) {
    double p = pValue(noiseDisagreements, noiseTrials, candidateDisagreements, candidateTrials);
    double noiseRate = (double) noiseDisagreements / (double) noiseTrials;
    double candidateRate = (double) candidateDisagreements / (double) candidateTrials;
    double floor = Math.max(absoluteFloor, relativeFloor * noiseRate);
    // noise needs evidence: a field the secondary never differed on was never seen to be noisy, and
    // on a short run the test alone would set the candidate's few differences there aside
    boolean unseen = noiseDisagreements == 0 && candidateDisagreements > 0;
    boolean real = unseen || (candidateRate - noiseRate > floor && p < alpha);
    return new NoiseDecision(
        noiseDisagreements,
        noiseTrials,
        candidateDisagreements,
        candidateTrials,
        noiseRate,
        candidateRate,
        floor,
        p,
        real ? NoiseDecision.Verdict.REAL : NoiseDecision.Verdict.NOISE);
  }

  /**
   * The one-sided pooled two-proportion z-test's p-value for "the candidate rate x₁/n₁ is above the noise rate
   * x₀/n₀" (see the class comment); ½ when the pooled rate is 0 or 1 (equal rates, z taken as 0).
   *
   * @throws IllegalArgumentException if a count is negative, disagreements exceed trials, or a side has no trials
   */
  public static double pValue(
      long noiseDisagreements,
      long noiseTrials,
      long candidateDisagreements,
      long candidateTrials) {
    requireCounts("noise", noiseDisagreements, noiseTrials);
    requireCounts("candidate", candidateDisagreements, candidateTrials);
    double n0 = noiseTrials;
    double n1 = candidateTrials;
    double p0 = noiseDisagreements / n0;
    double p1 = candidateDisagreements / n1;
    double pooled = (double) (noiseDisagreements + candidateDisagreements) / (n0 + n1);
    if (pooled == 0 || pooled == 1) {
      return 0.5; // both rates 0, or both 1: equal rates, z = 0 (the formula would be 0/0)
    }
    double z = (p1 - p0) / Math.sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / n1));
    // the survival function, not 1 − cdf, keeps small p-values accurate
    return STANDARD_NORMAL.survivalProbability(z);
  }

  private static void requireCounts(String side, long disagreements, long trials) {
    if (trials <= 0 || disagreements < 0 || disagreements > trials) {
      throw new IllegalArgumentException(
          "need 0 <= "
              + side
              + " disagreements <= trials and trials > 0: "
              + disagreements
              + " of "
              + trials);
    }
  }
}
