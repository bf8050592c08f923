package dev.shadowpipeline.drift.stattest;

import java.util.Objects;
import java.util.Set;

/**
 * The tests that can be decided from a summary of a numeric column instead of its values, for engines that cannot
 * hold the values in one JVM (the Spark job). Each method takes what a distributed pass computes exactly (the
 * Kolmogorov-Smirnov statistic and the Wasserstein integral from a sorted merge of the pooled values, per-bin counts)
 * and finishes with the same formula, decision rule and result as the test run on the values.
 *
 * <pre>{@code
 * StatTestResult r = SummaryTests.wasserstein(w1, referenceStd, 0.1);
 * }</pre>
 */
public final class SummaryTests {

  /** The tests {@link #binned} finishes from per-bin counts ({@link Binning}'s bins). */
  public static final Set<String> BINNED = Set.of("jensenshannon", "psi", "kl_div");

  private SummaryTests() {}

  /**
   * Refuses, with the local test's own message, what that test refuses on the values, so that an engine working from
   * summaries reports the column as the same error rather than a placeholder answer: fewer values on a side than the
   * test needs ({@code t_test}, {@code cramer_von_mises}, {@code empirical_mmd}: 2; {@code epps_singleton}: 5), or, for
   * {@code anderson}, a pooled sample of one distinct value.
   *
   * @param testName the test
   * @param n1 reference values
   * @param n2 current values
   * @param distinct distinct values of reference &cup; current
   * @param smallest the pooled sample's smallest value (its only one when {@code distinct} is 1)
   * @throws IllegalArgumentException when the test cannot judge this data
   */
  public static void requireJudgeable(
      String testName, long n1, long n2, long distinct, double smallest) {
    Samples.requireAtLeast(testName, test(testName).minimumValues(), n1, n2);
    if (testName.equals("anderson") && distinct == 1) {
      throw AndersonDarlingTest.oneDistinctValue(smallest);
    }
  }

  /**
   * Kolmogorov-Smirnov from its statistic: the asymptotic p-value {@code kstwo.sf(D, round(n1 n2 / (n1 + n2)))}, which
   * is what scipy (and {@code ks}) use when max(n1, n2) &gt; 10000.
   *
   * @param d the statistic, max |F<sub>ref</sub> - F<sub>cur</sub>| after each tie group
   * @param n1 reference values
   * @param n2 current values
   * @throws IllegalArgumentException when max(n1, n2) &lt;= 10000: the p-value is then exact and needs the values
   */
  public static StatTestResult ks(double d, long n1, long n2, double threshold) {
    if (Math.max(n1, n2) <= KsTest.MAX_EXACT_N) {
      throw new IllegalArgumentException(
          "ks from its statistic needs more than "
              + KsTest.MAX_EXACT_N
              + " values on one side: "
              + n1
              + ", "
              + n2);
    }
    return test("ks").result(d, KsTest.asymptoticPValue(d, n1, n2), threshold);
  }

  /**
   * Normed Wasserstein distance from the integral &int; |F<sub>ref</sub> - F<sub>cur</sub>| and the reference's
   * population standard deviation (floored at 0.001, as Evidently does).
   */
  public static StatTestResult wasserstein(double integral, double referenceStd, double threshold) {
    double distance = integral / WassersteinTest.norm(referenceStd);
    return test("wasserstein").result(distance, distance, threshold);
  }

  /**
   * A histogram distance ({@link #BINNED}) from per-bin counts over {@link Binning}'s bins: Sturges bins when the
   * reference has more than {@value Binning#MAX_DISTINCT_UNBINNED} distinct values, else one bin per distinct value of
   * reference &cup; current, bins empty on both sides included.
   *
   * @throws IllegalArgumentException for a test not in {@link #BINNED}
   */
  public static StatTestResult binned(
      String testName, long[] reference, long[] current, double threshold) {
    Objects.requireNonNull(testName, "testName");
    double[] r = shares(reference);
    double[] c = shares(current);
    double value;
    switch (testName) {
      case "jensenshannon" -> value = Divergences.jensenShannon(r, c);
      case "psi" -> {
        Binning.fillZeros(r);
        Binning.fillZeros(c);
        value = Divergences.psi(r, c);
      }
      case "kl_div" -> {
        Binning.fillZeros(r);
        Binning.fillZeros(c);
        value = Divergences.klDivergence(r, c);
      }
      default ->
          throw new IllegalArgumentException(
              "not a binned test: '" + testName + "' (binned: " + BINNED + ")");
    }
    return test(testName).result(value, value, threshold);
  }

  /**
   * Hellinger distance of a numeric column from histograms over {@code
   * Binning.sturgesEdges(min, max, distinct values of reference ∪ current)}.
   */
  public static StatTestResult hellinger(
      double[] edges, long[] reference, long[] current, long n1, long n2, double threshold) {
    HellingerTest test = (HellingerTest) test("hellinger");
    return test.fromCoefficient(
        HellingerTest.binnedCoefficient(edges, reference, current, n1, n2), threshold);
  }

