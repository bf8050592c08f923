package dev.shadowpipeline.drift.stattest;

import static dev.shadowpipeline.drift.stattest.ScipyReference.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Evidently 0.7's versions of the tests ({@link StatTests#findEvidently}), against scipy 1.17.1 / numpy 2.4.6 with
 * Evidently's calls: {@code mannwhitneyu(x=ref, y=cur, alternative="less")}, {@code ttest_ind(ref, cur)} (pooled),
 * {@code 2 * (1 - norm.cdf(abs(z)))}. The data are {@link Lcg}'s, as in the other reference tests; the exact call is
 * above each value.
 */
class EvidentlyCompatTestsTest {

  private static final double REL = 1e-12;

  private static StatTest evidently(String name) {
    return StatTests.findEvidently(name).orElseThrow();
  }

  @Test
  void mannwIsOneSidedLess() {
    double[] ref = Lcg.normals(21, 40, 0, 1);
    double[] cur = Lcg.normals(22, 35, 0.3, 1.5);
    // mannwhitneyu(ref, cur, alternative="less") -> (555.0, 0.06244432963213205)
    StatTestResult less = evidently("mannw").test(new NumericPair(ref, cur), 0.05);
    assertThat(less.statistic()).isEqualTo(555.0);
    assertRelative(less.score(), 0.06244432963213205, REL);
    // alternative="two-sided" -> 0.1248886592642641 (ours)
    assertRelative(
        StatTests.byName("mannw").test(new NumericPair(ref, cur), 0.05).score(),
        0.1248886592642641,
        REL);
    // mannwhitneyu(cur, ref, alternative="less") -> 0.9388502367327681: a shift down is invisible
    assertRelative(
        evidently("mannw").test(new NumericPair(cur, ref), 0.05).score(), 0.9388502367327681, REL);
    // exact (6 and 7 values, no ties): mannwhitneyu(x, y, alternative="less") -> (23.0,
    // 0.6346153846153846); swapped 0.4178321678321678; two-sided 0.8356643356643356
    double[] x = Lcg.normals(23, 6, 0, 1);
    double[] y = Lcg.normals(24, 7, 0.8, 1);
    assertRelative(
        evidently("mannw").test(new NumericPair(x, y), 0.05).score(), 0.6346153846153846, REL);
    assertRelative(
        evidently("mannw").test(new NumericPair(y, x), 0.05).score(), 0.4178321678321678, REL);
    assertRelative(
        StatTests.byName("mannw").test(new NumericPair(x, y), 0.05).score(),
        0.8356643356643356,
        REL);
    // ties: mannwhitneyu(Lcg(25).ints(60, 5), Lcg(26).ints(50, 6), alternative="less")
    // -> (1239.5, 0.05636889880688573)
    StatTestResult ties =
        evidently("mannw").test(new NumericPair(Lcg.ints(25, 60, 5), Lcg.ints(26, 50, 6)), 0.05);
    assertThat(ties.statistic()).isEqualTo(1239.5);
    assertRelative(ties.score(), 0.05636889880688573, REL);
  }

  @Test
  void tTestIsStudentsPooledTest() {
    NumericPair pair = new NumericPair(Lcg.normals(21, 40, 0, 1), Lcg.normals(22, 35, 0.3, 1.5));
    // ttest_ind(ref, cur) -> (-1.4592512003020746, 0.14878581238814062)
    StatTestResult pooled = evidently("t_test").test(pair, 0.05);
    assertRelative(pooled.statistic(), -1.4592512003020746, REL);
    assertRelative(pooled.score(), 0.14878581238814062, 1e-10);
    // ttest_ind(ref, cur, equal_var=False) -> (-1.4395828169131835, 0.1547328546611731) (ours)
    StatTestResult welch = StatTests.byName("t_test").test(pair, 0.05);
    assertRelative(welch.statistic(), -1.4395828169131835, REL);
    assertRelative(welch.score(), 0.1547328546611731, 1e-10);
    // scipy: both sides constant and equal is 0/0, NaN; constant and apart is +-inf, p 0
    NumericPair same = new NumericPair(new double[] {2, 2, 2}, new double[] {2, 2});
    assertThat(evidently("t_test").test(same, 0.05).score()).isNaN();
    NumericPair apart = new NumericPair(new double[] {2, 2, 2}, new double[] {3, 3});
    assertThat(evidently("t_test").test(apart, 0.05).score()).isEqualTo(0.0);
  }

