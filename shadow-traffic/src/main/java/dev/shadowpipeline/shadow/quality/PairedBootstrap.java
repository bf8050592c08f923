package dev.shadowpipeline.shadow.quality;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Paired percentile bootstrap of the difference between two models on the same inputs: reproducible from its seed,
 * in Java or in any language that transcribes the few lines below. Immutable; configure with {@code with...}.
 *
 * <p><b>Procedure</b> (Efron and Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 13,
 * doi:10.1201/9780429246593). For each of B replicates (default {@value #DEFAULT_REPLICATES}): draw n input indices
 * with replacement, both models judged on those same inputs, and record the metric's shadow − primary on them. The
 * two-sided 1 − α interval is the α/2 and 1 − α/2 quantiles of the B differences; the one-sided lower bound of the
 * improvement (the difference oriented so that positive is better, see {@link MetricDifference}) is its α quantile.
 * A replicate on which the metric is undefined for either model (ROC AUC of a resample with one class) is left out
 * and counted in {@link MetricDifference#usedReplicates()}.
 *
 * <p><b>Draws, exactly.</b> One {@code SplitMix64} generator seeded with {@link #seed()} serves every replicate in
 * turn; replicate b takes the next n indices. Each index is drawn without modulo bias:
 *
 * <pre>
 * M = 2**64
 * def next_long():                      # SplitMix64 (Steele, Lea and Flood 2014)
 *     state = (state + 0x9E3779B97F4A7C15) % M
 *     z = state
 *     z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) % M
 *     z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) % M
 *     return z ^ (z >> 31)
 * def next_index(n):                    # uniform on [0, n): reject the incomplete last block
 *     while True:
 *         r = next_long() >> 1
 *         v = r % n
 *         if r - v + n - 1 &lt; 2**63: return v
 * </pre>
 *
 * <p>A replicate is evaluated as the metric with each input weighted by the number of times it was drawn (which is
 * the metric of the resample), summing {@code w[i] * term[i]} over i in index order; ROC AUC is counted in integers.
 * Quantiles are numpy's default ({@code np.quantile(d, q)}, "linear") computed the same way. The tests hold a Python
 * transcription's intervals and check equality.
 *
 * <p>Cost: B × n draws, and per replicate one pass over the inputs per metric and model; the inputs are not copied.
 */
public final class PairedBootstrap {

  /** Replicates drawn by default. */
  public static final int DEFAULT_REPLICATES = 2000;

  /**
   * The most replicates: 50 times the default, seconds on thousands of pairs. The run time grows with replicates
   * times pairs, so an unbounded count (a typo of 100000000) would run for hours; beyond this the percentile
   * bounds' Monte Carlo error is already far below the interval's width.
   */
  public static final int MAX_REPLICATES = 100_000;

  /** The default seed. */
  public static final long DEFAULT_SEED = 0;

  /** The default α: 95% intervals and 95% one-sided bounds. */
  public static final double DEFAULT_ALPHA = 0.05;

  private static final PairedBootstrap DEFAULTS =
      new PairedBootstrap(DEFAULT_REPLICATES, DEFAULT_SEED, DEFAULT_ALPHA);

  private final int replicates;
  private final long seed;
  private final double alpha;

  private PairedBootstrap(int replicates, long seed, double alpha) {
    if (replicates < 1) {
      throw new IllegalArgumentException("replicates must be at least 1: " + replicates);
    }
    if (replicates > MAX_REPLICATES) {
      throw new IllegalArgumentException(
          "replicates must be at most " + MAX_REPLICATES + ": " + replicates);
    }
    if (!(alpha > 0 && alpha < 1)) { // outside (0, 1), or NaN
      throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
    }
    this.replicates = replicates;
    this.seed = seed;
    this.alpha = alpha;
  }

  /** B = {@value #DEFAULT_REPLICATES}, seed {@value #DEFAULT_SEED}, α = {@value #DEFAULT_ALPHA}. */
  public static PairedBootstrap defaults() {
    return DEFAULTS;
  }

  /**
   * A copy drawing {@code replicates} replicates.
   *
   * @throws IllegalArgumentException if replicates is below 1
   */
  public PairedBootstrap withReplicates(int replicates) {
    return new PairedBootstrap(replicates, seed, alpha);
  }

  /** A copy seeded with {@code seed}. */
  public PairedBootstrap withSeed(long seed) {
    return new PairedBootstrap(replicates, seed, alpha);
  }

  /**
   * A copy with 1 − α intervals and bounds.
   *
   * @throws IllegalArgumentException if alpha is not in (0, 1)
   */
  public PairedBootstrap withAlpha(double alpha) {
    return new PairedBootstrap(replicates, seed, alpha);
  }

  /** Replicates drawn. */
  public int replicates() {
    return replicates;
  }

  /** Seed of the draws. */
  public long seed() {
    return seed;
  }

  /** 1 − the confidence level. */
  public double alpha() {
    return alpha;
  }

  /**
   * z of a two-sided 1 − α normal interval (1.959963984540054 for α = 0.05), for the Wilson intervals shown beside the
   * bootstrap's.
   */
  public double twoSidedZ() {
    return alpha == DEFAULT_ALPHA
        ? WilsonInterval.Z95
        : NormalDistribution.of(0, 1).inverseSurvivalProbability(alpha / 2);
  }

  /**
   * The bootstrap of one classification metric's difference.
   *
   * @throws IllegalArgumentException if the metric is a regression metric, or needs scores that either model lacks
   */
  public MetricDifference difference(PairedClassification data, Metric metric) {
    data.requireComputable(metric);
    return run(data.size(), List.of(metric), data.primary()::value, data.shadow()::value)
        .get(metric);
  }

  /**
   * The bootstrap of one regression metric's difference.
   *
   * @throws IllegalArgumentException if the metric is a classification metric
   */
  public MetricDifference difference(PairedRegression data, Metric metric) {
    if (metric.task() != Task.REGRESSION) {
      throw new IllegalArgumentException("not a regression metric: " + metric.key());
    }
    return run(data.size(), List.of(metric), data.primary()::value, data.shadow()::value)
        .get(metric);
  }

  /** A model's metric on inputs weighted by draw counts. */
  @FunctionalInterface
  interface WeightedMetric {
    double value(Metric metric, int[] weights);
  }

  /**
   * The differences of several metrics from one set of replicates: every metric sees the same resamples, and the
   * result for a metric does not depend on which others are asked for.
   */
  Map<Metric, MetricDifference> run(
      int n, List<Metric> metrics, WeightedMetric primary, WeightedMetric shadow) {
    int[] ones = new int[n];
    Arrays.fill(ones, 1);
    int m = metrics.size();
    double[] primaryPoint = new double[m];
    double[] shadowPoint = new double[m];
    boolean[] defined = new boolean[m];
    boolean anyDefined = false;
    for (int j = 0; j < m; j++) {
      primaryPoint[j] = primary.value(metrics.get(j), ones);
      shadowPoint[j] = shadow.value(metrics.get(j), ones);
      // undefined on all the inputs (one class, for ROC AUC): it will not be defined on a resample
      // either
      defined[j] = !Double.isNaN(shadowPoint[j] - primaryPoint[j]);
      anyDefined |= defined[j];
    }
    double[][] differences = new double[m][replicates];
    int[] used = new int[m];
    if (anyDefined) {
      SplitMix64 random = new SplitMix64(seed);
      int[] counts = new int[n];
      for (int b = 0; b < replicates; b++) {
        Arrays.fill(counts, 0);
        for (int i = 0; i < n; i++) {
          counts[random.nextIndex(n)]++;
        }
        for (int j = 0; j < m; j++) {
          if (defined[j]) {
            double d = shadow.value(metrics.get(j), counts) - primary.value(metrics.get(j), counts);
            if (!Double.isNaN(d)) {
              differences[j][used[j]++] = d;
            }
          }
        }
      }
    }
    Map<Metric, MetricDifference> result = new EnumMap<>(Metric.class);
    for (int j = 0; j < m; j++) {
      result.put(
          metrics.get(j),
          summarise(metrics.get(j), primaryPoint[j], shadowPoint[j], differences[j], used[j]));
    }
    return Collections.unmodifiableMap(result);
  }

  /**
   * Percentile intervals of one model's metrics, from the same draws as {@link #run} (the same seed gives the same
   * resamples): the α/2 and 1 − α/2 quantiles of the metric over the replicates on which it is defined.
   */
  Map<Metric, MetricInterval> intervals(int n, List<Metric> metrics, WeightedMetric model) {
    int[] ones = new int[n];
    Arrays.fill(ones, 1);
    int m = metrics.size();
    double[] point = new double[m];
    boolean[] defined = new boolean[m];
    boolean anyDefined = false;
    for (int j = 0; j < m; j++) {
      point[j] = model.value(metrics.get(j), ones);
      defined[j] = !Double.isNaN(point[j]);
      anyDefined |= defined[j];
    }
    double[][] values = new double[m][replicates];
    int[] used = new int[m];
    if (anyDefined) {
      SplitMix64 random = new SplitMix64(seed);
      int[] counts = new int[n];
      for (int b = 0; b < replicates; b++) {
        Arrays.fill(counts, 0);
        for (int i = 0; i < n; i++) {
          counts[random.nextIndex(n)]++;
        }
        for (int j = 0; j < m; j++) {
          if (defined[j]) {
            double v = model.value(metrics.get(j), counts);
            if (!Double.isNaN(v)) {
              values[j][used[j]++] = v;
            }
          }
        }
      }
    }
    Map<Metric, MetricInterval> result = new EnumMap<>(Metric.class);
    for (int j = 0; j < m; j++) {
      double lower = Double.NaN;
      double upper = Double.NaN;
      if (used[j] > 0) {
        Arrays.sort(values[j], 0, used[j]);
        lower = Quantiles.linear(values[j], used[j], alpha / 2);
        upper = Quantiles.linear(values[j], used[j], 1 - alpha / 2);
      }
      result.put(
          metrics.get(j),
          new MetricInterval(
              metrics.get(j), point[j], lower, upper, MetricInterval.Method.BOOTSTRAP, used[j]));
    }
    return Collections.unmodifiableMap(result);
  }

  private MetricDifference summarise(
      Metric metric, double primaryValue, double shadowValue, double[] differences, int used) {
    if (used == 0) {
      return new MetricDifference(
          metric,
          primaryValue,
          shadowValue,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          alpha,
          replicates,
          0,
          seed);
    }
    double[] improvements = new double[used];
    for (int i = 0; i < used; i++) {
      // 0.0 - d rather than -d: an improvement of -0.0 would sort apart from 0.0 here but not in
      // numpy
      improvements[i] = metric.higherIsBetter() ? differences[i] : 0.0 - differences[i];
    }
    Arrays.sort(differences, 0, used);
    Arrays.sort(improvements);
    return new MetricDifference(
        metric,
        primaryValue,
        shadowValue,
        Quantiles.linear(differences, used, alpha / 2),
        Quantiles.linear(differences, used, 1 - alpha / 2),
        Quantiles.linear(improvements, used, alpha),
        alpha,
        replicates,
        used,
        seed);
  }
}
