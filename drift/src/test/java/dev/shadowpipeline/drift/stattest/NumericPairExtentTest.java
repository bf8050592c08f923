package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.DoubleStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The extent a pair finds once, for the histogram and the grids of ks and wasserstein. */
class NumericPairExtentTest {

  private static long bits(double v) {
    return Double.doubleToRawLongBits(v);
  }

  @Test
  void noValuesIsEmpty() {
    NumericPair.Extent e = NumericPair.Extent.of(new double[0], new double[0]);
    assertThat(e.empty()).isTrue();
    assertThat(e.min()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(e.max()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(e.smallestNonZeroMagnitude()).isZero();
  }

  @Test
  void negativeZeroIsBelowZeroAndNoMagnitude() {
    NumericPair.Extent e = NumericPair.Extent.of(new double[] {0.0, 0.0}, new double[] {-0.0});
    assertThat(bits(e.min())).isEqualTo(bits(-0.0));
    assertThat(bits(e.max())).isEqualTo(bits(0.0));
    assertThat(e.empty()).isFalse();
    assertThat(e.smallestNonZeroMagnitude()).isZero();
  }

  @Test
  void subnormalsAndInfinities() {
    NumericPair.Extent e =
        NumericPair.Extent.of(
            new double[] {-Double.MIN_VALUE, 3}, new double[] {Double.NEGATIVE_INFINITY, 0.0});
    assertThat(e.min()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(e.max()).isEqualTo(3.0);
    assertThat(e.smallestNonZeroMagnitude()).isEqualTo(Double.MIN_VALUE);
  }

  @Test
  void theTwoArgumentPairFindsItsExtent() {
    NumericPair pair = new NumericPair(new double[] {2, -1}, new double[] {5});
    assertThat(pair.extent()).isEqualTo(new NumericPair.Extent(-1, 5, 1));
  }

  /** Against the sort: the first and last of both arrays together, in Arrays.sort's order. */
  @Property(tries = 300)
  void minAndMaxAreTheSortsEnds(
      @ForAll @Size(max = 200) double[] a, @ForAll @Size(max = 200) double[] b) {
    double[] finiteA = Arrays.stream(a).filter(Double::isFinite).toArray();
    double[] finiteB = Arrays.stream(b).filter(Double::isFinite).toArray();
    double[] all = DoubleStream.concat(Arrays.stream(finiteA), Arrays.stream(finiteB)).toArray();
    NumericPair.Extent e = NumericPair.Extent.of(finiteA, finiteB);
    if (all.length == 0) {
      assertThat(e.empty()).isTrue();
      return;
    }
    Arrays.sort(all);
    assertThat(bits(e.min())).isEqualTo(bits(all[0]));
    assertThat(bits(e.max())).isEqualTo(bits(all[all.length - 1]));
    double smallest = Arrays.stream(all).map(Math::abs).filter(v -> v > 0).min().orElse(0);
    assertThat(e.smallestNonZeroMagnitude()).isEqualTo(smallest);
  }
}