  @Test
  void zTakesEvidentlysTail() {
    // all 1000 reference values in the first category, half of the current ones: z = -25.8, and
    // 2 * (1 - norm.cdf(25.8)) is 0.0 in float64
    CategoricalPair far =
        new CategoricalPair(List.of("a", "b"), new long[] {1000, 0}, new long[] {500, 500});
    assertThat(evidently("z").test(far, 0.05).score()).isEqualTo(0.0);
    assertThat(StatTests.byName("z").test(far, 0.05).score()).isGreaterThan(0.0);
    // in the body both agree to 1e-16: 2 * (1 - norm.cdf(1.0))
    CategoricalPair near =
        new CategoricalPair(List.of("a", "b"), new long[] {52, 48}, new long[] {47, 53});
    double ours = StatTests.byName("z").test(near, 0.05).score();
    assertThat(evidently("z").test(near, 0.05).score())
        .isCloseTo(ours, org.assertj.core.api.Assertions.within(1e-15));
  }

  @Test
  void registryTypesAreEvidentlys() {
    EnumSet<ColumnType> cat = EnumSet.of(ColumnType.CATEGORICAL);
    EnumSet<ColumnType> num = EnumSet.of(ColumnType.NUMERIC);
    for (String name : List.of("chisquare", "z", "fisher_exact", "g_test", "tvd")) {
      assertThat(evidently(name).supportedTypes()).as(name).isEqualTo(cat);
    }
    for (String name :
        List.of(
            "ks",
            "anderson",
            "cramer_von_mises",
            "mannw",
            "t_test",
            "epps_singleton",
            "wasserstein",
            "energy_distance",
            "empirical_mmd")) {
      assertThat(evidently(name).supportedTypes()).as(name).isEqualTo(num);
    }
    for (String name : List.of("jensenshannon", "psi", "kl_div", "hellinger")) {
      assertThat(evidently(name).supportedTypes())
          .as(name)
          .containsExactlyInAnyOrder(ColumnType.CATEGORICAL, ColumnType.NUMERIC);
    }
    // defaults and kinds are the same in both sets (Evidently's)
    for (StatTest ours : StatTests.all()) {
      StatTest theirs = evidently(ours.name());
      assertThat(theirs.defaultThreshold()).as(ours.name()).isEqualTo(ours.defaultThreshold());
      assertThat(theirs.kind()).as(ours.name()).isEqualTo(ours.kind());
    }
    // Evidently's names
    assertThat(StatTests.findEvidently("TVD")).containsSame(evidently("tvd"));
    assertThat(StatTests.findEvidently("es")).containsSame(evidently("epps_singleton"));
  }

  @Test
  void dataEvidentlyRaisesOnIsRefused() {
    CategoricalPair unequal =
        new CategoricalPair(List.of("a", "b"), new long[] {30, 20}, new long[] {10, 30});
    assertThatThrownBy(() -> evidently("g_test").test(unequal, 0.1))
        .hasMessageContaining("Evidently 0.7's g_test raises")
        .hasMessageContaining("50 reference and 40 current");
    assertThatThrownBy(() -> evidently("fisher_exact").test(unequal, 0.1))
        .hasMessageContaining("equal sizes");
    // equal sizes: the same numbers as ours
    CategoricalPair equal =
        new CategoricalPair(List.of("a", "b"), new long[] {30, 20}, new long[] {20, 30});
    assertThat(evidently("g_test").test(equal, 0.1).score())
        .isEqualTo(StatTests.byName("g_test").test(equal, 0.1).score());
    NumericPair flat =
        new NumericPair(new double[] {1, 1, 1, 1, 1, 1, 2}, new double[] {1, 1, 1, 1, 1, 1});
    assertThatThrownBy(() -> evidently("epps_singleton").test(flat, 0.05))
        .hasMessageContaining("interquartile range is 0");
    NumericPair one = new NumericPair(new double[] {3}, new double[] {1, 2, 3});
    assertThatThrownBy(() -> evidently("cramer_von_mises").test(one, 0.1))
        .hasMessageContaining("two values on each side");
    NumericPair constant = new NumericPair(new double[] {4, 4, 4}, new double[] {4, 4});
    assertThatThrownBy(() -> evidently("anderson").test(constant, 0.1))
        .hasMessageContaining("more than one distinct value");
  }
}
