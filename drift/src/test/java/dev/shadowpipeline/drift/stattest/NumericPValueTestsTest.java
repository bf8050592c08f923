package dev.shadowpipeline.drift.stattest;

import static dev.shadowpipeline.drift.stattest.ScipyReference.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code anderson}, {@code cramer_von_mises}, {@code mannw}, {@code t_test} and {@code epps_singleton} against scipy
 * 1.17.1 (numpy 2.4.6), relative tolerance 1e-9 on statistic and p-value. {@code Lcg} is the generator in {@link Lcg}:
 *
 * <pre>
 * n_a = Lcg(71).normals(40, 0, 1); n_b = Lcg(72).normals(55, 0.5, 1.3)          # "small"
 * big_a = Lcg(73).normals(3000, 10, 2); big_b = Lcg(74).normals(2500, 10.1, 2.2) # "large"
 * tie_a = Lcg(75).ints(200, 12); tie_b = Lcg(76).ints(150, 12)                   # "ties"
 * s_a = Lcg(77).normals(7, 0, 1); s_b = Lcg(78).normals(12, 0.9, 1)               # "tiny"
 * for name, (a, b) in cases:
 *     ad = st.anderson_ksamp([a, b], variant='midrank')
 *     cv = st.cramervonmises_2samp(a, b)
 *     mw = st.mannwhitneyu(a, b, alternative='two-sided')
 *     tt = st.ttest_ind(a, b, equal_var=False)
 *     es = st.epps_singleton_2samp(a, b)
 * st.cramervonmises_2samp(Lcg(79).normals(9, 0, 1), Lcg(80).normals(14, 0.8, 1))   # exact
 * st.cramervonmises_2samp(Lcg(81).ints(10, 4), Lcg(82).ints(8, 4))                 # exact with ties
 * st.anderson_ksamp([Lcg(83).normals(50, 0, 1), Lcg(84).normals(50, 0, 1)], variant='midrank')  # capped at 0.25
 * st.anderson_ksamp([Lcg(85).normals(50, 0, 1), Lcg(86).normals(50, 2, 1)], variant='midrank')  # floored at 0.001
 * st.mannwhitneyu(Lcg(87).normals(6, 0, 1), Lcg(88).normals(30, 0.7, 1), alternative='two-sided')  # exact
 * </pre>
 */
class NumericPValueTestsTest {

