package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * {@link Binning} against numpy 2.4.6 (scipy 1.17.1 environment):
 *
 * <pre>
 * np.histogram_bin_edges(np.arange(1024.0), bins='sturges').size - 1   # 11 (log2 exact for a power of two)
 * np.histogram_bin_edges(np.arange(1000.0), bins='sturges').size - 1   # 11
 * e = np.histogram_bin_edges(np.array([0.1*i for i in range(37)] + [9.7, 11.0]), bins='sturges')
 * len(e) - 1, e[1], e[-2]                                               # 7 1.5714285714285714 9.428571428571429
 * </pre>
 */
class BinningTest {

  @Test
  void sturgesEdgesMatchNumpy() {
    assertThat(Binning.sturgesEdges(0, 1023, 1024)).hasSize(12);
    assertThat(Binning.sturgesEdges(0, 999, 1000)).hasSize(12);
    double[] e = Binning.sturgesEdges(0, 11.0, 39);
    assertThat(e).hasSize(8);
    assertThat(e[1]).isEqualTo(1.5714285714285714);
    assertThat(e[6]).isEqualTo(9.428571428571429);
    assertThat(e[0]).isEqualTo(0.0);
    assertThat(e[7]).isEqualTo(11.0);
  }

  @Test
  void constantDataGetsOneUnitBin() {
    assertThat(Binning.sturgesEdges(5, 5, 10)).containsExactly(4.5, 5.5);
  }

  @Test
  void fewDistinctValuesAreOneBinEach() {
    NumericPair pair = new NumericPair(new double[] {1, 1, 2, 3}, new double[] {3, 4});
    Binning.Shares s = Binning.shares(pair, false);
    assertThat(s.reference()).containsExactly(0.5, 0.25, 0.25, 0.0);
    assertThat(s.current()).containsExactly(0.0, 0.0, 0.5, 0.5);
  }

  @Test
  void zeroSharesAreFilledWithEvidentlysEpsilon() {
    NumericPair pair = new NumericPair(new double[] {1, 1, 2, 3}, new double[] {3, 4});
    Binning.Shares s = Binning.shares(pair, true);
    // smallest non-zero share is 0.25 > 0.0001, so zeros become 0.0001
    assertThat(s.reference()).containsExactly(0.5, 0.25, 0.25, 0.0001);
    assertThat(s.current()).containsExactly(0.0001, 0.0001, 0.5, 0.5);
  }

  @Test
  void lastBinIsClosed() {
    assertThat(Binning.histogram(new double[] {0, 1, 2, 3, 4}, new double[] {0, 2, 4}))
        .containsExactly(2, 3);
  }

  @Property(tries = 200)
  void sharesSumToOneAndCountEveryValue(
      @ForAll @Size(min = 1, max = 300) double[] ref,
      @ForAll @Size(min = 1, max = 300) double[] cur) {
    if (!finite(ref) || !finite(cur) || !finiteRange(ref, cur)) {
      return; // a range past the doubles is refused (refusesARangeWiderThanTheDoubles)
    }
    Binning.Shares s = Binning.shares(new NumericPair(ref, cur), false);
    assertThat(s.reference()).hasSameSizeAs(s.current());
    assertThat(Arrays.stream(s.reference()).sum())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(Arrays.stream(s.current()).sum())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Property(tries = 200)
  void sturgesHistogramCountsAllValues(@ForAll @Size(min = 21, max = 500) double[] values) {
    if (!finite(values)) {
      return;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] edges = Binning.sturgesEdges(sorted[0], sorted[sorted.length - 1], sorted.length);
    assertThat(Arrays.stream(Binning.histogram(sorted, edges)).sum()).isEqualTo(values.length);
  }

  @Property(tries = 200)
  void binningIgnoresRowOrder(
      @ForAll @Size(min = 1, max = 200) double[] ref,
      @ForAll @Size(min = 1, max = 200) @DoubleRange(min = -1e6, max = 1e6) double[] cur) {
    if (!finite(ref) || !finiteRange(ref, cur)) {
      return;
    }
    double[] reversed = new double[cur.length];
    for (int i = 0; i < cur.length; i++) {
      reversed[i] = cur[cur.length - 1 - i];
    }
    Binning.Shares a = Binning.shares(new NumericPair(ref, cur), true);
    Binning.Shares b = Binning.shares(new NumericPair(ref, reversed), true);
    assertThat(a.reference()).containsExactly(b.reference());
    assertThat(a.current()).containsExactly(b.current());
  }

  @Test
  void refusesARangeWiderThanTheDoubles() {
    // numpy 2.4.6: np.histogram_bin_edges of these 60 values, bins="sturges", overflows and raises
    // ValueError ("cannot convert float NaN to integer"); one bin would read as no drift
    double[] ref = new double[30];
    double[] cur = new double[30];
    for (int i = 0; i < 30; i++) {
      ref[i] = (i % 2 == 0 ? -1e308 : 1e308) * (1 + i / 100.0);
      cur[i] = 1e308 * (1 + i / 100.0);
    }
    assertThatThrownBy(() -> Binning.shares(new NumericPair(ref, cur), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wider than the doubles reach");
  }

  private static boolean finiteRange(double[] ref, double[] cur) {
    double min = Math.min(Arrays.stream(ref).min().orElse(0), Arrays.stream(cur).min().orElse(0));
    double max = Math.max(Arrays.stream(ref).max().orElse(0), Arrays.stream(cur).max().orElse(0));
    return Double.isFinite(max - min);
  }

  static boolean finite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
