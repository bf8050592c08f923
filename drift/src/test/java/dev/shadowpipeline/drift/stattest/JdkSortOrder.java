package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.Consumer;

/** The check our sorts share: the same order as {@link Arrays#sort(double[])}, bit for bit. */
final class JdkSortOrder {

  private JdkSortOrder() {}

  /** Sorts a copy of the values with {@code sort} and checks it against {@link Arrays#sort(double[])}. */
  static void assertSortsLikeTheJdk(double[] values, Consumer<double[]> sort) {
    double[] expected = values.clone();
    Arrays.sort(expected);
    double[] actual = values.clone();
    sort.accept(actual);
    // compared bit for bit, so -0.0 and 0.0 must be in the JDK's order too
    assertThat(Arrays.stream(actual).mapToLong(Double::doubleToRawLongBits).toArray())
        .isEqualTo(Arrays.stream(expected).mapToLong(Double::doubleToRawLongBits).toArray());
  }
}