  private static final double REL = 1e-9;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "small",
            Lcg.normals(71, 40, 0, 1),
            Lcg.normals(72, 55, 0.5, 1.3),
            new double[][] {
              {0.5108620039184293, 0.20431638402509272}, {0.18933014354066913, 0.2926259205795484},
              {940.0, 0.2292564238574264}, {-1.7105507662720296, 0.09053826048703018},
              {5.908575072374867, 0.20608077121747218}
            }),
        Arguments.of(
            "large",
            Lcg.normals(73, 3000, 10, 2),
            Lcg.normals(74, 2500, 10.1, 2.2),
            new double[][] {
              {2.5955746823070815, 0.028096875047707463},
              {0.39615636363635076, 0.07396168974021611},
              {3682502.0, 0.24967604938095644},
              {-1.2246870465927737, 0.22074888284570052},
              {14.66374895885466, 0.005451927729457606}
            }),
        Arguments.of(
            "ties",
            Lcg.ints(75, 200, 12),
            Lcg.ints(76, 150, 12),
            new double[][] {
              {-0.7078620363771208, 0.25}, {0.11384761904761831, 0.5235701209683721},
              {15796.0, 0.39390012963278764}, {0.879530826148131, 0.37977893518362127},
              {1.3941581296844627, 0.845209723671856}
            }),
        Arguments.of(
            "tiny",
            Lcg.normals(77, 7, 0, 1),
            Lcg.normals(78, 12, 0.9, 1),
            new double[][] {
              {-0.7745246558118415, 0.25}, {0.06578947368421062, 0.834940858934667},
              {45.0, 0.8369453044375644}, {0.470928671834638, 0.6437522458661152},
              {2.007939230239935, 0.7342985463785832}
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchScipy(String name, double[] ref, double[] cur, double[][] expected) {
    NumericPair pair = new NumericPair(ref, cur);
    String[] tests = {"anderson", "cramer_von_mises", "mannw", "t_test", "epps_singleton"};
    for (int i = 0; i < tests.length; i++) {
      StatTestResult r = StatTests.byName(tests[i]).test(pair, 0.05);
      assertThat(r.test()).isEqualTo(tests[i]);
      assertRelative(r.statistic(), expected[i][0], REL);
      assertRelative(r.score(), expected[i][1], REL);
    }
  }

  @Test
  void cramerVonMisesExactMatchesScipy() {
    StatTestResult r =
        StatTests.byName("cramer_von_mises")
            .test(new NumericPair(Lcg.normals(79, 9, 0, 1), Lcg.normals(80, 14, 0.8, 1)), 0.1);
    assertRelative(r.statistic(), 0.36369910282953777, REL);
    assertRelative(r.score(), 0.09551022406050001, REL);
    assertThat(r.drifted()).isTrue();
    StatTestResult ties =
        StatTests.byName("cramer_von_mises")
            .test(new NumericPair(Lcg.ints(81, 10, 4), Lcg.ints(82, 8, 4)), 0.1);
    assertRelative(ties.statistic(), 0.012268518518518512, REL);
    assertThat(ties.score()).isEqualTo(1.0);
  }

  @Test
  void andersonCapsAndFloorsLikeScipy() {
    StatTestResult capped =
        StatTests.byName("anderson")
            .test(new NumericPair(Lcg.normals(83, 50, 0, 1), Lcg.normals(84, 50, 0, 1)), 0.1);
    assertRelative(capped.statistic(), -0.5720794556505939, REL);
    assertThat(capped.score()).isEqualTo(0.25);
    StatTestResult floored =
        StatTests.byName("anderson")
            .test(new NumericPair(Lcg.normals(85, 50, 0, 1), Lcg.normals(86, 50, 2, 1)), 0.1);
    assertRelative(floored.statistic(), 28.39679749564994, REL);
    assertThat(floored.score()).isEqualTo(0.001);
    assertThat(floored.drifted()).isTrue();
  }

  @Test
  void mannWhitneyExactWithUnequalSizes() {
    StatTestResult r =
        StatTests.byName("mannw")
            .test(new NumericPair(Lcg.normals(87, 6, 0, 1), Lcg.normals(88, 30, 0.7, 1)), 0.05);
    assertRelative(r.statistic(), 62.0, REL);
    assertRelative(r.score(), 0.25021665557718686, REL);
  }

  @Test
  void degenerateInputsGiveDefinedResultsOrARefusal() {
    NumericPair constantSame =
        new NumericPair(new double[] {2, 2, 2, 2, 2, 2}, new double[] {2, 2, 2, 2, 2});
    NumericPair constantApart =
        new NumericPair(new double[] {2, 2, 2, 2, 2, 2}, new double[] {3, 3, 3, 3, 3});
    NumericPair single = new NumericPair(new double[] {1}, new double[] {2});
    for (String name :
        new String[] {
          "anderson",
          "cramer_von_mises",
          "mannw",
          "t_test",
          "epps_singleton",
          "ks",
          "wasserstein",
          "energy_distance",
          "empirical_mmd",
          "psi",
          "kl_div",
          "jensenshannon",
          "hellinger",
          "tvd",
          "chisquare",
          "g_test",
          "z"
        }) {
      StatTest t = StatTests.byName(name);
      NumericPair[] pairs = {constantSame, constantApart, single};
      for (int i = 0; i < pairs.length; i++) {
        StatTestResult r;
        try {
          r = t.test(pairs[i], t.defaultThreshold());
        } catch (IllegalArgumentException refused) {
          continue; // too few values, one distinct value: the column is an error, never drift
        }
        assertThat(r.test()).isEqualTo(name);
        if (i == 0) { // constantSame
          assertThat(r.drifted()).as(name + " on equal constants").isFalse();
        }
      }
    }
    assertThat(StatTests.byName("t_test").test(constantApart, 0.05).score()).isZero();
    assertThat(StatTests.byName("mannw").test(constantSame, 0.05).score()).isEqualTo(1.0);
  }

  @Test
  void eppsSingletonGivesTheSameBitsWhateverTheRowOrder() {
    // a near-singular covariance (a narrow, lumpy sample) magnifies the rounding of sums; summed in
    // row order, reordering the rows moved the p-value by 1e-7 of itself (jqwik found it)
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    for (int round = 0; round < 50; round++) {
      int n = 5 + random.nextInt(60);
      double[] a = new double[n];
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = Math.rint(random.nextGaussian() * 4) / 4;
        b[i] = random.nextDouble() * 1e3 + random.nextGaussian();
      }
      double[] reversed = new double[n];
      for (int i = 0; i < n; i++) {
        reversed[i] = b[n - 1 - i];
      }
      StatisticAndP one = EppsSingletonTest.statisticAndPValue(a, b);
      StatisticAndP other = EppsSingletonTest.statisticAndPValue(a, reversed);
      assertThat(other.statistic()).as("round %d", round).isEqualTo(one.statistic());
      assertThat(other.pValue()).as("round %d", round).isEqualTo(one.pValue());
    }
  }
}
