package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The radix sort orders exactly as {@link Arrays#sort(double[])} does. */
class DoubleSortTest {

  private static void assertSortsLikeTheJdk(double[] values) {
    JdkSortOrder.assertSortsLikeTheJdk(values, DoubleSort::sort);
  }

  @Test
  void largeColumnsOfEveryShape() {
    SplittableRandom random = new SplittableRandom(7);
    int n = DoubleSort.RADIX_THRESHOLD * 4;
    double[] normal = new double[n];
    double[] mixedSigns = new double[n];
    double[] fewValues = new double[n];
    double[] extremes = new double[n];
    for (int i = 0; i < n; i++) {
      normal[i] = 50_000 + 10_000 * random.nextGaussian();
      mixedSigns[i] = random.nextGaussian() * Math.pow(10, random.nextInt(-30, 30));
      fewValues[i] = random.nextInt(5) - 2 + (random.nextBoolean() ? 0.0 : -0.0);
      extremes[i] =
          switch (random.nextInt(6)) {
            case 0 -> Double.MAX_VALUE;
            case 1 -> -Double.MAX_VALUE;
            case 2 -> Double.MIN_VALUE;
            case 3 -> -Double.MIN_VALUE;
            case 4 -> -0.0;
            default -> 0.0;
          };
    }
    for (double[] column : new double[][] {normal, mixedSigns, fewValues, extremes}) {
      assertSortsLikeTheJdk(column);
    }
    double[] sorted = normal.clone();
    Arrays.sort(sorted);
    assertSortsLikeTheJdk(sorted);
  }

  @Property(tries = 50)
  void anyArraySortsLikeTheJdk(@ForAll @Size(max = 20_000) double[] values) {
    double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
    assertSortsLikeTheJdk(finite);
  }

  @Test
  void keysRoundTripAndKeepTheOrder() {
    double[] values = {
      -Double.MAX_VALUE, -1, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1, Double.MAX_VALUE
    };
    for (int i = 0; i < values.length; i++) {
      assertThat(Double.doubleToRawLongBits(DoubleSort.value(DoubleSort.key(values[i]))))
          .isEqualTo(Double.doubleToRawLongBits(values[i]));
      if (i > 0) {
        assertThat(Long.compareUnsigned(DoubleSort.key(values[i - 1]), DoubleSort.key(values[i])))
            .isNegative();
      }
    }
  }
}
