package dev.shadowpipeline.drift.stattest;

import static dev.shadowpipeline.drift.stattest.ScipyReference.assertRelative;
import static dev.shadowpipeline.drift.stattest.ScipyReference.categorical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Distances: hand-computed cases, and Evidently's definitions evaluated with scipy 1.17.1 / numpy 2.4.6 (relative
 * tolerance 1e-10). Evidently is not installed here; its formulas were re-typed from
 * {@code evidently/legacy/calculations/stattests/{utils,psi,kl_div,jensenshannon,hellinger_distance,
 * wasserstein_distance_norm,tvd_stattest}.py}:
 *
 * <pre>
 * def ev_binned(ref, cur, numeric, fill):          # get_binned_data
 *     ref = np.asarray(ref, float); cur = np.asarray(cur, float)
 *     if numeric and len(np.unique(ref)) &gt; 20:
 *         bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
 *         rp = np.histogram(ref, bins)[0] / len(ref); cp = np.histogram(cur, bins)[0] / len(cur)
 *     else:
 *         keys = np.unique(np.concatenate([ref, cur]))
 *         rp = np.array([(ref == k).sum() for k in keys]) / len(ref); cp = np.array([(cur == k).sum() for k in keys]) / len(cur)
 *     if fill:
 *         for p in (rp, cp):
 *             m = min(p[p != 0]); np.place(p, p == 0, m / 10**6 if m &lt;= 0.0001 else 0.0001)
 *     return rp, cp
 * def ev_psi(ref, cur, numeric=True): rp, cp = ev_binned(ref, cur, numeric, True); return np.sum((rp - cp) * np.log(rp / cp))
 * def ev_kl(ref, cur, numeric=True): rp, cp = ev_binned(ref, cur, numeric, True); return st.entropy(rp, cp)
 * def ev_js(ref, cur, numeric=True): rp, cp = ev_binned(ref, cur, numeric, False); return distance.jensenshannon(rp, cp)
 * def ev_hellinger_num(ref, cur):
 *     keys = list(set(ref) | set(cur))
 *     bins = np.histogram_bin_edges(keys, bins="sturges")
 *     h1 = np.histogram(np.asarray(ref), bins=bins, density=True)[0]; h2 = np.histogram(np.asarray(cur), bins=bins, density=True)[0]
 *     bw = (max(bins) - min(bins)) / (len(bins) - 1)
 *     s = sum(np.sqrt(h1[i]*h2[i]) * bw for i in range(len(h1)))
 *     return np.sqrt(1 - np.clip(s, 0, 1))
 * def ev_tvd(ref, cur): keys, rc, cc = ev_counts(ref, cur); return 0.5*np.sum(np.abs(rc/rc.sum() - cc/cc.sum()))
 * def ev_wass(ref, cur): return st.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
 * # data: same "small", "large", "ties", "tiny" cases as NumericPValueTestsTest; energy is st.energy_distance(a, b)
 * cat_a = Lcg(61).ints(500, 4); cat_c = Lcg(63).ints(400, 5)
 * ra = Lcg(89).ints(1000, 3); rb = Lcg(90).ints(800, 4)
 * </pre>
 */
class DistancesTest {

  private static final double REL = 1e-10;

