package dev.shadowpipeline.drift.classifier;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The area under the ROC curve of scores against two classes, and what random labelling reaches.
 *
 * <p>AUC = (R<sub>1</sub> - n<sub>1</sub>(n<sub>1</sub> + 1)/2) / (n<sub>0</sub> n<sub>1</sub>), R<sub>1</sub> the
 * sum of the positive rows' ranks among all scores (ties get their average rank): the Mann-Whitney U of the positive
 * class over n<sub>0</sub>n<sub>1</sub>, which equals scikit-learn's {@code roc_auc_score} (the trapezoidal area
 * counts a tied pair as half) exactly.
 *
 * <p>The random-labelling reference shuffles the classes over the same scores: under "no drift" every assignment of
 * the classes to the held-out rows is equally likely, so the shuffled AUCs are the null distribution of the observed
 * one, ties included. Evidently draws uniform random scores instead ({@code np.random.rand}), which gives the same
 * distribution when no two scores tie.
 */
public final class RocAuc {

  private final double[] ranks;
  private final int n;

  /** Ranks {@code scores} once, for the AUC of any labelling of them. */
  public RocAuc(double[] scores) {
    n = scores.length;
    ranks = averageRanks(scores);
  }

  /**
   * The AUC of the positive class.
   *
   * @throws IllegalArgumentException when a class is absent (the AUC is undefined) or the sizes differ
   */
  public double auc(boolean[] positive) {
    if (positive.length != n) {
      throw new IllegalArgumentException(
          "one class per score: " + n + " scores, " + positive.length + " classes");
    }
    long n1 = 0;
    double r1 = 0;
    for (int i = 0; i < n; i++) {
      if (positive[i]) {
        n1++;
        r1 += ranks[i];
      }
    }
    long n0 = n - n1;
    if (n1 == 0 || n0 == 0) {
      throw new IllegalArgumentException(
          "the AUC needs both classes: " + n1 + " positive and " + n0 + " negative rows");
    }
    return (r1 - n1 * (n1 + 1) / 2.0) / ((double) n0 * n1);
  }

  /** The AUC of the scores against the classes, scikit-learn's {@code roc_auc_score(positive, scores)}. */
  public static double auc(double[] scores, boolean[] positive) {
    return new RocAuc(scores).auc(positive);
  }

  /**
   * The AUCs of {@code permutations} random reassignments of the classes to the scores (Fisher-Yates shuffles drawn
   * from {@code random}), in the order drawn.
   */
  public double[] shuffledAucs(boolean[] positive, int permutations, SplittableRandom random) {
    if (permutations < 1) {
      throw new IllegalArgumentException("permutations must be >= 1: " + permutations);
    }
    boolean[] labels = positive.clone();
    double[] out = new double[permutations];
    for (int p = 0; p < permutations; p++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        boolean t = labels[i];
        labels[i] = labels[j];
        labels[j] = t;
      }
      out[p] = auc(labels);
    }
    return out;
  }

  /** numpy's {@code percentile(values, q)} with its default linear interpolation; q in [0, 100]. */
  public static double percentile(double[] values, double q) {
    if (values.length == 0 || !(q >= 0 && q <= 100)) {
      throw new IllegalArgumentException(
          "need values and 0 <= q <= 100: " + values.length + " values, q=" + q);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double pos = q / 100 * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    double frac = pos - lo;
    return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
  }

  /**
   * numpy's {@code percentile(values, q, method="higher")}: the smallest order statistic at or above the linear
   * interpolation's position. Of N exchangeable relabelling AUCs, the observed one exceeds this value with probability
   * at most 1 - q/100 under "no drift" (50/1001 for q = 95, N = 1000), where the linear interpolation, one gap lower,
   * can reach (N + 1 - &lceil;q(N - 1)/100&rceil;)/(N + 1) (51/1001).
   */
  public static double higherPercentile(double[] values, double q) {
    if (values.length == 0 || !(q >= 0 && q <= 100)) {
      throw new IllegalArgumentException(
          "need values and 0 <= q <= 100: " + values.length + " values, q=" + q);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.ceil(q / 100 * (sorted.length - 1))];
  }

  /** Ranks 1..n with ties averaged (scipy's {@code rankdata(method="average")}). */
  static double[] averageRanks(double[] scores) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double[] ranks = new double[n];
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && Double.compare(scores[order[j + 1]], scores[order[i]]) == 0) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      i = j + 1;
    }
    return ranks;
  }
}
