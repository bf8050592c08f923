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
    double distance = integral / Math.max(referenceStd, WassersteinTest.MIN_STD);
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
