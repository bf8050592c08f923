package dev.shadowpipeline.shadow.quality;

import java.util.Locale;

/**
 * Whether the candidate's disagreements with the primary on one comparator or field are noise (a second instance of
 * the primary disagrees with it as often) or real. See {@link NoiseTest} for the rule.
 *
 * @param noiseDisagreements pairs on which the secondary (the primary's second instance) differed from the primary
 * @param noiseTrials pairs compared primary ↔ secondary
 * @param candidateDisagreements pairs on which the shadow differed from the primary
 * @param candidateTrials pairs compared primary ↔ shadow
 * @param noiseRate noiseDisagreements / noiseTrials
 * @param candidateRate candidateDisagreements / candidateTrials
 * @param floor the excess over the noise rate that is noise whatever the p-value: max(absolute floor, relative floor
 *     × noise rate)
 * @param pValue the one-sided pooled two-proportion z-test's p-value for "the candidate rate is above the noise rate"
 * @param verdict {@code noise} or {@code real}
 */
public record NoiseDecision(
    long noiseDisagreements,
    long noiseTrials,
    long candidateDisagreements,
    long candidateTrials,
    double noiseRate,
    double candidateRate,
    double floor,
    double pValue,
    Verdict verdict) {

  /** What a difference is. */
  public enum Verdict {
    /** Not distinguishable from the primary's disagreement with itself: does not count against the candidate. */
    NOISE,
    /** The candidate disagrees with the primary significantly, and materially, more than the primary with itself. */
    REAL;

    /** The name in JSON: {@code noise} or {@code real}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** True when the verdict is {@code noise}. */
  public boolean noise() {
    return verdict == Verdict.NOISE;
  }
}
