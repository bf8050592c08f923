package dev.shadowpipeline.shadow.summary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-time-bucket counts that stay small: buckets start one second wide and double in width whenever there are more
 * than {@link #MAX_BUCKETS}, so a ten-second replay and a month of proxying both chart well.
 */
final class Timeline {

  static final int MAX_BUCKETS = 240;

  private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
  private long widthSeconds = 1;

  static final class Bucket {
    long requests;
    long matches;
    // pairs among matches where a side gave no answer: left out of the bucket's agreement, as
    // ComparisonSummary.agreementLeftOut() is left out of the summary's
    long leftOut;
    long critical;
    long shadowErrors;
    double primarySum;
    long primaryCount;
    double shadowSum;
    long shadowCount;
    double deltaSum;
    long deltaCount;

    void add(Bucket o) {
      requests += o.requests;
      matches += o.matches;
      leftOut += o.leftOut;
      critical += o.critical;
      shadowErrors += o.shadowErrors;
      primarySum += o.primarySum;
      primaryCount += o.primaryCount;
      shadowSum += o.shadowSum;
      shadowCount += o.shadowCount;
      deltaSum += o.deltaSum;
      deltaCount += o.deltaCount;
    }
  }

  /** The bucket for a time, created when needed. */
  Bucket at(Instant time) {
    long start = Math.floorDiv(time.getEpochSecond(), widthSeconds) * widthSeconds;
    Bucket b = buckets.computeIfAbsent(start, s -> new Bucket());
    if (buckets.size() > MAX_BUCKETS) {
      coarsen();
      return at(time);
    }
    return b;
  }

  private void coarsen() {
    widthSeconds *= 2;
    TreeMap<Long, Bucket> merged = new TreeMap<>();
    for (Map.Entry<Long, Bucket> e : buckets.entrySet()) {
      long start = Math.floorDiv(e.getKey(), widthSeconds) * widthSeconds;
      merged.computeIfAbsent(start, s -> new Bucket()).add(e.getValue());
    }
    buckets.clear();
    buckets.putAll(merged);
  }

  List<ComparisonSummary.TimeBucket> snapshot() {
    List<ComparisonSummary.TimeBucket> out = new ArrayList<>();
    for (Map.Entry<Long, Bucket> e : buckets.entrySet()) {
      Bucket b = e.getValue();
      out.add(
          new ComparisonSummary.TimeBucket(
              Instant.ofEpochSecond(e.getKey()),
              widthSeconds,
              b.requests,
              b.matches,
              b.leftOut,
              b.critical,
              b.shadowErrors,
              mean(b.primarySum, b.primaryCount),
              mean(b.shadowSum, b.shadowCount),
              mean(b.deltaSum, b.deltaCount)));
    }
    return out;
  }

  /**
   * Compares the last quarter of the covered time with everything before it. Agreement (over the pairs that can tell,
   * as {@link ComparisonSummary#agreement()}: those graded as agreeing though a side gave no answer left out): a
   * one-sided two-proportion
   * z-test (pooled), significant below p = 0.01 and only when it fell by at least one point, so a large sample does
   * not flag a meaningless wobble. Latency: the mean delta rising by more than max(10 ms, half the baseline's).
   */
  ComparisonSummary.Trend trend() {
    if (buckets.size() < 2) {
      return new ComparisonSummary.Trend(
          false, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, false);
    }
    long first = buckets.firstKey();
    long end = buckets.lastKey() + widthSeconds;
    long cut = end - Math.max(widthSeconds, (end - first) / 4);
    Bucket before = new Bucket();
    Bucket recent = new Bucket();
    for (Map.Entry<Long, Bucket> e : buckets.entrySet()) {
      (e.getKey() >= cut ? recent : before).add(e.getValue());
    }
    // the agreement's pairs and matches: the left-out pairs compared nothing, so a primary outage
    // in the recent quarter neither props up nor drags down its agreement
    long n1 = before.requests - before.leftOut;
    long n2 = recent.requests - recent.leftOut;
    long m1 = before.matches - before.leftOut;
    long m2 = recent.matches - recent.leftOut;
    double p1 = n1 == 0 ? Double.NaN : (double) m1 / n1;
    double p2 = n2 == 0 ? Double.NaN : (double) m2 / n2;
    double d1 = mean(before.deltaSum, before.deltaCount);
    double d2 = mean(recent.deltaSum, recent.deltaCount);
    boolean assessed = n1 >= 100 && n2 >= 100;
    double pValue = Double.NaN;
    boolean falling = false;
    boolean rising = false;
    if (assessed) {
      double pooled = (double) (m1 + m2) / (n1 + n2);
      double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
      pValue = se == 0 ? (p2 < p1 ? 0 : 1) : STANDARD_NORMAL.survivalProbability((p1 - p2) / se);
      falling = pValue < 0.01 && p1 - p2 >= 0.01;
      rising =
          Double.isFinite(d1) && Double.isFinite(d2) && d2 - d1 > Math.max(10, Math.abs(d1) / 2);
    }
    return new ComparisonSummary.Trend(assessed, p1, p2, pValue, d1, d2, falling, rising);
  }

  private static final org.apache.commons.statistics.distribution.NormalDistribution
      STANDARD_NORMAL = org.apache.commons.statistics.distribution.NormalDistribution.of(0, 1);

  private static double mean(double sum, long count) {
    return count == 0 ? Double.NaN : sum / count;
  }
}
