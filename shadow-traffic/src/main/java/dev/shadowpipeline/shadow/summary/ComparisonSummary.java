package dev.shadowpipeline.shadow.summary;

import dev.shadowpipeline.shadow.metrics.LatencySummary;
import dev.shadowpipeline.shadow.quality.WilsonInterval;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the report, {@code summary.json} and the gate say about a shadow comparison.
 *
 * @param requests pairs compared
 * @param matches pairs on which the answers agreed: no difference above {@code info} (a latency over budget is an
 *     info-level divergence by default; it is reported, but does not count against agreement)
 * @param agreement matches / requests with its 95% Wilson interval
 * @param severities diverging pairs by their most severe difference ({@code info}, {@code warning}, {@code critical})
 * @param primaryErrors pairs where the primary gave no answer
 * @param shadowErrors pairs where the shadow gave no answer (timeouts included)
 * @param shadowTimeouts pairs where the shadow timed out
 * @param statusClassMismatches pairs whose status classes differ (e.g. 200 against 503)
 * @param primaryLatency the primary's latency
 * @param shadowLatency the shadow's latency (answered pairs)
 * @param latencyDelta shadow minus primary latency, per pair where both answered
 * @param latencyShapes histograms of primary, shadow and delta latency for charts
 * @param timeline counts and mean latencies per time bucket
 * @param fields the most frequent differences by kind and field, as Diffy lists them
 * @param confusions one primary × shadow matrix per label output
 * @param metrics distributions of the comparators' measurements (score deltas, overlaps, similarities)
 * @param topDivergences the most severe diverging inputs, with both answers
 * @param trend whether agreement or latency delta moved over time
 * @param first time of the first record, or {@code null}
 * @param last time of the last record, or {@code null}
 */
public record ComparisonSummary(
    long requests,
    long matches,
    WilsonInterval agreement,
    Map<String, Long> severities,
    long primaryErrors,
    long shadowErrors,
    long shadowTimeouts,
    long statusClassMismatches,
    LatencySummary primaryLatency,
    LatencySummary shadowLatency,
    LatencySummary latencyDelta,
    Map<String, Histogram> latencyShapes,
    List<TimeBucket> timeline,
    List<FieldCount> fields,
    List<Confusion> confusions,
    List<MetricSummary> metrics,
    List<Divergence> topDivergences,
    Trend trend,
    Instant first,
    Instant last) {

  public ComparisonSummary {
    severities = Map.copyOf(severities);
    latencyShapes = Map.copyOf(latencyShapes);
    timeline = List.copyOf(timeline);
    fields = List.copyOf(fields);
    confusions = List.copyOf(confusions);
    metrics = List.copyOf(metrics);
    topDivergences = List.copyOf(topDivergences);
  }

  /** Diverging pairs with at least this severity's count; {@code critical} etc. */
  public long severity(String label) {
    return severities.getOrDefault(label, 0L);
  }

  /** Shadow errors / requests, or 0 with no requests. */
  public double shadowErrorRate() {
    return requests == 0 ? 0 : (double) shadowErrors / requests;
  }

  /**
   * Counts in equal-width bins.
   *
   * @param lower lower edge of the first bin
   * @param width bin width
   * @param counts count per bin
   */
  public record Histogram(double lower, double width, long[] counts) {}

  /**
   * One slice of the timeline.
   *
   * @param start the bucket's start
   * @param seconds the bucket's width
   * @param requests pairs in it
   * @param matches agreeing pairs in it
   * @param critical critical divergences in it
   * @param shadowErrors shadow errors in it
   * @param meanPrimaryMillis mean primary latency
   * @param meanShadowMillis mean shadow latency (answered pairs)
   * @param meanDeltaMillis mean latency delta (pairs where both answered)
   */
  public record TimeBucket(
      Instant start,
      long seconds,
      long requests,
      long matches,
      long critical,
      long shadowErrors,
      double meanPrimaryMillis,
      double meanShadowMillis,
      double meanDeltaMillis) {}

  /**
   * How often one kind of difference occurred at one field.
   *
   * @param kind difference kind, e.g. {@code value_changed}
   * @param path JSON Pointer, {@code ""} for the whole answer
   * @param count pairs with this difference
   * @param share count / requests
   */
  public record FieldCount(String kind, String path, long count, double share) {}

  /**
   * A primary × shadow confusion matrix for one label output.
   *
   * @param path the label's JSON Pointer
   * @param labels the labels, rows and columns in this order
   * @param counts counts[primary][shadow]
   */
  public record Confusion(String path, List<String> labels, long[][] counts) {}

  /**
   * The distribution of one measurement.
   *
   * @param comparator the comparator that measured
   * @param path the output measured
   * @param metric what was measured
   * @param count measurements taken
   * @param mean their mean
   * @param min smallest
   * @param p05 5th percentile (of a bounded sample when there are many)
   * @param p50 median
   * @param p95 95th percentile
   * @param max largest
   * @param histogram their distribution
   */
  public record MetricSummary(
      String comparator,
      String path,
      String metric,
      long count,
      double mean,
      double min,
      double p05,
      double p50,
      double p95,
      double max,
      Histogram histogram) {}

  /**
   * A diverging input worth looking at.
   *
   * @param id record id
   * @param time when it was seen
   * @param method HTTP method
   * @param uri path and query
   * @param severity the most severe difference
   * @param reasons why it diverged
   * @param request the request body, as text
   * @param primary the primary's answer, as text
   * @param shadow the shadow's answer, as text
   */
  public record Divergence(
      String id,
      Instant time,
      String method,
      String uri,
      String severity,
      List<String> reasons,
      String request,
      String primary,
      String shadow) {}

  /**
   * Whether the comparison itself drifted: the recent quarter of the run against the rest.
   *
   * @param assessed whether there was enough data (at least 100 pairs on each side)
   * @param baselineAgreement agreement before the recent window
   * @param recentAgreement agreement in the recent window
   * @param agreementPValue one-sided two-proportion z-test p-value that agreement fell
   * @param baselineDeltaMillis mean latency delta before
   * @param recentDeltaMillis mean latency delta in the recent window
   * @param agreementFalling agreement fell significantly (p below 0.01) and by at least one percentage point
   * @param latencyRising the mean delta rose by more than max(10 ms, half the baseline's)
   */
  public record Trend(
      boolean assessed,
      double baselineAgreement,
      double recentAgreement,
      double agreementPValue,
      double baselineDeltaMillis,
      double recentDeltaMillis,
      boolean agreementFalling,
      boolean latencyRising) {

    /** Either signal. */
    public boolean drifted() {
      return agreementFalling || latencyRising;
    }
  }
}
