package dev.shadowpipeline.drift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Each value lies in the bin whose edges hold it, as {@code np.histogram(values, bins=edges)} counts: checked against
 * a plain scan of the edges on values placed on, and a few ulps around, every rounded edge, over ranges from subnormal
 * to 1e300 wide and bins narrower than the doubles' spacing.
 */
class EqualWidthBinsTest {

  @Test
  void aValueOnARoundedEdgeIsInTheBinThatEdgeStarts() {
    // numpy 2.4.6: edges = mn + np.arange(11) * ((mx - mn) / 10) over -0.5..-0.3, then
    // np.histogram([-0.5, -0.4, -0.4, -0.3], bins=edges)[0] = [1 0 0 0 0 2 0 0 0 1] and
    // np.histogram([-0.4, -0.3], bins=edges)[0] = [0 0 0 0 0 1 0 0 0 1]; edge 5 is -0.4 itself,
    // while (-0.4 - -0.5) / 0.02 = 4.999999999999999 put the tie group in bin 4, left of its edge
    Histogram.Bins h =
        ColumnHistograms.numeric(
            new double[] {-0.5, -0.4, -0.4, -0.3}, new double[] {-0.4, -0.3}, 10);
    assertThat(h.edges()[5]).isEqualTo(-0.4);
    assertThat(h.reference()).containsExactly(0.25, 0, 0, 0, 0, 0.5, 0, 0, 0, 0.25);
    assertThat(h.current()).containsExactly(0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0.5);
  }

