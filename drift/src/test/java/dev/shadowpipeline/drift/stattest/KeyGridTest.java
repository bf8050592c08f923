package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The grid the bucketed KS and Wasserstein rest on: bucketing is monotone and keeps ties together, the edges enclose
 * their buckets' values, and counts and offset sums are what they say; on adversarial data and grids from one bucket
 * to thousands.
 */
class KeyGridTest {

  @Provide
  Arbitrary<double[]> sample() {
    return AdversarialSamples.finite();
  }

  @Property(tries = 400)
  void bucketsFollowTheOrderAndEdgesEncloseThem(
      @ForAll("sample") double[] a,
      @ForAll("sample") double[] b,
      @ForAll @IntRange(max = 12) int bits,
      @ForAll @IntRange(min = 1, max = 12) int coarseBits) {
    KeyGrid grid = KeyGrid.over(a, b, bits, coarseBits);
    assertThat(grid).isNotNull();
    double[] pooled = new double[a.length + b.length];
    System.arraycopy(a, 0, pooled, 0, a.length);
    System.arraycopy(b, 0, pooled, a.length, b.length);
    Arrays.sort(pooled);
    assertThat(grid.min() == pooled[0]).isTrue();
    assertThat(grid.max() == pooled[pooled.length - 1]).isTrue();
    double[] edges = grid.edges();
    assertThat(edges).hasSize(grid.buckets() + 1);
    assertThat(edges[0] == grid.min() && edges[grid.buckets()] == grid.max()).isTrue();
    for (int k = 0; k <= grid.buckets(); k++) {
      assertThat(grid.edge(k)).as("edge %d", k).isEqualTo(edges[k]);
      if (k > 0) {
        assertThat(edges[k - 1] <= edges[k]).as("edges ascend at %d", k).isTrue();
      }
    }
    int previous = 0;
    for (int i = 0; i < pooled.length; i++) {
      double v = pooled[i];
      int k = grid.bucket(v);
      assertThat(k).isBetween(previous, grid.buckets() - 1);
      if (i > 0 && pooled[i - 1] == v) {
        assertThat(k).as("ties (%s, %s) share a bucket", pooled[i - 1], v).isEqualTo(previous);
      }
      assertThat(edges[k] <= v).as("edge %s below %s in bucket %d", edges[k], v, k).isTrue();
      assertThat(v < edges[k + 1] || v == grid.max())
          .as("%s below the next edge %s", v, edges[k + 1])
          .isTrue();
      previous = k;
    }
  }

  @Property(tries = 200)
  void countsAndOffsetsAreWhatTheySay(
      @ForAll("sample") double[] a,
      @ForAll("sample") double[] b,
      @ForAll @IntRange(max = 10) int bits) {
    KeyGrid grid = KeyGrid.over(a, b, bits);
    int[] counts = new int[grid.buckets()];
    double[] offsets = new double[grid.buckets()];
    grid.countAndSum(a, counts, offsets);
    assertThat(counts).isEqualTo(grid.count(a));
    double[] edges = grid.edges();
    double[] expected = new double[grid.buckets()];
    for (double v : a) {
      expected[grid.bucket(v)] += v - edges[grid.bucket(v)];
    }
    assertThat(offsets).isEqualTo(expected);
    for (double offset : offsets) {
      assertThat(offset).isGreaterThanOrEqualTo(0.0);
    }
  }

  @Test
  void valuesThatAreNotFiniteHaveNoGrid() {
    double[] finite = {1, 2, 3};
    for (double bad :
        new double[] {
          Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -Double.NaN
        }) {
      assertThat(KeyGrid.over(finite, new double[] {0, bad}, 8)).as("%s", bad).isNull();
      assertThat(KeyGrid.over(new double[] {bad}, finite, 8)).as("%s", bad).isNull();
    }
  }

  @Test
  void zerosOfBothSignsShareAKeyAndTinyValuesBelowTheFloorJoinThem() {
    // the floor is 64 binades below the largest magnitude, 2^10: 2^-54 and below share key 0
    double[] values = {-0.0, 0.0, 0x1p-70, -0x1p-70, 0x1p-54, 0x1p-50, 1024};
    KeyGrid grid = KeyGrid.over(values, new double[] {1}, 12);
    assertThat(grid.bucket(-0.0)).isEqualTo(grid.bucket(0.0));
    assertThat(grid.bucket(0x1p-70)).isEqualTo(grid.bucket(0.0));
    assertThat(grid.bucket(-0x1p-70)).isEqualTo(grid.bucket(0.0));
    assertThat(grid.bucket(0x1p-54)).isEqualTo(grid.bucket(0.0));
    assertThat(grid.bucket(0x1p-50)).isGreaterThan(grid.bucket(0.0));
    assertThat(KeyGrid.key(-0.0, 0)).isZero();
    assertThat(KeyGrid.key(0.0, 0)).isZero();
  }

  @Test
  void aSampleThatCrossesZeroSpreadsOverItsOwnBinadesOnly() {
    // the benchmark's shape: normal values rounded to 6 decimals around 0; without the floor,
    // every bucket would lie among the ~2,000 empty binades below 1e-6
    double[] a = Lcg.normals(5, 100_000, 0, 1);
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.rint(a[i] * 1e6) / 1e6;
    }
    KeyGrid grid = KeyGrid.over(a, a, 14);
    int[] counts = grid.count(a);
    int largest = Arrays.stream(counts).max().orElseThrow();
    // 2^14 buckets for 200,000 values: about 12 each; the sample shapes the grid well enough that
    // no bucket holds more than a few dozen
    assertThat(largest).isLessThan(100);
    assertThat(grid.buckets()).isBetween(1 << 13, 1 << 16);
  }
}
