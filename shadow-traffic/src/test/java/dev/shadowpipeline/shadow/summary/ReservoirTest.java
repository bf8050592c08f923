package dev.shadowpipeline.shadow.summary;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The comparison report's histograms place a value lying on a bar's edge in that bar, as numpy does. */
class ReservoirTest {

  private static Reservoir hundredths(int from, int to) {
    Reservoir r = new Reservoir(10_000);
    for (int i = from; i <= to; i++) {
      r.add(i / 100.0);
    }
    return r;
  }

  @Test
  void valuesOnEdgesFallInTheBarThatStartsThere() {
    // numpy 2.4.6: np.histogram(np.arange(0, 101) / 100, bins=20, range=(0, 1))[0]; dividing by the
    // width put 0.85
    // (edge 17 is 0.85 in decimal, 0.8500000000000001 as numpy's and our edges compute it) in bar
    // 17, numpy in 16
    assertThat(hundredths(0, 100).histogram(20, 0, 1).counts())
        .containsExactly(5, 5, 6, 4, 5, 6, 5, 4, 5, 5, 5, 6, 4, 6, 4, 5, 6, 4, 6, 5);
    // np.histogram(np.arange(-100, 101) / 100, bins=30, range=(-1, 1))[0]
    assertThat(hundredths(-100, 100).histogram(30, -1, 1).counts())
        .containsExactly(
            7, 7, 6, 7, 7, 6, 7, 7, 6, 7, 7, 7, 6, 7, 6, 7, 7, 6, 7, 7, 6, 7, 7, 7, 6, 7, 6, 7, 7,
            7);
  }

  @Test
  void valuesOutsideTheBoundsGoToTheEndBars() {
    Reservoir r = new Reservoir(100);
    for (double v : new double[] {-5, 0, 0.5, 1, 2, 9}) {
      r.add(v);
    }
    ComparisonSummary.Histogram h = r.histogram(4, 0, 2);
    assertThat(h.counts()).containsExactly(2, 1, 1, 2); // -5, 0 | 0.5 | 1 | 2, 9
    assertThat(h.lower()).isEqualTo(0);
    assertThat(h.width()).isEqualTo(0.5);
  }

  @Test
  void oneValueMakesOneBar() {
    Reservoir r = new Reservoir(10);
    r.add(3);
    r.add(3);
    ComparisonSummary.Histogram h = r.histogram(30);
    assertThat(h.counts()).containsExactly(2);
    assertThat(h.lower()).isEqualTo(2.5);
  }

  @Property(tries = 500)
  void everyValueLiesInItsBarByTheDrawnEdges(
      @ForAll @DoubleRange(min = -1e6, max = 1e6) @Scale(6) double lo,
      @ForAll @DoubleRange(min = 1e-6, max = 1e6) @Scale(9) double span,
      @ForAll @IntRange(min = 1, max = 60) int bins,
      @ForAll @Size(max = 100) java.util.List<@DoubleRange(min = 0, max = 1) Double> fractions) {
    double hi = lo + span;
    // the ends, every edge as the report draws it and its neighbours one ulp away, and values in
    // between
    java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(lo, hi));
    double width = (hi - lo) / bins;
    for (int i = 1; i < bins; i++) {
      double edge = lo + i * width;
      for (double v : new double[] {Math.nextDown(edge), edge, Math.nextUp(edge)}) {
        values.add(Math.max(lo, Math.min(hi, v)));
      }
    }
    fractions.forEach(f -> values.add(Math.min(hi, lo + f * span)));
    Reservoir r = new Reservoir(values.size());
    values.forEach(r::add);
    ComparisonSummary.Histogram h = r.histogram(bins);
    long[] expected = new long[h.counts().length];
    for (double v : values) {
      int bin = 0; // the last bar whose lower edge, as drawn, is at or below the value
      for (int i = 1; i < expected.length; i++) {
        if (h.lower() + i * h.width() <= v) {
          bin = i;
        }
      }
      expected[bin]++;
    }
    assertThat(h.counts()).containsExactly(expected);
  }
}
