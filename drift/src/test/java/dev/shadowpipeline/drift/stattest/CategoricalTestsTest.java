package dev.shadowpipeline.drift.stattest;

import static dev.shadowpipeline.drift.stattest.ScipyReference.assertRelative;
import static dev.shadowpipeline.drift.stattest.ScipyReference.categorical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code chisquare}, {@code g_test}, {@code z} and {@code fisher_exact} against scipy 1.17.1 (numpy 2.4.6), relative
 * tolerance 1e-10, on Evidently's definitions re-typed in Python from
 * {@code evidently/legacy/calculations/stattests/*.py} (Evidently itself is not installed here):
 *
 * <pre>
 * def ev_counts(ref, cur):
 *     keys = sorted(set(ref) | set(cur))
 *     return keys, np.array([ref.count(k) for k in keys], float), np.array([cur.count(k) for k in keys], float)
 * def ev_chisquare(ref, cur):
 *     keys, rc, cc = ev_counts(ref, cur)
 *     return st.chisquare(cc, rc * (len(cur) / len(ref)))
 * def ev_g(ref, cur):
 *     keys, rc, cc = ev_counts(ref, cur)
 *     return st.power_divergence(cc, rc * (len(cur) / len(ref)), lambda_="log-likelihood")
 * def ev_z(ref, cur):
 *     keys = sorted(set(ref) | set(cur))
 *     a = np.array([0 if x == keys[0] else 1 for x in ref], float); b = np.array([0 if x == keys[0] else 1 for x in cur], float)
 *     n1, n2 = len(a), len(b); p1, p2 = a.sum()/n1, b.sum()/n2; P = (p1*n1 + p2*n2)/(n1+n2)
 *     z = (p1 - p2) / np.sqrt(P*(1-P)*(1.0/n1 + 1.0/n2))
 *     return z, 2*st.norm.sf(abs(z))
 * cat_a = Lcg(61).ints(500, 4); cat_b = Lcg(62).ints(300, 4); cat_c = Lcg(63).ints(400, 5)
 * print("chisquare", *map(r, ev_chisquare(cat_a, cat_b)))       # 6.391804091610934 0.0940285485146093
 * print("chisquareShift", *map(r, ev_chisquare(cat_a, cat_c)))  # inf 0.0
 * print("g", *map(r, ev_g(cat_a, cat_b)))                       # 6.422150385816938 0.0927837826955045
 * bin_a = Lcg(64).ints(120, 2)
 * g = Lcg(65); bin_b = [1.0 if g.uniform() &lt; 0.62 else 0.0 for _ in range(90)]
 * print("z", *map(r, ev_z(bin_a, bin_b)))                       # -1.9522067285795088 0.050913665663649965
 * print("zMulti", *map(r, ev_z(cat_a, cat_c)))                  # -2.097098991388021 0.03598481326316071
 * rc = [bin_a.count(1.0), bin_a.count(0.0)]; cc = [bin_b.count(1.0), bin_b.count(0.0)]
 * print(st.fisher_exact([cc, rc]))                              # [[52, 38], [53, 67]] -&gt; 1.7298907646474677 0.06959611039457397
 * </pre>
 *
 * Evidently's z uses 2 * (1 - norm.cdf(|z|)); scipy's sf is used in the snippet and here (they agree to 1e-16
 * absolute).
 */
class CategoricalTestsTest {

  private static final double REL = 1e-10;

  private final double[] catA = Lcg.ints(61, 500, 4);
  private final double[] catB = Lcg.ints(62, 300, 4);
  private final double[] catC = Lcg.ints(63, 400, 5);

  @Test
  void chiSquareMatchesScipyOnNumericAndCategoricalInput() {
    for (ColumnPair pair : List.of(new NumericPair(catA, catB), categorical(catA, catB, 4))) {
      StatTestResult r = StatTests.byName("chisquare").test(pair, 0.05);
      assertRelative(r.statistic(), 6.391804091610934, REL);
      assertRelative(r.score(), 0.0940285485146093, REL);
      assertThat(r.drifted()).isFalse();
    }
  }

  @Test
  void chiSquareNewCategoryIsInfiniteStatisticZeroP() {
    StatTestResult r = StatTests.byName("chisquare").test(new NumericPair(catA, catC), 0.05);
    assertThat(r.statistic()).isInfinite();
    assertThat(r.score()).isZero();
    assertThat(r.drifted()).isTrue();
  }

  @Test
  void gTestMatchesScipyPowerDivergence() {
    StatTestResult r = StatTests.byName("g_test").test(new NumericPair(catA, catB), 0.1);
    assertRelative(r.statistic(), 6.422150385816938, REL);
    assertRelative(r.score(), 0.0927837826955045, REL);
    assertThat(r.drifted()).isTrue();
    assertThat(StatTests.byName("g_test").test(categorical(catA, catC, 5), 0.1).score()).isZero();
  }

  private static double[] binB() {
    Lcg g = new Lcg(65);
    double[] out = new double[90];
    for (int i = 0; i < out.length; i++) {
      out[i] = g.uniform() < 0.62 ? 1.0 : 0.0;
    }
    return out;
  }

  @Test
  void zTestMatchesEvidentlyDefinition() {
    double[] binA = Lcg.ints(64, 120, 2);
    StatTestResult r = StatTests.byName("z").test(new NumericPair(binA, binB()), 0.05);
    assertRelative(r.statistic(), -1.9522067285795088, REL);
    assertRelative(r.score(), 0.050913665663649965, REL);
    assertThat(r.drifted()).isFalse();
    // more than two categories: first sorted key against the rest
    StatTestResult multi = StatTests.byName("z").test(categorical(catA, catC, 5), 0.05);
    assertRelative(multi.statistic(), -2.097098991388021, REL);
    assertRelative(multi.score(), 0.03598481326316071, REL);
  }

  @Test
  void zTestSameConstantIsPOne() {
    StatTestResult r =
        StatTests.byName("z").test(new NumericPair(new double[] {1, 1}, new double[] {1}), 0.05);
    assertThat(r.score()).isEqualTo(1.0);
  }

  @Test
  void fisherExactMatchesScipyWithUnequalSizes() {
    double[] binA = Lcg.ints(64, 120, 2);
    StatTestResult r = StatTests.byName("fisher_exact").test(new NumericPair(binA, binB()), 0.1);
    assertRelative(r.score(), 0.06959611039457397, REL);
    // the odds ratio depends on which category is first; scipy's table had category 1 first
    assertThat(r.statistic())
        .satisfiesAnyOf(
            s -> assertRelative(s, 1.7298907646474677, REL),
            s -> assertRelative(1 / s, 1.7298907646474677, REL));
    assertThat(r.drifted()).isTrue();
  }

  @Test
  void fisherExactRejectsMoreThanTwoCategories() {
    assertThatThrownBy(
            () -> StatTests.byName("fisher_exact").test(new NumericPair(catA, catB), 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most two categories, got 4");
  }

  @Test
  void singleCategoryIsNoDrift() {
    CategoricalPair one = new CategoricalPair(List.of("a"), new long[] {5}, new long[] {3});
    for (String name :
        List.of(
            "chisquare",
            "g_test",
            "z",
            "fisher_exact",
            "tvd",
            "psi",
            "kl_div",
            "jensenshannon",
            "hellinger")) {
      StatTestResult r =
          StatTests.byName(name).test(one, StatTests.byName(name).defaultThreshold());
      assertThat(r.drifted()).as(name).isFalse();
    }
  }
}
