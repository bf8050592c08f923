package dev.shadowpipeline.shadow.replay;

import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.suite.SuiteEntry;

/**
 * How a new candidate fared on one captured input, compared with the recorded primary answer.
 *
 * @param entry the suite entry
 * @param verdict the comparison of the candidate's answer with the recorded primary answer
 * @param status fixed, still diverging, newly failing, or unanswered
 */
public record RegressionOutcome(SuiteEntry entry, Verdict verdict, Status status) {

  /** The fates of a captured divergence. */
  public enum Status {
    /** The candidate agrees with the primary now (nothing above info). */
    FIXED,
    /** The candidate still diverges, no worse than the recorded divergence. */
    STILL_DIVERGING,
    /** The candidate diverges more severely than the recorded divergence did. */
    NEWLY_FAILING,
    /**
     * The candidate gave no answer to compare: a transport error, a failure status (its class not the recorded
     * primary's, and not 2xx), or no JSON where the primary answered JSON. Whether the divergence remains is unknown.
     */
    UNANSWERED;

    /** Lower-case with underscores, as in reports. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
