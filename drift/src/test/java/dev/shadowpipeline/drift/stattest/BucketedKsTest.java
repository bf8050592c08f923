package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bucketed KS statistic is bit for bit the sort-based one ({@link KsTest#statistic(double[], double[])}, itself
 * checked against scipy in {@link KsTestTest}), and so is the p-value, which follows from D and the sizes alone.
 * Coarse grids (down to a single bucket) force many buckets to be sorted and walked; fine ones few.
 */
class BucketedKsTest {

  @Provide
  Arbitrary<double[]> sample() {
    return AdversarialSamples.finite();
  }

  private static double sortBased(double[] a, double[] b) {
    return KsTest.statistic(Samples.sortedCopy(a), Samples.sortedCopy(b));
  }

  @Property(tries = 1000)
  void statisticIsBitForBitTheSortedWalks(
      @ForAll("sample") double[] a,
      @ForAll("sample") double[] b,
      @ForAll @IntRange(max = 12) int bits,
      @ForAll @IntRange(min = 1, max = 12) int coarseBits) {
    double bucketed = BucketedKs.statistic(a, b, KeyGrid.over(a, b, bits, coarseBits));
    assertThat(Double.doubleToRawLongBits(bucketed))
        .as("D %s against %s", bucketed, sortBased(a, b))
        .isEqualTo(Double.doubleToRawLongBits(sortBased(a, b)));
    StatisticAndP fromD = KsTest.statisticAndPValue(bucketed, a.length, b.length);
    StatisticAndP sorted = KsTest.statisticAndPValue(Samples.sortedCopy(a), Samples.sortedCopy(b));
    assertThat(fromD).isEqualTo(sorted);
  }

  @Property(tries = 300)
  void oneSampleInsideTheOther(
      @ForAll("sample") double[] a,
      @ForAll @IntRange(min = 1, max = 7) int stride,
      @ForAll @IntRange(max = 8) int bits) {
    // a subsample: the same values, so the CDFs touch often and many bucket bounds tie with D
    double[] b = new double[(a.length + stride - 1) / stride];
    for (int i = 0; i < b.length; i++) {
      b[i] = a[i * stride];
    }
    assertThat(BucketedKs.statistic(a, b, KeyGrid.over(a, b, bits))).isEqualTo(sortBased(a, b));
  }

  @Test
  void infinitiesTakeTheSortedWalkAndNanIsRefusedAsBefore() {
    double[] a = {1, 2, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3};
    double[] b = {2, 2, 5, Double.POSITIVE_INFINITY};
    assertThat(BucketedKs.statistic(a, b, KeyGrid.over(a, b, 8))).isEqualTo(sortBased(a, b));
    double[] nan = {1, Double.NaN};
    assertThatThrownBy(() -> BucketedKs.statistic(nan, b, KeyGrid.over(nan, b, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  static Stream<Arguments> largeColumns() {
    double[] rounded = Lcg.normals(61, 60_000, 0, 1);
    double[] roundedShifted = Lcg.normals(62, 45_000, 0.02, 1);
    for (double[] column : new double[][] {rounded, roundedShifted}) {
      for (int i = 0; i < column.length; i++) {
        column[i] = Math.rint(column[i] * 1e6) / 1e6; // the benchmark's shape: crosses zero
      }
    }
    double[] heavy = Lcg.normals(63, 30_000, 0, 1);
    double[] heavier = Lcg.normals(64, 30_000, 0, 1);
    for (int i = 0; i < heavy.length; i++) {
      heavy[i] = Math.exp(8 * heavy[i]);
      heavier[i] = Math.exp(8.2 * heavier[i]);
    }
    return Stream.of(
        Arguments.of("rounded normals crossing zero", rounded, roundedShifted),
        Arguments.of(
            "no drift, exact p", Lcg.normals(65, 9_000, 5, 2), Lcg.normals(66, 7_000, 5, 2)),
        Arguments.of("ties", Lcg.ints(67, 40_000, 50), Lcg.ints(68, 30_000, 50)),
        Arguments.of("heavy tails", heavy, heavier),
        Arguments.of(
            "small beside large", Lcg.normals(69, 100_000, 0, 1), Lcg.normals(70, 30, 0.4, 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("largeColumns")
  void theTestGivesTheSortBasedStatisticAndPValueOnLargeColumns(
      String name, double[] a, double[] b) {
    // through the public test, at sizes where it takes the bucketed path
    assertThat(a.length + b.length).isGreaterThanOrEqualTo(BucketedKs.MIN_VALUES);
    StatTestResult result = StatTests.byName("ks").test(new NumericPair(a, b), 0.05);
    StatisticAndP sorted = KsTest.statisticAndPValue(Samples.sortedCopy(a), Samples.sortedCopy(b));
    assertThat(result.statistic()).isEqualTo(sorted.statistic());
    assertThat(result.score()).isEqualTo(sorted.pValue());
    assertThat(BucketedKs.statistic(a, b)).isEqualTo(sortBased(a, b));
  }
}
