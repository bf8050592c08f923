package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ks} against scipy 1.17.1 ({@code scipy.__version__}), relative tolerance 1e-8 on the p-value and 1e-12 on
 * the statistic.
 *
 * <p>Reference values, with {@code Lcg} as in {@link Lcg}:
 *
 * <pre>
 * import scipy, scipy.stats as st
 * cases = {
 *  "tiesUnequal":   (Lcg(11).ints(60, 10), Lcg(12).ints(45, 10)),
 *  "tiesShifted":   (Lcg(13).ints(80, 6), [v + 1.0 for v in Lcg(14).ints(70, 6)]),
 *  "equalSizes":    (Lcg(21).normals(200, 0, 1), Lcg(22).normals(200, 0.3, 1)),
 *  "equalSizesTies":(Lcg(23).ints(300, 20), Lcg(24).ints(300, 20)),
 *  "unequalSizes":  (Lcg(31).normals(3000, 0, 1), Lcg(32).normals(7000, 0.05, 1)),
 *  "exactLimit":    (Lcg(33).normals(10000, 0, 1), Lcg(34).normals(9999, 0.02, 1.05)),
 *  "largeNoDrift":  (Lcg(41).normals(20000, 0, 1), Lcg(42).normals(15000, 0, 1)),
 *  "largeDrift":    (Lcg(43).normals(20000, 0, 1), Lcg(44).normals(15000, 0.08, 1)),
 *  "largeTies":     (Lcg(45).ints(30000, 50), Lcg(46).ints(12000, 50)),
 *  "largeSmallSide":(Lcg(47).normals(20000, 0, 1), Lcg(48).normals(50, 0.3, 1)),
 *  "hugeNeff":      (Lcg(49).normals(250000, 0, 1), Lcg(50).normals(220000, 0.004, 1)),
 * }
 * for k,(a,b) in cases.items():
 *     r = st.ks_2samp(a, b, method='auto')
 *     print(f'{k}: {float(r.statistic)!r} {float(r.pvalue)!r}')
 *
 * # kstwo grid
 * for n,x in pts: print(n, x, float(st.kstwo.sf(x, n)))
 * </pre>
 */
class KsTestTest {

  private final StatTest ks = StatTests.byName("ks");

  static Stream<Arguments> scipyCases() {
    return Stream.of(
        Arguments.of(
            "tiesUnequal",
            Lcg.ints(11, 60, 10),
            Lcg.ints(12, 45, 10),
            0.12777777777777777,
            0.7547050070634825),
        Arguments.of(
            "tiesShifted",
            Lcg.ints(13, 80, 6),
            plus(Lcg.ints(14, 70, 6), 1.0),
            0.16071428571428573,
            0.25766759285023894),
        Arguments.of(
            "equalSizes",
            Lcg.normals(21, 200, 0, 1),
            Lcg.normals(22, 200, 0.3, 1),
            0.185,
            0.0020827633834865906),
        Arguments.of(
            "equalSizesTies",
            Lcg.ints(23, 300, 20),
            Lcg.ints(24, 300, 20),
            0.056666666666666664,
            0.7220634112888834),
        Arguments.of(
            "unequalSizes",
            Lcg.normals(31, 3000, 0, 1),
            Lcg.normals(32, 7000, 0.05, 1),
            0.029476190476190475,
            0.05106167771012599),
        Arguments.of(
            "exactLimit",
            Lcg.normals(33, 10000, 0, 1),
            Lcg.normals(34, 9999, 0.02, 1.05),
            0.02222987298729873,
            0.014109683834981204),
        Arguments.of(
            "largeNoDrift",
            Lcg.normals(41, 20000, 0, 1),
            Lcg.normals(42, 15000, 0, 1),
            0.009116666666666662,
            0.4717031641280376),
        Arguments.of(
            "largeDrift",
            Lcg.normals(43, 20000, 0, 1),
            Lcg.normals(44, 15000, 0.08, 1),
            0.03915000000000002,
            7.507121766919454e-12),
        Arguments.of(
            "largeTies",
            Lcg.ints(45, 30000, 50),
            Lcg.ints(46, 12000, 50),
            0.010233333333333317,
            0.3284740105012455),
        Arguments.of(
            "largeSmallSide",
            Lcg.normals(47, 20000, 0, 1),
            Lcg.normals(48, 50, 0.3, 1),
            0.19245,
            0.04266597058704258),
        Arguments.of(
            "hugeNeff",
            Lcg.normals(49, 250000, 0, 1),
            Lcg.normals(50, 220000, 0.004, 1),
            0.0022152727272727324,
            0.613222227900911));
  }