  @Test
  void edgesAreMinPlusMultiplesOfTheWidthAndAConstantColumnHasOneBin() {
    EqualWidthBins bins = EqualWidthBins.over(0.1, 1.0, 3);
    double width = (1.0 - 0.1) / 3;
    assertThat(bins.edges()).containsExactly(0.1, 0.1 + width, 0.1 + 2 * width, 0.1 + 3 * width);
    EqualWidthBins constant = EqualWidthBins.over(2.5, 2.5, 20);
    assertThat(constant.edges()).containsExactly(2.5, 2.5);
    assertThat(constant.count(new double[] {2.5, 2.5})).containsExactly(2);
    assertThatThrownBy(() -> EqualWidthBins.over(0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one bin");
  }

  @Test
  void ordinaryDataNeedsASearchOnlyNearAnEdge() {
    // the fast path is taken for everything farther than this from an edge, in bins
    assertThat(EqualWidthBins.over(-3.2, 7.9, 20).tolerance()).isLessThan(1e-13);
    assertThat(EqualWidthBins.over(1e6, 1e6 + 1e-6, 10).tolerance()).isGreaterThan(1e-7);
    // bins narrower than the spacing of the doubles there: every value is searched, and still exact
    EqualWidthBins narrow = EqualWidthBins.over(1e16, 1e16 + 2, 10);
    assertThat(narrow.tolerance()).isGreaterThan(0.25);
    double[] values = {1e16, 1e16 + 2};
    for (double v : values) {
      assertThat(narrow.binOf(v)).isEqualTo(scan(narrow.edges(), v));
    }
  }

  @Test
  void equalEdgesMakeAnEmptyBinAsInNumpy() {
    // numpy 2.4.6: np.histogram([1.0], bins=[0, 1, 1, 2])[0] = [0 0 1], [0.5] -> [1 0 0], [2.0] ->
    // [0 0 1]
    double[] edges = {0, 1, 1, 2};
    assertThat(EqualWidthBins.lastBinAtOrBelow(edges, 1.0)).isEqualTo(2);
    assertThat(EqualWidthBins.lastBinAtOrBelow(edges, 0.5)).isZero();
    assertThat(EqualWidthBins.lastBinAtOrBelow(edges, 2.0)).isEqualTo(2);
    assertThat(EqualWidthBins.lastBinAtOrBelow(edges, -1)).isZero();
    assertThat(EqualWidthBins.lastBinAtOrBelow(edges, Double.NaN)).isZero();
  }

  @Test
  void aRangeWiderThanTheDoublesReachStillHasFiniteEdges() {
    EqualWidthBins wide = EqualWidthBins.over(-1.7e308, 1.7e308, 4);
    double[] edges = wide.edges();
    assertThat(Arrays.stream(edges).allMatch(Double::isFinite)).as(Arrays.toString(edges)).isTrue();
    assertThat(edges[0]).isEqualTo(-1.7e308);
    assertThat(edges[4]).isEqualTo(1.7e308);
    double[] values = {-1.7e308, -1e308, 0, 1e308, 1.7e308};
    for (double v : values) {
      assertThat(wide.binOf(v)).as("bin of %s", v).isEqualTo(scan(edges, v));
    }
    // numpy 2.4.6: np.histogram(values, bins=2 * (mn / 2 + np.arange(5) * ((mx / 2 - mn / 2) /
    // 4)))[0]
    assertThat(wide.count(values)).containsExactly(2, 0, 1, 2);
  }

  @Test
  void nanAndInfinitiesAreCountedNotLost() {
    EqualWidthBins bins = EqualWidthBins.over(0, 1, 4);
    assertThat(bins.binOf(Double.NaN)).isZero();
    EqualWidthBins unbounded = EqualWidthBins.over(0, Double.POSITIVE_INFINITY, 4);
    int[] counts = unbounded.count(new double[] {0, 1, 1e308, Double.POSITIVE_INFINITY});
    assertThat(counts[0] + counts[1] + counts[2] + counts[3]).isEqualTo(4);
    assertThat(counts[3]).as("the maximum is in the last bin").isEqualTo(1);
  }

  @Provide
  Arbitrary<Double> lowest() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            0.0, -0.0, -0.5, 1.0, -1e6, 1e16, -1e300, Double.MIN_VALUE, -Double.MIN_NORMAL),
        Arbitraries.doubles().between(-1e6, 1e6).ofScale(6));
  }

  @Provide
  Arbitrary<Double> span() {
    return Arbitraries.oneOf(
        Arbitraries.of(Double.MIN_VALUE, 1e-310, 1e-300, 1e-9, 0.2, 1.0, 7.0, 1e300),
        Arbitraries.doubles().between(-6, 6).ofScale(4).map(exponent -> Math.pow(10, exponent)));
  }

  @Property(tries = 2000)
  void everyValueIsInTheBinItsEdgesHold(
      @ForAll("lowest") double min,
      @ForAll("span") double span,
      @ForAll @IntRange(min = 1, max = 64) int count,
      @ForAll long seed) {
    double max = min + span;
    EqualWidthBins bins = EqualWidthBins.over(min, max, count);
    double[] edges = bins.edges();
    List<Double> values = new ArrayList<>(List.of(min, max));
    for (double edge : edges) {
      double below = edge;
      double above = edge;
      values.add(edge);
      for (int ulps = 0; ulps < 3; ulps++) {
        below = Math.nextDown(below);
        above = Math.nextUp(above);
        values.add(below);
        values.add(above);
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 50; i++) {
      values.add(min + random.nextDouble() * (max - min));
    }
    double[] inRange =
        values.stream()
            .mapToDouble(Double::doubleValue)
            .filter(v -> v >= min && v <= max)
            .toArray();
    int[] counts = bins.count(inRange);
    int[] expected = new int[bins.bins()];
    for (double v : inRange) {
      assertThat(bins.binOf(v))
          .as(() -> "bin of " + v + ", edges " + Arrays.toString(edges))
          .isEqualTo(scan(edges, v));
      expected[scan(edges, v)]++;
    }
    assertThat(counts).isEqualTo(expected);
  }

  /** np.histogram's rule read off the edges one by one: the last bin whose lower edge is at or below v. */
  private static int scan(double[] edges, double v) {
    int bin = 0;
    for (int i = 1; i < edges.length - 1; i++) {
      if (edges[i] <= v) {
        bin = i;
      }
    }
    return bin;
  }
}
