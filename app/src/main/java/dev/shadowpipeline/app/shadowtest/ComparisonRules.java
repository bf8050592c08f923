package dev.shadowpipeline.app.shadowtest;

import java.time.Duration;
import java.util.List;

/**
 * The comparison rules given as command-line flags (the {@code compare:} and {@code redact:} sections of a config file
 * add to them): which outputs to compare and how, what to mask, how large the suite may grow. Any field may be
 * {@code null} (or empty) when the flag was not given; {@link ComparisonSetup} applies the defaults.
 *
 * @param label JSON Pointer of a class label
 * @param criticalFlips label flips {@code FROM:TO} that are critical
 * @param score JSON Pointer of a score
 * @param scoreTolerance absolute tolerance of the score
 * @param decisionThreshold score threshold whose crossing is a critical flip, or {@code null}
 * @param ranking JSON Pointer of a ranked list
 * @param rankingId JSON Pointer of an item's id inside the list, or {@code null}
 * @param minRbo least rank-biased overlap that agrees
 * @param text JSON Pointer of a text, or {@code auto}
 * @param minSimilarity least text similarity that agrees
 * @param latencyBudget a shadow slower than the primary by more than this diverges (info)
 * @param redact JSON Pointers of body fields masked or hashed
 * @param redactMode {@code mask} or {@code hash}
 * @param keepHeaders headers kept visible although a credential word matches them
 * @param redactQuery query parameters masked besides the defaults
 * @param keepQuery query parameters kept visible although a credential word matches them
 * @param suiteMax most entries in the regression suite
 * @param suiteMaxBytes most bytes of the regression suite, or {@code null} for the heap-derived default
 */
public record ComparisonRules(
    String label,
    List<String> criticalFlips,
    String score,
    double scoreTolerance,
    Double decisionThreshold,
    String ranking,
    String rankingId,
    double minRbo,
    String text,
    double minSimilarity,
    Duration latencyBudget,
    List<String> redact,
    String redactMode,
    List<String> keepHeaders,
    List<String> redactQuery,
    List<String> keepQuery,
    int suiteMax,
    Long suiteMaxBytes) {

  /** Whether any output comparator was asked for. */
  public boolean anyOutput() {
    return label != null || score != null || ranking != null || text != null;
  }
}