  static double[] plus(double[] values, double delta) {
    double[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += delta;
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scipyCases")
  void matchesScipyKs2samp(
      String name, double[] ref, double[] cur, double statistic, double pValue) {
    StatTestResult r = ks.test(new NumericPair(ref, cur), 0.05);
    assertThat(r.statistic()).isCloseTo(statistic, within(1e-12 * statistic));
    assertThat(r.score()).isCloseTo(pValue, within(1e-8 * pValue));
    assertThat(r.drifted()).isEqualTo(pValue <= 0.05);
  }

  static Stream<Arguments> kstwoGrid() {
    double[][] grid = {
      {1, 0.7, 0.6000000000000001},
      {2, 0.3, 0.98},
      {5, 0.15, 0.9988},
      {5, 0.55, 0.059696249999999965},
      {10, 0.08, 0.9999978058034054},
      {10, 0.2, 0.7487190399999999},
      {10, 0.35, 0.1339605462624991},
      {10, 0.6, 0.0005681672000000003},
      {50, 0.05, 0.9990238098461883},
      {50, 0.1, 0.6623112704658186},
      {50, 0.2, 0.03143877776953241},
      {50, 0.35, 5.573523514803185e-06},
      {140, 0.05, 0.8576480297656114},
      {140, 0.12, 0.03252638258561632},
      {140, 0.2, 2.1981563302200222e-05},
      {141, 0.05, 0.854845693009663},
      {141, 0.1, 0.11128445516467944},
      {500, 0.02, 0.9859871786857471},
      {500, 0.05, 0.15866260223815387},
      {500, 0.08, 0.0031305058199356268},
      {1000, 0.01, 0.9999496745370611},
      {1000, 0.04, 0.07933956059000224},
      {1000, 0.07, 0.00010494206285958879},
      {5000, 0.004, 0.9999977369528622},
      {5000, 0.01, 0.6954557253913853},
      {5000, 0.03, 0.00024159234422666817},
      {10000, 0.003, 0.9999892575789189},
      {10000, 0.009, 0.39043921203312226},
      {10000, 0.02, 0.0006616848639387309},
      {66667, 0.001, 0.9999999024906852},
      {66667, 0.004, 0.23586081357854238},
      {66667, 0.008, 0.0003914490562900707},
      {100001, 0.0008, 0.9999999544939218},
      {100001, 0.004, 0.08129888811128061},
      {500000, 0.0005, 0.9996286945544336},
      {500000, 0.0015, 0.21034190155828947},
      {500000, 0.003, 0.00024632301239186754},
      {2000000, 0.0004, 0.9060752785489409},
      {2000000, 0.0015, 0.00024657290508461606}
    };
    return Stream.of(grid).map(r -> Arguments.of((long) r[0], r[1], r[2]));
  }

  /** Every branch of scipy's kstwo.sf (Ruben-Gambino, Durbin, Pomeranz, Pelz-Good, Smirnov) at relative 1e-8. */
  @ParameterizedTest(name = "kstwo.sf({1}, {0})")
  @MethodSource("kstwoGrid")
  void kstwoSurvivalMatchesScipy(long n, double x, double expected) {
    assertThat(KolmogorovDistribution.kstwoSf(x, n)).isCloseTo(expected, within(1e-8 * expected));
  }

  @Test
  void identicalSamplesHaveStatisticZeroAndPOne() {
    double[] x = Lcg.normals(5, 500, 0, 1);
    StatTestResult r = ks.test(new NumericPair(x, x.clone()), 0.05);
    assertThat(r.statistic()).isZero();
    assertThat(r.score()).isEqualTo(1.0);
    assertThat(r.drifted()).isFalse();
  }

  @Test
  void degenerateInputsGiveDefinedResults() {
    // constant columns, equal: no drift
    StatTestResult same =
        ks.test(new NumericPair(new double[] {3, 3, 3}, new double[] {3, 3}), 0.05);
    assertThat(same.score()).isEqualTo(1.0);
    // constant columns, different: D = 1; scipy.stats.ks_2samp([3,3,3],[4,4]) -> (1.0, 0.2)
    StatTestResult apart =
        ks.test(new NumericPair(new double[] {3, 3, 3}, new double[] {4, 4}), 0.05);
    assertThat(apart.statistic()).isEqualTo(1.0);
    assertThat(apart.score()).isCloseTo(0.2, withinPercentage(1e-10));
    // single values: scipy.stats.ks_2samp([1.0],[2.0]) -> (1.0, 1.0)
    StatTestResult single = ks.test(new NumericPair(new double[] {1}, new double[] {2}), 0.05);
    assertThat(single.score()).isEqualTo(1.0);
  }
}
