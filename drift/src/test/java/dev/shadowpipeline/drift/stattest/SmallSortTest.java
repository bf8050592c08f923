package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The buckets' sort orders exactly as {@link Arrays#sort} does, on either side of its length limit. */
class SmallSortTest {

  private static void assertSortsLikeTheJdk(double[] values) {
    JdkSortOrder.assertSortsLikeTheJdk(values, SmallSort::sort);
  }

  @Test
  void zerosOfBothSignsTiesAndExtremes() {
    SplittableRandom random = new SplittableRandom(11);
    for (int n :
        new int[] {0, 1, 2, 3, SmallSort.LIMIT - 1, SmallSort.LIMIT, SmallSort.LIMIT + 1}) {
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] =
            switch (random.nextInt(7)) {
              case 0 -> -0.0;
              case 1 -> 0.0;
              case 2 -> Double.MIN_VALUE;
              case 3 -> -Double.MAX_VALUE;
              case 4 -> 1.5;
              default -> random.nextGaussian();
            };
      }
      assertSortsLikeTheJdk(values);
      double[] descending = values.clone();
      Arrays.sort(descending);
      for (int i = 0; i < n / 2; i++) {
        double t = descending[i];
        descending[i] = descending[n - 1 - i];
        descending[n - 1 - i] = t;
      }
      assertSortsLikeTheJdk(descending);
    }
  }

  @Property(tries = 200)
  void anyShortArraySortsLikeTheJdk(@ForAll @Size(max = 2 * SmallSort.LIMIT) double[] values) {
    assertSortsLikeTheJdk(Arrays.stream(values).filter(Double::isFinite).toArray());
  }

  @Property(tries = 200)
  void longsSortAscending(@ForAll @Size(max = 2 * SmallSort.LIMIT) long[] values) {
    long[] expected = values.clone();
    Arrays.sort(expected);
    long[] actual = values.clone();
    SmallSort.sort(actual);
    assertThat(actual).isEqualTo(expected);
  }
}
