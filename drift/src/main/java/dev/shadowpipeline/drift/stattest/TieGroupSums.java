package dev.shadowpipeline.drift.stattest;

import java.io.Serializable;
import java.util.Objects;

/**
 * The sums over the tie groups of a pooled, sorted two-sample that the rank tests are made of: Mann-Whitney's rank
 * sum and tie term, Anderson-Darling's two weighted squares, Cram&eacute;r-von Mises' squared rank differences. Each
 * tie group (one distinct value) is added with where it starts in each sample and how many values of each it holds,
 * so the sums can be built by one walk over two sorted arrays (the local tests) or over sorted partitions of a
 * distributed sample, partition by partition, and then {@linkplain #plus merged} in partition order. The group's
 * contribution is the same expression in both places, so a distributed result differs from the local one only in
 * the order of the final additions (a relative few ulps per partition).
 *
 * <pre>{@code
 * TieGroupSums sums = new TieGroupSums(TieGroupSums.Statistic.CRAMER_VON_MISES, n1, n2);
 * for (each distinct value in order) sums.add(refBelow, curBelow, refTies, curTies);
 * StatTestResult r = SummaryTests.rankTest(sums, 0.1);
 * }</pre>
 */
public final class TieGroupSums implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Which test's sums are kept. */
  public enum Statistic {
    /** {@code mannw}: &Sigma; midrank of the reference, &Sigma;(t&sup3; - t). */
    MANN_WHITNEY("mannw"),
    /** {@code anderson}: Scholz and Stephens' A&sup2;<sub>akN</sub> sums, one per sample. */
    ANDERSON_DARLING("anderson"),
    /** {@code cramer_von_mises}: &Sigma;(r<sub>i</sub> - i)&sup2; per sample, r the pooled midrank. */
    CRAMER_VON_MISES("cramer_von_mises");

    private final String test;

    Statistic(String test) {
      this.test = test;
    }

    /** The test's name in the catalog. */
    public String test() {
      return test;
    }
  }

  private final Statistic statistic;
  private final long n1;
  private final long n2;
  private double first;
  private double second;
  private boolean ties;
  private long groups;

  /**
   * Empty sums for samples of n1 (the reference) and n2 values; Anderson-Darling needs the sizes for each group's
   * weight, the others for the finish.
   */
  public TieGroupSums(Statistic statistic, long n1, long n2) {
    this.statistic = Objects.requireNonNull(statistic, "statistic");
    this.n1 = n1;
    this.n2 = n2;
  }

  /** The test these sums are for. */
  public Statistic statistic() {
    return statistic;
  }

  /**
   * Adds one tie group, in ascending order of value within a run of groups.
   *
   * @param firstBelow reference values below the group
   * @param secondBelow current values below the group
   * @param firstTies reference values in the group
   * @param secondTies current values in the group
   */
  public void add(long firstBelow, long secondBelow, long firstTies, long secondTies) {
    groups++;
    double below = firstBelow + secondBelow;
    switch (statistic) {
      case MANN_WHITNEY -> {
        double t = firstTies + secondTies;
        double midrank = below + (t + 1) / 2.0;
        first += firstTies * midrank;
        if (t > 1) {
          ties = true;
          second += t * t * t - t;
        }
      }
      case ANDERSON_DARLING -> {
        double nTotal = n1 + n2;
        double lj = firstTies + secondTies;
        double bj = below + lj / 2.0;
        double m1 = (firstBelow + firstTies) - firstTies / 2.0;
        double m2 = (secondBelow + secondTies) - secondTies / 2.0;
        double denom = bj * (nTotal - bj) - nTotal * lj / 4.0;
        double d1 = nTotal * m1 - bj * n1;
        double d2 = nTotal * m2 - bj * n2;
        first += lj / nTotal * d1 * d1 / denom;
        second += lj / nTotal * d2 * d2 / denom;
      }
      case CRAMER_VON_MISES -> {
        double midrank = below + (firstTies + secondTies + 1) / 2.0;
        // (r_i - i) for the i-th value of a sample, counted from 1: its midrank less its rank there
        for (long t = firstBelow; t < firstBelow + firstTies; t++) {
          double d = midrank - (t + 1);
          first += d * d;
        }
        for (long t = secondBelow; t < secondBelow + secondTies; t++) {
          double d = midrank - (t + 1);
          second += d * d;
        }
      }
    }
  }

  /** These sums followed by {@code later}'s, whose groups all lie above these. */
  public TieGroupSums plus(TieGroupSums later) {
    if (later.statistic != statistic || later.n1 != n1 || later.n2 != n2) {
      throw new IllegalArgumentException(
          "cannot merge sums of " + later.statistic + " into " + statistic);
    }
    TieGroupSums sum = new TieGroupSums(statistic, n1, n2);
    sum.first = first + later.first;
    sum.second = second + later.second;
    sum.ties = ties || later.ties;
    sum.groups = groups + later.groups;
    return sum;
  }

  /** The sums of one walk over two sorted samples. */
  static TieGroupSums of(Statistic statistic, double[] x, double[] y) {
    TieGroupSums sums = new TieGroupSums(statistic, x.length, y.length);
    MergedWalk walk = new MergedWalk(x, y);
    while (walk.next()) {
      sums.add(walk.firstBelow(), walk.secondBelow(), walk.firstTies(), walk.secondTies());
    }
    return sums;
  }

  /**
   * Mann-Whitney's statistic and p-value for scipy's {@code alternative}.
   *
   * @throws IllegalStateException when these are not Mann-Whitney sums
   */
  StatisticAndP finishMannWhitney(MannWhitneyTest.Alternative alternative) {
    if (statistic != Statistic.MANN_WHITNEY) {
      throw new IllegalStateException("not Mann-Whitney sums: " + statistic);
    }
    return MannWhitneyTest.fromSums(first, second, ties, n1, n2, alternative);
  }

  /** The statistic and p-value, as the test computes them on the values. */
  StatisticAndP finish() {
    return switch (statistic) {
      case MANN_WHITNEY -> MannWhitneyTest.fromSums(first, second, ties, n1, n2);
      case ANDERSON_DARLING -> AndersonDarlingTest.fromSums(first, second, groups, n1, n2);
      case CRAMER_VON_MISES -> CramerVonMisesTest.fromSums(first, second, n1, n2);
    };
  }
}
