package dev.shadowpipeline.shadow.summary;

import dev.shadowpipeline.shadow.metrics.LatencySummary;
import dev.shadowpipeline.shadow.quality.WilsonInterval;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the report, {@code summary.json} and the gate say about a shadow comparison.
 *
 * <p>With a noise baseline (records with a {@code secondary} side), {@code matches}, {@code agreement} and
 * {@code severities} count real differences only, and {@link #noise()} keeps the raw figures beside the
 * classification; without one they count every difference, as they always did.
 *
 * @param requests pairs compared
 * @param matches pairs on which the answers agreed: no difference above {@code info} (a latency over budget is an
 *     info-level divergence by default; it is reported, but does not count against agreement), none of them real
 *     when there is a noise baseline
 * @param agreement the share of agreeing pairs with its 95% Wilson interval, over the pairs that can tell: pairs that
 *     count among {@code matches} though a side gave no answer (a primary failure is graded {@code info} by default)
 *     are left out of it, as the gate leaves them out; a shadow failure graded {@code warning} stays in, as the
 *     disagreement it is ({@link #agreementMatches()} of {@link #agreementPairs()}, {@link #agreementLeftOut()} left out)
 * @param severities diverging pairs by their most severe (real, with a noise baseline) difference ({@code info},
 *     {@code warning}, {@code critical})
 * @param primaryErrors pairs where the primary gave no answer
 * @param shadowErrors pairs where the shadow gave no answer (timeouts included)
 * @param shadowTimeouts pairs where the shadow timed out
 * @param statusClassMismatches pairs whose status classes differ (e.g. 200 against 503)
 * @param evidence how many pairs could be compared at all, and what could not be read: what the gate needs to tell
 *     a verdict from the absence of one
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
 * @param noise the noise baseline: which differences the primary also has with itself, and the raw figures, or
 *     {@code null} when no record had a secondary side
 * @param llm streaming latency, tokens and cost of the LLM answers, or {@code null} when no answer was an LLM answer
 * @param instances the counts of each proxy (or replay) that wrote records, by {@code instance_id}: how each replica
 *     of a fleet fares
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
    Evidence evidence,
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
    Instant last,
    Noise noise,
    LlmSummary llm,
    List<Instance> instances) {

  public ComparisonSummary {
    severities = Map.copyOf(severities);
    latencyShapes = Map.copyOf(latencyShapes);
    timeline = List.copyOf(timeline);
    fields = List.copyOf(fields);
    confusions = List.copyOf(confusions);
    metrics = List.copyOf(metrics);
    topDivergences = List.copyOf(topDivergences);
    instances = List.copyOf(instances);
  }

  /**
   * This summary with the drops of one instance: what a running proxy knows of itself and no record says. The
   * instance gets a row of its own when it has no record yet.
   */
  public ComparisonSummary withInstanceDrops(String instanceId, Drops drops) {
    List<Instance> rows = new java.util.ArrayList<>(instances.size() + 1);
    boolean found = false;
    for (Instance i : instances) {
      if (java.util.Objects.equals(i.instanceId(), instanceId)) {
        rows.add(i.withDrops(drops));
        found = true;
      } else {
        rows.add(i);
      }
    }
    if (!found) {
      rows.add(Instance.empty(instanceId).withDrops(drops));
      rows.sort(Instance.ORDER);
    }
    return new ComparisonSummary(
        requests,
        matches,
        agreement,
        severities,
        primaryErrors,
        shadowErrors,
        shadowTimeouts,
        statusClassMismatches,
        evidence,
        primaryLatency,
        shadowLatency,
        latencyDelta,
        latencyShapes,
        timeline,
        fields,
        confusions,
        metrics,
        topDivergences,
        trend,
        first,
        last,
        noise,
        llm,
        rows);
  }

  /**
   * How much of a run is evidence about the shadow. A pair where a side gave no answer compares nothing, yet with its
   * failure graded {@code info} (the primary's, by default) it counts among the matches; the gate leaves such pairs
   * out rather than read agreement into them.
   *
   * @param compared pairs where both the primary and the shadow answered
   * @param uncomparedMatches pairs where a side gave no answer that count among {@code matches} all the same
   * @param unreadableLatencies pairs where both answered but a side's {@code latency_ms} is missing, not a number,
   *     negative or not finite: left out of the latency delta, and counted here so that leaving them out is said
   */
  public record Evidence(long compared, long uncomparedMatches, long unreadableLatencies) {}

  /** The instances whose shadow copies all failed: the replicas that stand out. */
  public List<Instance> failingInstances() {
    return instances.stream().filter(i -> i.status() == InstanceStatus.SHADOW_FAILING).toList();
  }

  /**
   * How one proxy (or replay) of a fleet fared, from the records that carry its {@code instance_id}.
   *
   * <p>Agreement counts every difference above {@code info}, noise included: the noise baseline classifies
   * differences over the whole run, not per replica.
   *
   * @param instanceId the records' {@code instance_id}, or {@code null} for records without one (written before
   *     instance ids existed)
   * @param pairs pairs recorded
   * @param matches pairs without a difference above {@code info}
   * @param agreement matches / pairs with its 95% Wilson interval, the pairs {@code agreementLeftOut} left out of both
   * @param agreementLeftOut pairs among {@code matches} where a side gave no answer, left out of {@code agreement} as
   *     {@link ComparisonSummary#agreementLeftOut()} are
   * @param severities diverging pairs by their most severe difference
   * @param primaryErrors pairs where the primary gave no answer
   * @param shadowErrors pairs where the shadow gave no answer (timeouts included)
   * @param shadowTimeouts pairs where the shadow timed out
   * @param drops what the instance dropped, or {@code null} when not known: drops leave no record, so only the
   *     running proxy knows its own
   * @param first time of its first record, or {@code null}
   * @param last time of its last record, or {@code null}
   */
  public record Instance(
      String instanceId,
      long pairs,
      long matches,
      WilsonInterval agreement,
      long agreementLeftOut,
      Map<String, Long> severities,
      long primaryErrors,
      long shadowErrors,
      long shadowTimeouts,
      Drops drops,
      Instant first,
      Instant last) {

    /** Records without an instance id last, the others by id. */
    static final java.util.Comparator<Instance> ORDER =
        java.util.Comparator.comparing(
            Instance::instanceId,
            java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));

    public Instance {
      severities = Map.copyOf(severities);
    }

    static Instance empty(String instanceId) {
      return new Instance(
          instanceId, 0, 0, WilsonInterval.of(0, 0), 0, Map.of(), 0, 0, 0, null, null, null);
    }

    Instance withDrops(Drops d) {
      return new Instance(
          instanceId,
          pairs,
          matches,
          agreement,
          agreementLeftOut,
          severities,
          primaryErrors,
          shadowErrors,
          shadowTimeouts,
          d,
          first,
          last);
    }

    /** Diverging pairs whose most severe difference is this one ({@code critical} etc.). */
    public long severity(String label) {
      return severities.getOrDefault(label, 0L);
    }

    /** Shadow errors / pairs, NaN with no pairs. */
    public double shadowErrorRate() {
      return pairs == 0 ? Double.NaN : (double) shadowErrors / pairs;
    }

    /** What stands out about this instance. */
    public InstanceStatus status() {
      if (pairs == 0) {
        return InstanceStatus.NO_PAIRS;
      }
      return shadowErrors == pairs ? InstanceStatus.SHADOW_FAILING : InstanceStatus.OK;
    }
  }

  /** What stands out about one instance of a fleet. */
  public enum InstanceStatus {
    /** It recorded pairs, and not every shadow copy failed. */
    OK("ok"),
    /** Every shadow copy it sent failed: its shadow is unreachable, refusing or timing out. */
    SHADOW_FAILING("shadow_failing"),
    /** It recorded no pair (a running proxy that has mirrored nothing, or dropped every copy). */
    NO_PAIRS("no_pairs");

    private final String key;

    InstanceStatus(String key) {
      this.key = key;
    }

    /** The name in {@code summary.json}. */
    public String key() {
      return key;
    }
  }

  /**
   * What a running proxy dropped: nothing of it reaches a record.
   *
   * @param copies copies not sent to the shadow (too many in flight, or their bytes did not fit)
   * @param records compared pairs not recorded (the record queue full in count or bytes, closing, a failed worker)
   * @param shed finished pairs neither compared nor recorded because the event loops lagged ({@code --shed-lag}):
   *     above zero, the records are a sample of the pairs
   */
  public record Drops(long copies, long records, long shed) {}

  /** Whether a difference of this kind at this field is noise (with a noise baseline; else never). */
  public boolean noisy(String kind, String path) {
    return noise != null && noise.noisy(kind, path);
  }

  /** Diverging pairs with at least this severity's count; {@code critical} etc. */
  public long severity(String label) {
    return severities.getOrDefault(label, 0L);
  }

  /** Shadow errors / requests, or 0 with no requests. */
  public double shadowErrorRate() {
    return requests == 0 ? 0 : (double) shadowErrors / requests;
  }

  /** Pairs left out of {@link #agreement()}: they count among the matches, though a side gave no answer. */
  public long agreementLeftOut() {
    return evidence.uncomparedMatches();
  }

  /** The pairs {@link #agreement()} is over: every pair but those {@linkplain #agreementLeftOut() left out}. */
  public long agreementPairs() {
    return requests - agreementLeftOut();
  }

  /** The agreeing pairs among {@link #agreementPairs()}. */
  public long agreementMatches() {
    return matches - agreementLeftOut();
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
   * @param matches agreeing pairs in it, the left-out ones included (as {@link ComparisonSummary#matches()})
   * @param agreementLeftOut pairs among {@code matches} where a side gave no answer, left out of the bucket's
   *     agreement as {@link ComparisonSummary#agreementLeftOut()} is out of the summary's: summed over the buckets,
   *     {@link #agreementMatches()} and {@link #agreementPairs()} give the summary's
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
      long agreementLeftOut,
      long critical,
      long shadowErrors,
      double meanPrimaryMillis,
      double meanShadowMillis,
      double meanDeltaMillis) {

    /** The pairs the bucket's agreement is over: every pair but those {@linkplain #agreementLeftOut() left out}. */
    public long agreementPairs() {
      return requests - agreementLeftOut;
    }

    /** The agreeing pairs among {@link #agreementPairs()}. */
    public long agreementMatches() {
      return matches - agreementLeftOut;
    }
  }

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
   * @param unmeasured pairs on which the measurement could not be taken (e.g. the semantic model's queue was full);
   *     not in {@code count}
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
      Histogram histogram,
      long unmeasured) {}

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
   * @param noisyReasons for each reason, whether its difference is noise (all false without a noise baseline)
   * @param traceId the request's trace ({@code trace_id} of its record), or {@code null} when it had none
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
      String shadow,
      List<Boolean> noisyReasons,
      String traceId) {
    public Divergence {
      reasons = List.copyOf(reasons);
      noisyReasons = List.copyOf(noisyReasons);
      if (noisyReasons.size() != reasons.size()) {
        throw new IllegalArgumentException(
            "one noise mark per reason: " + noisyReasons.size() + " for " + reasons.size());
      }
    }

    /** A divergence whose reasons are not marked as noise. */
    public Divergence(
        String id,
        Instant time,
        String method,
        String uri,
        String severity,
        List<String> reasons,
        String request,
        String primary,
        String shadow,
        String traceId) {
      this(
          id,
          time,
          method,
          uri,
          severity,
          reasons,
          request,
          primary,
          shadow,
          java.util.Collections.nCopies(reasons.size(), false),
          traceId);
    }
  }

  /**
   * The noise baseline: the same comparator run on the primary and a second instance of it (the secondary), and a
   * verdict per difference key (kind and JSON path) on whether the shadow differs from the primary significantly and
   * materially more often than the primary differs from itself (see {@code NoiseTest}).
   *
   * @param pairs pairs where the primary, the shadow and the secondary all answered: the trials of every test
   * @param secondaryErrors pairs whose secondary gave no answer
   * @param alpha the significance level of the tests
   * @param absoluteFloor an excess over the noise rate up to this is noise whatever the p-value
   * @param relativeFloor ... and up to this fraction of the noise rate
   * @param entries one verdict per difference key, real ones first, then the most frequent, at most a hundred
   * @param keysClassified difference keys classified in all (entries lists the first of them)
   * @param noiseKeys every key classified noise, as "kind NUL path"
   * @param rawMatches pairs without a difference above {@code info}, noise included: the figure without the baseline
   * @param rawAgreement rawMatches / requests with its 95% Wilson interval
   * @param rawSeverities diverging pairs by their most severe difference, noise included
   * @param overflowPairs diverging pairs whose combination of differences was not kept (past the aggregator's bound):
   *     counted as disagreeing, with their raw severity, whatever their differences
   */
  public record Noise(
      long pairs,
      long secondaryErrors,
      double alpha,
      double absoluteFloor,
      double relativeFloor,
      List<NoiseField> entries,
      long keysClassified,
      java.util.Set<String> noiseKeys,
      long rawMatches,
      WilsonInterval rawAgreement,
      Map<String, Long> rawSeverities,
      long overflowPairs) {
    public Noise {
      entries = List.copyOf(entries);
      noiseKeys = java.util.Set.copyOf(noiseKeys);
      rawSeverities = Map.copyOf(rawSeverities);
    }

    /** Whether a difference of this kind at this field is noise. */
    public boolean noisy(String kind, String path) {
      return noiseKeys.contains(kind + '\u0000' + path);
    }

    /** Diverging pairs with this most severe difference, noise included. */
    public long rawSeverity(String label) {
      return rawSeverities.getOrDefault(label, 0L);
    }
  }

  /**
   * The noise verdict on one difference key.
   *
   * @param kind difference kind, e.g. {@code value_changed}
   * @param path JSON Pointer, {@code ""} for the whole answer
   * @param noiseCount pairs on which the secondary differed from the primary here
   * @param noiseRate noiseCount / pairs
   * @param candidateCount pairs on which the shadow differed from the primary here
   * @param candidateRate candidateCount / pairs
   * @param pValue one-sided pooled two-proportion z-test that the candidate rate is above the noise rate
   * @param verdict {@code noise} or {@code real}
   */
  public record NoiseField(
      String kind,
      String path,
      long noiseCount,
      double noiseRate,
      long candidateCount,
      double candidateRate,
      double pValue,
      String verdict) {

    /** Whether the verdict is noise. */
    public boolean noise() {
      return "noise".equals(verdict);
    }
  }

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
