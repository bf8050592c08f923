package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.drift.engine.EqualWidthBins;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The counts per bin that a counting pass over a {@link KeyGrid} finds ({@link GridBins}: whole buckets added, only
 * the buckets a bin edge falls in placed value by value) are exactly the counts of placing every value, on adversarial
 * samples, coarse and fine grids, and bin edges on the values themselves, between them, equal to each other and
 * beyond the data.
 */
class GridBinsTest {

  @Provide
  Arbitrary<double[]> sample() {
    return AdversarialSamples.finite();
  }

  /** np.histogram's rule over any ascending lower edges, by counting them: the definition itself. */
  private record CountedEdges(double[] lowerEdges) implements ValueBins {
    @Override
    public int bins() {
      return lowerEdges.length + 1;
    }

    @Override
    public double lowerEdge(int bin) {
      return lowerEdges[bin - 1];
    }

    @Override
    public int binOf(double v) {
      int n = 0;
      for (double edge : lowerEdges) {
        n += edge <= v ? 1 : 0;
      }
      return n;
    }
  }

  private static int[] placedOneByOne(ValueBins bins, double[] values) {
    int[] counts = new int[bins.bins()];
    for (double v : values) {
      counts[bins.binOf(v)]++;
    }
    return counts;
  }

  /** Lower edges drawn from both samples' values, their neighbours, and values beyond them, sorted. */
  private static double[] edgesFrom(double[] a, double[] b, List<Integer> picks) {
    double[] pool = new double[a.length + b.length];
    System.arraycopy(a, 0, pool, 0, a.length);
    System.arraycopy(b, 0, pool, a.length, b.length);
    double[] edges = new double[picks.size()];
    for (int i = 0; i < edges.length; i++) {
      int pick = picks.get(i);
      double v = pool[Math.floorMod(pick, pool.length)];
      edges[i] =
          switch (Math.floorMod(pick, 5)) {
            case 0 -> Math.nextUp(v);
            case 1 -> Math.nextDown(v);
            case 2 -> pick > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE; // beyond the data
            default -> v; // on a value (and its ties)
          };
    }
    Arrays.sort(edges);
    return edges;
  }

  @Property(tries = 1000)
  void countsThroughTheGridAreTheCountsOfPlacingEveryValue(
      @ForAll("sample") double[] a,
      @ForAll("sample") double[] b,
      @ForAll @IntRange(max = 12) int bits,
      @ForAll @IntRange(min = 1, max = 12) int coarseBits,
      @ForAll("picks") List<Integer> picks,
      @ForAll boolean withSums) {
    KeyGrid grid = KeyGrid.over(a, b, bits, coarseBits);
    ValueBins bins = new CountedEdges(edgesFrom(a, b, picks));
    EcdfBuckets buckets =
        withSums ? EcdfBuckets.countAndSum(grid, a, b, bins) : EcdfBuckets.count(grid, a, b, bins);
    NumericPair.BinCounts counted = buckets.binCounts();
    assertThat(counted.reference()).isEqualTo(placedOneByOne(bins, a));
    assertThat(counted.current()).isEqualTo(placedOneByOne(bins, b));
  }

  @Provide
  Arbitrary<List<Integer>> picks() {
    return Arbitraries.integers().between(-10_000, 10_000).list().ofMaxSize(25);
  }

  @Property(tries = 300)
  void theReportsEqualWidthBinsLikewise(
      @ForAll("sample") double[] a,
      @ForAll("sample") double[] b,
      @ForAll @IntRange(max = 12) int bits,
      @ForAll @IntRange(min = 1, max = 40) int binCount) {
    NumericPair.Extent extent = NumericPair.Extent.of(a, b);
    EqualWidthBins bins = EqualWidthBins.over(extent.min(), extent.max(), binCount);
    NumericPair.BinCounts counted =
        EcdfBuckets.count(KeyGrid.over(a, b, bits), a, b, bins).binCounts();
    assertThat(counted.reference()).isEqualTo(bins.count(a));
    assertThat(counted.current()).isEqualTo(bins.count(b));
  }

  /** Bins that count how many values they were asked to place. */
  private static final class Watched implements ValueBins {
    final ValueBins bins;
    long placed;

    Watched(ValueBins bins) {
      this.bins = bins;
    }

    @Override
    public int bins() {
      return bins.bins();
    }

    @Override
    public double lowerEdge(int bin) {
      return bins.lowerEdge(bin);
    }

    @Override
    public int binOf(double v) {
      placed++;
      return bins.binOf(v);
    }
  }

  @Test
  void theTestsCountThePairsBinsInTheirOwnPassAndOtherwiseThePairCountsThem() {
    double[] a = Lcg.normals(71, 20_000, 0, 1);
    double[] b = Lcg.normals(72, 15_000, 0.1, 1.2);
    NumericPair.Extent extent = NumericPair.Extent.of(a, b);
    EqualWidthBins bins = EqualWidthBins.over(extent.min(), extent.max(), 20);
    for (boolean ks : new boolean[] {true, false}) {
      Watched watched = new Watched(bins);
      NumericPair pair = new NumericPair(a, b).withBins(watched);
      assertThat(ks ? BucketedKs.statistic(pair) : BucketedWasserstein.distance(pair)).isPositive();
      NumericPair.BinCounts counted = pair.binCounts();
      assertThat(counted.reference()).isEqualTo(bins.count(a));
      assertThat(counted.current()).isEqualTo(bins.count(b));
      // only the values of the buckets that hold one of the 19 inner edges were placed one by one
      assertThat(watched.placed).as(ks ? "ks" : "wasserstein").isPositive().isLessThan(35_000 / 20);
      assertThat(pair.binCounts()).isSameAs(counted);
    }
    Watched watched = new Watched(bins);
    NumericPair untested = new NumericPair(a, b).withBins(watched);
    assertThat(untested.binCounts().reference()).isEqualTo(bins.count(a));
    assertThat(watched.placed).as("counted by the pair itself").isEqualTo(35_000);
    assertThatThrownBy(() -> new NumericPair(a, b).binCounts())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no bins");
  }

  @Test
  void countsOfOtherSamplesOrOtherBinsAreNotKeptForAPair() {
    double[] a = {1, 2, 3};
    double[] b = {2, 3, 4};
    ValueBins bins = new CountedEdges(new double[] {2.5});
    NumericPair pair = new NumericPair(a, b).withBins(bins);
    EcdfBuckets.count(KeyGrid.over(b, a, 4), b, a, bins).keepBinCounts(pair); // swapped
    EcdfBuckets.count(KeyGrid.over(a, b, 4), a, b, new CountedEdges(new double[] {1.5}))
        .keepBinCounts(pair);
    assertThat(pair.binCounts().reference()).containsExactly(2, 1);
    assertThat(pair.binCounts().current()).containsExactly(1, 2);
  }
}
