package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The shared tie walk against a naive count over every distinct value, on generated samples (jqwik). */
class MergedWalkTest {

  /** One distinct value and its counts, as the walk reports them. */
  private record Step(
      double value, int firstBelow, int firstTies, int secondBelow, int secondTies) {}

  @Provide
  Arbitrary<double[]> sortedSample() {
    // few distinct integers give long tie groups and values only one side has; any doubles give
    // none; both signs of
    // zero are one value
    return Arbitraries.oneOf(
            Arbitraries.integers()
                .between(-4, 4)
                .map(i -> (double) i)
                .array(double[].class)
                .ofMaxSize(60),
            Arbitraries.doubles().between(-1e6, 1e6).array(double[].class).ofMaxSize(60),
            Arbitraries.of(-0.0, 0.0, 1.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)
                .array(double[].class)
                .ofMaxSize(20))
        .map(
            a -> {
              double[] sorted = a.clone();
              DoubleSort.sort(sorted);
              return sorted;
            });
  }

  @Property(tries = 500)
  void visitsEveryDistinctValueOnceInOrderWithItsCounts(
      @ForAll("sortedSample") double[] first, @ForAll("sortedSample") double[] second) {
    assertThat(walk(first, second)).isEqualTo(naive(first, second));
  }

  @Property(tries = 200)
  void theCountsAddUpToBothSamples(
      @ForAll("sortedSample") double[] first, @ForAll("sortedSample") double[] second) {
    MergedWalk walk = new MergedWalk(first, second);
    int firstSeen = 0;
    int secondSeen = 0;
    while (walk.next()) {
      assertThat(walk.firstBelow()).isEqualTo(firstSeen);
      assertThat(walk.secondBelow()).isEqualTo(secondSeen);
      assertThat(walk.ties()).isPositive().isEqualTo(walk.firstTies() + walk.secondTies());
      assertThat(walk.below()).isEqualTo(firstSeen + secondSeen);
      assertThat(walk.firstAtOrBelow()).isEqualTo(walk.firstBelow() + walk.firstTies());
      assertThat(walk.secondAtOrBelow()).isEqualTo(walk.secondBelow() + walk.secondTies());
      firstSeen += walk.firstTies();
      secondSeen += walk.secondTies();
    }
    assertThat(firstSeen).isEqualTo(first.length);
    assertThat(secondSeen).isEqualTo(second.length);
    assertThat(walk.next()).as("a finished walk stays finished").isFalse();
  }

  @Example
  void tiesAcrossAndWithinTheSamples() {
    assertThat(walk(new double[] {1, 2, 2, 5}, new double[] {2, 3, 5, 5}))
        .containsExactly(
            new Step(1, 0, 1, 0, 0),
            new Step(2, 1, 2, 0, 1),
            new Step(3, 3, 0, 1, 1),
            new Step(5, 3, 1, 2, 2));
    assertThat(walk(new double[0], new double[0])).isEmpty();
  }

  @Example
  void nanIsRefusedRatherThanWalkedForever() {
    // NaN sorts last and equals nothing: without the check the walk would stop moving there
    MergedWalk walk = new MergedWalk(new double[] {1, Double.NaN}, new double[] {2});
    assertThat(walk.next()).isTrue();
    assertThatThrownBy(walk::next)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  private static List<Step> walk(double[] first, double[] second) {
    List<Step> steps = new ArrayList<>();
    MergedWalk walk = new MergedWalk(first, second);
    while (walk.next()) {
      steps.add(
          new Step(
              walk.value(),
              walk.firstBelow(),
              walk.firstTies(),
              walk.secondBelow(),
              walk.secondTies()));
    }
    return steps;
  }

  /** Every distinct value of the pooled sample, ascending, each counted by comparing it with every value. */
  private static List<Step> naive(double[] first, double[] second) {
    double[] pooled = new double[first.length + second.length];
    System.arraycopy(first, 0, pooled, 0, first.length);
    System.arraycopy(second, 0, pooled, first.length, second.length);
    Arrays.sort(pooled);
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < pooled.length; i++) {
      if (i > 0 && pooled[i] == pooled[i - 1]) {
        continue; // a tie with the value before, already counted (-0.0 sorts first, so it names the
        // group)
      }
      double v = pooled[i];
      steps.add(new Step(v, below(first, v), equal(first, v), below(second, v), equal(second, v)));
    }
    return steps;
  }

  private static int below(double[] values, double v) {
    return (int) Arrays.stream(values).filter(x -> x < v).count();
  }

  private static int equal(double[] values, double v) {
    return (int) Arrays.stream(values).filter(x -> x == v).count();
  }
}