  /**
   * Mann-Whitney, Anderson-Darling or Cram&eacute;r-von Mises from the sums over the pooled sample's tie groups, with
   * the test's own p-value rule (exact or asymptotic by the sizes, as on the values).
   */
  public static StatTestResult rankTest(TieGroupSums sums, double threshold) {
    StatisticAndP r = sums.finish();
    return test(sums.statistic().test()).result(r.statistic(), r.pValue(), threshold);
  }

  /**
   * Welch's t-test from each side's mean, sample variance (ddof 1) and size.
   *
   * @throws IllegalArgumentException when a side has fewer than two values, as the test on the values
   */
  public static StatTestResult tTest(
      double mean1, double var1, long n1, double mean2, double var2, long n2, double threshold) {
    AbstractStatTest test = test("t_test");
    Samples.requireAtLeast(test.name(), test.minimumValues(), n1, n2);
    StatisticAndP r = WelchTTest.fromMoments(mean1, var1, n1, mean2, var2, n2);
    return test.result(r.statistic(), r.pValue(), threshold);
  }

  /** Energy distance from &int; (F<sub>ref</sub> - F<sub>cur</sub>)&sup2; dx, as {@code CdfDistance} finishes it. */
  public static StatTestResult energy(double squaresIntegral, double threshold) {
    double distance = Math.sqrt(2) * Math.sqrt(squaresIntegral);
    return test("energy_distance").result(distance, distance, threshold);
  }

  /**
   * Epps-Singleton's frequencies for a pooled interquartile range (numpy's 'linear' percentiles, see {@link
   * #interpolate}); null when the range is 0, the case the test cannot run.
   */
  public static double[] eppsSingletonFrequencies(double pooledIqr) {
    return EppsSingletonTest.frequencies(pooledIqr);
  }

  /** Fills {@code row} (length 2 &times; frequencies) with Epps-Singleton's features of one value. */
  public static void eppsSingletonFeatures(double value, double[] frequencies, double[] row) {
    EppsSingletonTest.features(value, frequencies, row);
  }

  /**
   * Epps-Singleton from each side's feature means and the sums of products of the features' deviations from them
   * (upper triangle read); a null {@code meanX} means the pooled interquartile range was 0: statistic and p NaN, as
   * on the values (which the engines report as an error).
   *
   * @throws IllegalArgumentException when a side has fewer than 5 values, as the test on the values
   */
  public static StatTestResult eppsSingleton(
      double[] meanX,
      double[][] productsX,
      long nx,
      double[] meanY,
      double[][] productsY,
      long ny,
      double threshold) {
    AbstractStatTest test = test("epps_singleton");
    Samples.requireAtLeast(test.name(), test.minimumValues(), nx, ny);
    if (meanX == null) {
      return test.result(Double.NaN, Double.NaN, threshold);
    }
    StatisticAndP r = EppsSingletonTest.fromMoments(meanX, productsX, nx, meanY, productsY, ny);
    return test.result(r.statistic(), r.pValue(), threshold);
  }

  /**
   * numpy's 'linear' percentile between a, the value at position floor(q (n - 1)) of the sorted data, and b, the one
   * after it (the last value again at the end), with t the fractional part of q (n - 1).
   */
  public static double interpolate(double a, double b, double t) {
    return EppsSingletonTest.interpolate(a, b, t);
  }

  /**
   * The two-proportion z-test of a numeric column from the counts of its smallest value on each side; p = 1 when the
   * pooled data hold a single value.
   */
  public static StatTestResult z(
      long refAtMin, long n1, long curAtMin, long n2, long distinct, double threshold) {
    AbstractStatTest test = test("z");
    if (distinct == 1) {
      return test.result(0.0, 1.0, threshold);
    }
    StatisticAndP r =
        ZTest.fromCounts((double) refAtMin, (double) n1, (double) curAtMin, (double) n2);
    return test.result(r.statistic(), r.pValue(), threshold);
  }

  /** Values per side that {@code empirical_mmd} works on; a larger side is sampled down to this first. */
  public static final int MMD_SAMPLE = EmpiricalMmdTest.MAX_SAMPLE;

  /**
   * Empirical MMD with its seeded permutation p-value on samples of at most {@link #MMD_SAMPLE} values per side
   * drawn by the caller (the local test draws its own from the values).
   */
  public static StatTestResult empiricalMmd(double[] x, double[] y, double threshold) {
    return test("empirical_mmd").test(new NumericPair(x, y), threshold);
  }

  private static double[] shares(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      shares[i] = counts[i] / (double) total;
    }
    return shares;
  }

  private static AbstractStatTest test(String name) {
    return (AbstractStatTest) StatTests.byName(name);
  }
}
