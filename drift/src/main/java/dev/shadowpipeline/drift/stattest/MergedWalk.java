package dev.shadowpipeline.drift.stattest;

/**
 * A walk over two sorted samples merged, one distinct value at a time, with how many values of each sample lie below
 * that value and how many equal it (its ties). The rank tests (Kolmogorov-Smirnov, Cram&eacute;r-von Mises,
 * Mann-Whitney, Anderson-Darling), the CDF distances and the category counts all read the pooled sample this way:
 * the empirical CDFs after each tie group and the midranks follow from these four counts.
 *
 * <pre>{@code
 * MergedWalk walk = new MergedWalk(x, y);
 * while (walk.next()) {
 *   double midrank = walk.below() + (walk.ties() + 1) / 2.0;
 * }
 * }</pre>
 *
 * <p>Both samples must be sorted ascending ({@link DoubleSort}'s order) and free of NaN; they are read, never
 * modified. Values that compare equal with {@code ==} are one value ({@code -0.0} and {@code 0.0} are tied). One
 * instance walks once; it is not thread-safe.
 */
final class MergedWalk {

  private final double[] first;
  private final double[] second;

  /** Values of each sample below the current value; where the current tie group starts. */
  private int firstBelow;

  private int secondBelow;

  /** Values of each sample at or below the current value; where the next tie group starts. */
  private int firstEnd;

  private int secondEnd;
  private double value = Double.NaN;

  MergedWalk(double[] first, double[] second) {
    this.first = first;
    this.second = second;
  }

  /**
   * Moves to the next distinct value of the pooled sample.
   *
   * @return false when every value has been visited
   * @throws IllegalArgumentException when a sample holds NaN, which equals nothing, so no walk could pass it
   */
  boolean next() {
    firstBelow = firstEnd;
    secondBelow = secondEnd;
    if (firstEnd >= first.length && secondEnd >= second.length) {
      return false;
    }
    // each sample is sorted, so the smaller head is the pooled sample's next value
    value =
        firstEnd >= first.length
            ? second[secondEnd]
            : secondEnd >= second.length
                ? first[firstEnd]
                : Math.min(first[firstEnd], second[secondEnd]);
    while (firstEnd < first.length && first[firstEnd] == value) {
      firstEnd++;
    }
    while (secondEnd < second.length && second[secondEnd] == value) {
      secondEnd++;
    }
    if (firstEnd == firstBelow && secondEnd == secondBelow) {
      throw new IllegalArgumentException("samples must be free of NaN: cannot walk past " + value);
    }
    return true;
  }

  /** The current value. */
  double value() {
    return value;
  }

  /** Values of the first sample below the current value. */
  int firstBelow() {
    return firstBelow;
  }

  /** Values of the first sample equal to the current value (0 when only the second has it). */
  int firstTies() {
    return firstEnd - firstBelow;
  }

  /** Values of the first sample at or below the current value: n times its empirical CDF there. */
  int firstAtOrBelow() {
    return firstEnd;
  }

  /** Values of the second sample below the current value. */
  int secondBelow() {
    return secondBelow;
  }

  /** Values of the second sample equal to the current value (0 when only the first has it). */
  int secondTies() {
    return secondEnd - secondBelow;
  }

  /** Values of the second sample at or below the current value: m times its empirical CDF there. */
  int secondAtOrBelow() {
    return secondEnd;
  }

  /** Values of the pooled sample below the current value. */
  int below() {
    return firstBelow + secondBelow;
  }

  /** Values of the pooled sample equal to the current value: the size of its tie group. */
  int ties() {
    return firstTies() + secondTies();
  }
}