  static Stream<Arguments> numericCases() {
    // wasserstein, energy, psi, kl, js, hellinger
    return Stream.of(
        Arguments.of(
            "small",
            Lcg.normals(71, 40, 0, 1),
            Lcg.normals(72, 55, 0.5, 1.3),
            new double[] {
              0.4157102987724441,
              0.29253039542600834,
              0.8424182459813616,
              0.2880041324391828,
              0.2778708248006198,
              0.2958200717640239
            }),
        Arguments.of(
            "large",
            Lcg.normals(73, 3000, 10, 2),
            Lcg.normals(74, 2500, 10.1, 2.2),
            new double[] {
              0.0713448380934871,
              0.06963878235344154,
              0.02366251038563767,
              0.0104404801360157,
              0.05411498530139558,
              0.05517254034548691
            }),
        Arguments.of(
            "ties",
            Lcg.ints(75, 200, 12),
            Lcg.ints(76, 150, 12),
            new double[] {
              0.09641342395220857,
              0.16921386861996074,
              0.043461120032140275,
              0.020498510922563478,
              0.07331861468812359,
              0.03705729912236315
            }),
        Arguments.of(
            "tiny",
            Lcg.normals(77, 7, 0, 1),
            Lcg.normals(78, 12, 0.9, 1),
            new double[] {
              0.6915612303176583,
              0.408407889462476,
              13.97670832348638,
              7.247162981984102,
              0.8325546111576977,
              0.41380584986787905
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numericCases")
  void numericDistancesMatchEvidentlyAndScipy(
      String name, double[] ref, double[] cur, double[] expected) {
    NumericPair pair = new NumericPair(ref, cur);
    String[] tests = {
      "wasserstein", "energy_distance", "psi", "kl_div", "jensenshannon", "hellinger"
    };
    for (int i = 0; i < tests.length; i++) {
      StatTestResult r = StatTests.byName(tests[i]).test(pair, 0.1);
      assertThat(r.kind()).isEqualTo(TestKind.DISTANCE);
      assertThat(r.score()).isEqualTo(r.statistic());
      assertRelative(r.score(), expected[i], REL);
      assertThat(r.drifted())
          .as(tests[i])
          .isEqualTo(tests[i].equals("energy_distance") ? expected[i] > 0.1 : expected[i] >= 0.1);
    }
  }

  @Test
  void categoricalHistogramDistancesMatchEvidently() {
    CategoricalPair pair = categorical(Lcg.ints(61, 500, 4), Lcg.ints(63, 400, 5), 5);
    assertRelative(StatTests.byName("psi").test(pair, 0.1).score(), 1.7132151571897485, REL);
    assertRelative(StatTests.byName("kl_div").test(pair, 0.1).score(), 0.24799764636689664, REL);
    assertRelative(
        StatTests.byName("jensenshannon").test(pair, 0.1).score(), 0.28723589722129383, REL);
    assertRelative(StatTests.byName("tvd").test(pair, 0.1).statistic(), 0.215, REL);
    CategoricalPair newCategory = categorical(Lcg.ints(89, 1000, 3), Lcg.ints(90, 800, 4), 4);
    assertRelative(StatTests.byName("psi").test(newCategory, 0.1).score(), 2.258071741376991, REL);
    assertRelative(
        StatTests.byName("kl_div").test(newCategory, 0.1).score(), 0.32163071371813545, REL);
    assertRelative(
        StatTests.byName("jensenshannon").test(newCategory, 0.1).score(), 0.3260913582254415, REL);
  }

  @Test
  void handComputedWasserstein() {
    // W([0,1,3],[5,6,8]) = 5 (every point moves by 5); std([0,1,3]) = sqrt(14/9); scipy: 5.0 and
    // 4.0089186286863665
    StatTestResult r =
        StatTests.byName("wasserstein")
            .test(new NumericPair(new double[] {0, 1, 3}, new double[] {5, 6, 8}), 0.1);
    assertRelative(r.score(), 5 / Math.sqrt(14.0 / 9.0), 1e-15);
    // constant reference: the std is floored at 0.001, so a shift of 0.0005 reads 0.5
    StatTestResult floor =
        StatTests.byName("wasserstein")
            .test(new NumericPair(new double[] {1, 1, 1}, new double[] {1.0005}), 0.1);
    assertRelative(floor.score(), 0.5, 1e-9);
  }

  @Test
  void testsWhoseArithmeticOverflowsRefuseTheColumnInsteadOfReadingNoDrift() {
    // numpy 2.4.6 / scipy 1.17.1: np.std of either reference is inf (its squares overflow), and
    // scipy.stats.wasserstein_distance of it against [1.7e308, 0.0, 0.0] is 5.666666666666667e+307:
    // Evidently's score is that over inf, 0.0, "no drift" for samples far apart; ours said the same
    for (double[] reference :
        new double[][] {{1.7e308, -1.7e308, 0.0, 1e-300}, {1e200, -1e200, 3e200, 0}}) {
      assertThatThrownBy(
              () ->
                  StatTests.byName("wasserstein")
                      .test(new NumericPair(reference, new double[] {1.7e308, 0.0, 0.0}), 0.1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("standard deviation")
          .hasMessageContaining("overflows");
    }
    // the Spark job's path, from its integral and the reference's deviation, refuses it the same
    // way
    for (double std : new double[] {Double.POSITIVE_INFINITY, Double.NaN}) {
      assertThatThrownBy(() -> SummaryTests.wasserstein(1.0, std, 0.1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("overflows");
    }
    // the tests whose arithmetic overflows on such values likewise: numpy 2.4.6 / scipy 1.17.1 give
    // ttest_ind p = 1.0, Welch's and Student's, for these two columns 5e199 apart (variances inf),
    // and
    // np.histogram_bin_edges(bins="sturges") raises on a range past 1.8e308; psi, kl_div,
    // jensenshannon and hellinger here drew one bin (score 0, no drift)
    double[] wide = new double[40];
    double[] wideShifted = new double[40];
    double[] big = new double[40];
    double[] bigShifted = new double[40];
    for (int i = 0; i < 40; i++) {
      wide[i] = (i % 2 == 0 ? 1 : -1) * (1.7e308 / 40) * (i + 1);
      wideShifted[i] = (1.7e308 / 40) * (i + 1);
      big[i] = (i - 20) * 1e200;
      bigShifted[i] = (i - 20) * 1e200 + 5e199;
    }
    for (String binned : new String[] {"psi", "kl_div", "jensenshannon", "hellinger"}) {
      assertThatThrownBy(
              () -> StatTests.byName(binned).test(new NumericPair(wide, wideShifted), 0.1))
          .as(binned)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("wider than the doubles reach");
    }
    for (StatTest t :
        new StatTest[] {
          StatTests.byName("t_test"), StatTests.findEvidently("t_test").orElseThrow()
        }) {
      assertThatThrownBy(() -> t.test(new NumericPair(big, bigShifted), 0.05))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("variances overflow");
    }
    // empirical_mmd's kernel width from squared distances past 1.8e308 (every kernel value 1), and
    // hellinger's densities over subnormal bins (inf * 0): both read "no drift" before
    double[] tiny = new double[40];
    double[] tinyShifted = new double[40];
    for (int i = 0; i < 40; i++) {
      tiny[i] = (i - 20) * 1e-310;
      tinyShifted[i] = (i - 20) * 1e-310 + 5e-310;
    }
    assertThatThrownBy(
            () -> StatTests.byName("empirical_mmd").test(new NumericPair(big, bigShifted), 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("squared distances overflow");
    assertThatThrownBy(
            () -> StatTests.byName("hellinger").test(new NumericPair(tiny, tinyShifted), 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too narrow");
    // large but measurable: 1e150 squared is 1e300
    StatTestResult large =
        StatTests.byName("wasserstein")
            .test(new NumericPair(new double[] {1e150, -1e150}, new double[] {2e150, 0}), 0.1);
    assertRelative(large.score(), 1.0, 1e-15);
  }

  @Test
  void handComputedEnergyDistance() {
    // energy([0],[1]) = sqrt(2 * integral_0^1 1^2) = sqrt(2); scipy: 1.4142135623730951
    assertRelative(CdfDistance.energy(new double[] {0}, new double[] {1}), Math.sqrt(2), 1e-15);
    // scipy.stats.energy_distance([0,2,3],[1,1,5,6]) = 1.20761472884912
    assertRelative(
        CdfDistance.energy(new double[] {0, 2, 3}, new double[] {1, 1, 5, 6}),
        1.20761472884912,
        1e-14);
  }

  @Test
  void handComputedJensenShannonPsiKlTvd() {
    // p = (.5,.5,0), q = (0,.5,.5): JS = sqrt(ln 2 / 2) = 0.5887050112577373 (scipy agrees)
    assertRelative(
        Divergences.jensenShannon(new double[] {0.5, 0.5, 0}, new double[] {0, 0.5, 0.5}),
        Math.sqrt(Math.log(2) / 2),
        1e-15);
    // PSI((.2,.8),(.5,.5)) = -.3 ln .4 + .3 ln 1.6
    assertRelative(
        Divergences.psi(new double[] {0.2, 0.8}, new double[] {0.5, 0.5}),
        -0.3 * Math.log(0.4) + 0.3 * Math.log(1.6),
        1e-15);
    // KL((.2,.8) || (.5,.5)) = .2 ln .4 + .8 ln 1.6
    assertRelative(
        Divergences.klDivergence(new double[] {0.2, 0.8}, new double[] {0.5, 0.5}),
        0.2 * Math.log(0.4) + 0.8 * Math.log(1.6),
        1e-15);
    // TVD of (3,1) vs (1,3) counts: .5 (|.75-.25| + |.25-.75|) = .5
    StatTestResult tvd =
        StatTests.byName("tvd")
            .test(
                new CategoricalPair(
                    java.util.List.of("a", "b"), new long[] {3, 1}, new long[] {1, 3}),
                0.1);
    assertThat(tvd.statistic()).isEqualTo(0.5);
  }

  @Test
  void hellingerOfDisjointCategoriesIsOne() {
    StatTestResult r =
        StatTests.byName("hellinger")
            .test(
                new CategoricalPair(
                    java.util.List.of("a", "b"), new long[] {4, 0}, new long[] {0, 9}),
                0.1);
    assertThat(r.score()).isEqualTo(1.0);
  }
}
