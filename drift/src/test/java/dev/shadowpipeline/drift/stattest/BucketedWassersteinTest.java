package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The bucketed Wasserstein-1 distance against the exact value (rational arithmetic on the same doubles, {@link
 * BigDecimal}) and against the sort-based {@link CdfDistance#wasserstein}, each within the rounding bound derived for
 * it; so their difference is within the sum of the two bounds.
 *
 * <p>The bounds, with u = 2<sup>-53</sup>, &gamma;<sub>m</sub> = m u / (1 - m u), the standard model fl(x op y) = (x
 * op y)(1 + &delta;), |&delta;| &lt;= u, plus 2<sup>-1075</sup> absolute for each product or quotient that may
 * underflow (sums and differences that land below 2<sup>-1022</sup> are exact):
 *
 * <ul>
 *   <li>sort-based: each of its N terms |fl(fl(c<sub>1</sub>/n<sub>1</sub>) - fl(c<sub>2</sub>/n<sub>2</sub>))|
 *       fl(x - x') is off by at most u (F<sub>1</sub> + F<sub>2</sub> + 3 |F<sub>1</sub> - F<sub>2</sub>|) (x - x') to
 *       first order, and their sum, added one after the other, by &gamma;<sub>N-1</sub> times the sum: |W<sub>sort</sub>
 *       - W| &lt;= u &Sigma; (F<sub>1</sub> + F<sub>2</sub> + 3 |d|) &Delta;x + &gamma;<sub>N</sub> W + N 2<sup>-1075</sup>.
 *   <li>bucketed: a sign-fixed bucket's integral G' w - n<sub>2</sub> T<sub>1</sub> + n<sub>1</sub> T<sub>2</sub> is off
 *       by at most &gamma;<sub>c+3</sub> (|G'| w + n<sub>2</sub> T<sub>1</sub> + n<sub>1</sub> T<sub>2</sub>), c the
 *       bucket's larger count (T, a sum of c non-negative terms each rounded once, is off by &gamma;<sub>c</sub> T; the
 *       products and the two additions add three roundings); a sorted bucket's terms |g| fl(x - x') by &gamma;<sub>2
 *       </sub> each; Neumaier's sum of non-negative terms by 2u of the total (plus O(K u<sup>2</sup>)), the division by
 *       n<sub>1</sub> n<sub>2</sub> by u. So |W<sub>bucketed</sub> - W| &lt;= [&Sigma;<sub>fixed</sub>
 *       &gamma;<sub>c+3</sub> (|G'| w + n<sub>2</sub> T<sub>1</sub> + n<sub>1</sub> T<sub>2</sub>) + &gamma;<sub>2</sub>
 *       &Sigma;<sub>sorted</sub> |g| &Delta;x] / (n<sub>1</sub> n<sub>2</sub>) + 4u W + (3K + N) 2<sup>-1075</sup> /
 *       (n<sub>1</sub> n<sub>2</sub>) + 2<sup>-1075</sup>.
 * </ul>
 *
 * The bounds are evaluated in double from the same data, with 1% added for the second-order terms and the rounding
 * of the bound itself.
 */
class BucketedWassersteinTest {

  private static final double U = 0x1p-53;
  private static final double TINY = 0x1p-1074; // 2 x 2^-1075

  @Provide
  Arbitrary<double[]> sample() {
    return AdversarialSamples.finite();
  }

  private static double gamma(double m) {
    return m * U / (1 - m * U);
  }

  private static double sortBased(double[] a, double[] b) {
    return CdfDistance.wasserstein(Samples.sortedCopy(a), Samples.sortedCopy(b));
  }

  /** The exact W of two samples, rounded once, with the sort-based walk's bound beside it. */
  record Exact(double value, double sortBasedBound) {}

  static Exact exact(double[] a, double[] b) {
    long n1 = a.length;
    long n2 = b.length;
    MergedWalk walk = new MergedWalk(Samples.sortedCopy(a), Samples.sortedCopy(b));
    walk.next();
    double prev = walk.value();
    BigDecimal sum = BigDecimal.ZERO;
    double termBound = 0;
    double total = 0;
    int terms = 0;
    while (walk.next()) {
      double x = walk.value();
      long g = n2 * walk.firstBelow() - n1 * walk.secondBelow();
      BigDecimal width = new BigDecimal(x).subtract(new BigDecimal(prev));
      sum = sum.add(width.multiply(BigDecimal.valueOf(Math.abs(g))));
      double f1 = (double) walk.firstBelow() / n1;
      double f2 = (double) walk.secondBelow() / n2;
      double d = Math.abs(f1 - f2);
      termBound += U * (f1 + f2 + 3 * d) * (x - prev);
      total += d * (x - prev);
      terms++;
      prev = x;
    }
    double value =
        sum.divide(new BigDecimal(n1).multiply(new BigDecimal(n2)), MathContext.DECIMAL128)
            .doubleValue();
    double bound = 1.01 * (termBound + gamma(terms) * total) + terms * TINY;
    return new Exact(value, bound);
  }

  /** The bucketed computation's bound on a grid, from its buckets as {@link BucketedWasserstein} classifies them. */
  static double bucketedBound(double[] a, double[] b, KeyGrid grid, double w) {
    long n1 = a.length;
    long n2 = b.length;
    EcdfBuckets buckets = EcdfBuckets.countAndSum(grid, a, b);
    double[] edges = grid.edges();
    double bound = 0;
    long g = 0;
    for (int k = 0; k < grid.buckets(); k++) {
      long c1 = buckets.firstCount(k);
      long c2 = buckets.secondCount(k);
      long gEnd = g + n2 * c1 - n1 * c2;
      double width = edges[k + 1] - edges[k];
      if (g - n1 * c2 >= 0 || g + n2 * c1 <= 0) {
        double magnitude =
            Math.abs((double) gEnd) * width
                + n2 * buckets.firstOffset(k)
                + n1 * buckets.secondOffset(k);
        bound += gamma((double) Math.max(c1, c2) + 3) * magnitude;
      } else {
        // |g| inside the bucket is at most |G| + n2 c1 + n1 c2
        bound += gamma(2) * (Math.abs((double) g) + n2 * c1 + n1 * c2) * width;
      }
      g = gEnd;
    }
    double scale = (double) n1 * n2;
    return 1.01 * (bound / scale + 4 * U * w)
        + (3.0 * grid.buckets() + n1 + n2) * TINY / scale
        + TINY;
  }

  @Property(tries = 600)
  void withinItsBoundOfTheExactValueAsIsTheSortBasedOne(
      @ForAll("sample") double[] a,
      @ForAll("sample") double[] b,
      @ForAll @IntRange(max = 12) int bits,
      @ForAll @IntRange(min = 1, max = 12) int coarseBits) {
    KeyGrid grid = KeyGrid.over(a, b, bits, coarseBits);
    double bucketed = BucketedWasserstein.distance(a, b, grid);
    double sorted = sortBased(a, b);
    Exact exact = exact(a, b);
    int k = BucketedWasserstein.downscale(grid, a.length, b.length);
    double bucketedBound;
    if (k == 0) {
      bucketedBound = bucketedBound(a, b, grid, exact.value());
    } else {
      // values spread near the double range: the bound of the same computation on the copies
      // scaled by 2^-k, scaled back, plus what scaling rounded away (each value moved by at most
      // 2^-1075 moves W by at most that over its sample's size)
      double factor = Math.scalb(1.0, -k);
      double[] as = Arrays.stream(a).map(v -> v * factor).toArray();
      double[] bs = Arrays.stream(b).map(v -> v * factor).toArray();
      KeyGrid scaled = KeyGrid.over(as, bs, bits, coarseBits);
      bucketedBound =
          Math.scalb(bucketedBound(as, bs, scaled, exact.value() * factor) + 2 * TINY, k);
    }
    if (Double.isInfinite(bucketed)) {
      // rounded past the largest double: only where the exact value lies within the bound of it
      assertThat(exact.value() + bucketedBound).isGreaterThanOrEqualTo(Double.MAX_VALUE);
    } else {
      assertThat(Math.abs(bucketed - exact.value()))
          .as("bucketed %s, exact %s", bucketed, exact.value())
          .isLessThanOrEqualTo(bucketedBound);
    }
    if (k > 0 && !Double.isFinite(sorted)) {
      return; // the sort-based walk's differences overflowed, as scipy's do
    }
    assertThat(Math.abs(sorted - exact.value()))
        .as("sort-based %s, exact %s", sorted, exact.value())
        .isLessThanOrEqualTo(exact.sortBasedBound());
    if (Double.isFinite(bucketed)) {
      assertThat(Math.abs(bucketed - sorted))
          .isLessThanOrEqualTo(bucketedBound + exact.sortBasedBound());
    }
  }

  @Property(tries = 300)
  void identicalSamplesAreAtDistanceZero(
      @ForAll("sample") double[] a, @ForAll @IntRange(max = 10) int bits) {
    assertThat(BucketedWasserstein.distance(a, a.clone(), KeyGrid.over(a, a, bits))).isZero();
  }

  @Test
  void valuesThatAreNotFiniteTakeTheSortBasedWalk() {
    double[] a = {1, 2, Double.POSITIVE_INFINITY};
    double[] b = {2, 2, 5};
    assertThat(BucketedWasserstein.distance(a, b, KeyGrid.over(a, b, 8)))
        .isEqualTo(sortBased(a, b));
    double[] nan = {1, Double.NaN};
    assertThatThrownBy(() -> BucketedWasserstein.distance(nan, b, KeyGrid.over(nan, b, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void valuesSpreadNearTheDoubleRangeAreScaledNotOverflowed() {
    // (2e306 wide) x (3 x 4) would pass 2^1020 in units of 1 / (n1 n2); the sort-based walk's
    // MAX_VALUE - (-MAX_VALUE) overflows, so it (and scipy 1.17.1, whose np.diff does the same)
    // gives NaN even for two equal samples
    double[] a = {-1e306, 0, 1e306};
    double[] b = {-1e306, 1e306, 1e306, 2};
    KeyGrid grid = KeyGrid.over(a, b, 8);
    assertThat(BucketedWasserstein.downscale(grid, 3, 4)).isPositive();
    double bucketed = BucketedWasserstein.distance(a, b, grid);
    assertThat(Math.abs(bucketed - exact(a, b).value())).isLessThanOrEqualTo(Math.ulp(bucketed));
    double[] extremes = {Double.MAX_VALUE, -Double.MAX_VALUE};
    assertThat(sortBased(extremes, extremes.clone())).isNaN();
    assertThat(
            BucketedWasserstein.distance(
                extremes, extremes.clone(), KeyGrid.over(extremes, extremes, 8)))
        .isZero();
    double[] more = {Double.MAX_VALUE, -Double.MAX_VALUE, 0};
    // exact: |F1 - F2| is 1/6 on [-MAX, 0) and on [0, MAX), so W = 2 MAX / 6
    assertThat(BucketedWasserstein.distance(extremes, more, KeyGrid.over(extremes, more, 8)))
        .isCloseTo(Double.MAX_VALUE / 3, org.assertj.core.api.Assertions.withinPercentage(1e-12));
  }

  @Test
  void largeColumnsThroughTheTestAreWithinAnUlpOrTwoOfTheExactValue() {
    // the benchmark's shape, normal values rounded to 6 decimals around 0, through the public
    // test at a size where it takes the bucketed path; the sort-based walk drifts further
    double[] a = Lcg.normals(71, 40_000, 0, 1);
    double[] b = Lcg.normals(72, 30_000, 0.01, 1);
    for (double[] column : new double[][] {a, b}) {
      for (int i = 0; i < column.length; i++) {
        column[i] = Math.rint(column[i] * 1e6) / 1e6;
      }
    }
    double exact = exact(a, b).value();
    double raw = BucketedWasserstein.distance(a, b);
    assertThat(Math.abs(raw - exact)).isLessThanOrEqualTo(2 * Math.ulp(exact));
    StatTestResult normed = StatTests.byName("wasserstein").test(new NumericPair(a, b), 0.1);
    assertThat(normed.score()).isEqualTo(raw / Samples.populationStd(a));
  }
}
