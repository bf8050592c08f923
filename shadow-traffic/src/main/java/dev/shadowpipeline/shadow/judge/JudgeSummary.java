package dev.shadowpipeline.shadow.judge;

import dev.shadowpipeline.shadow.quality.WilsonInterval;
import java.util.List;
import java.util.Map;

/**
 * What the pairwise judge said over a run.
 *
 * <p><b>Win rate.</b> {@code (shadow_better + ½·tie) / decided}, decided being the pairs with a verdict: a tie is
 * half a win for each side, so 50% means "as good as the production model". Its 95% interval is Wilson's score
 * interval with that fractional score as the successes ({@link WilsonInterval#bounds}): p̂ = score / n and n =
 * decided. Counting a tie as half a success keeps n honest (a tie is one observation, not two); it is slightly
 * conservative, since a tie has less variance than a coin-flip win or loss.
 *
 * @param shadowBetter pairs the judge gave to the candidate
 * @param tie pairs judged equal (with both orders: also those whose verdict flipped with the order)
 * @param primaryBetter pairs the judge gave to the production model
 * @param errors pairs without a verdict, by the kind of failure ({@code timeout}, {@code http_error},
 *     {@code transport}, {@code garbage})
 * @param skipped diverged pairs not sent to the judge, by reason ({@code max_calls}, {@code queue_full},
 *     {@code queue_bytes}, {@code no_text}, {@code unfinished})
 * @param primaryFirst verdicts given with the primary's answer shown as A (the rest had the shadow's first, or both)
 * @param examples a few verdicts with their texts, the first of each winner by record id
 * @param unmatched judgements (verdicts and judge errors) whose record id matches no record they were read beside,
 *     left out of every count above: a verdict on a pair that is not in the records is no evidence about them
 */
public record JudgeSummary(
    long shadowBetter,
    long tie,
    long primaryBetter,
    Map<String, Long> errors,
    Map<String, Long> skipped,
    long primaryFirst,
    List<Judgement> examples,
    long unmatched) {

  public JudgeSummary {
    errors = Map.copyOf(errors);
    skipped = Map.copyOf(skipped);
    examples = List.copyOf(examples);
  }

  /** A summary whose judgements were all counted (none was matched against records, or all matched). */
  public JudgeSummary(
      long shadowBetter,
      long tie,
      long primaryBetter,
      Map<String, Long> errors,
      Map<String, Long> skipped,
      long primaryFirst,
      List<Judgement> examples) {
    this(shadowBetter, tie, primaryBetter, errors, skipped, primaryFirst, examples, 0);
  }

  /** Pairs with a verdict. */
  public long decided() {
    return shadowBetter + tie + primaryBetter;
  }

  /** The shadow's win rate, ties counted as half; NaN without verdicts. */
  public double winRate() {
    long n = decided();
    return n == 0 ? Double.NaN : (shadowBetter + 0.5 * tie) / n;
  }

  /** The 95% Wilson interval of {@link #winRate()}, {lower, upper}; {NaN, NaN} without verdicts. */
  public double[] winRateInterval() {
    long n = decided();
    return n == 0
        ? new double[] {Double.NaN, Double.NaN}
        : WilsonInterval.bounds(shadowBetter + 0.5 * tie, n, WilsonInterval.Z95);
  }

  /** Pairs without a verdict because the judge failed. */
  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Diverged pairs not sent to the judge. */
  public long skippedCount() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }
}
