package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatTestsTest {

  @Test
  void everyTestIsRegisteredUnderItsName() {
    assertThat(StatTests.names())
        .containsExactly(
            "ks",
            "chisquare",
            "z",
            "fisher_exact",
            "g_test",
            "anderson",
            "cramer_von_mises",
            "mannw",
            "t_test",
            "epps_singleton",
            "wasserstein",
            "energy_distance",
            "jensenshannon",
            "psi",
            "kl_div",
            "hellinger",
            "tvd",
            "empirical_mmd");
    for (String name : StatTests.names()) {
      assertThat(StatTests.byName(name).name()).isEqualTo(name);
    }
  }

  @Test
  void evidentlyAliasesResolve() {
    assertThat(StatTests.byName("es").name()).isEqualTo("epps_singleton");
    assertThat(StatTests.byName("ed").name()).isEqualTo("energy_distance");
    assertThat(StatTests.byName("TVD").name()).isEqualTo("tvd");
  }

  @Test
  void unknownNameListsTheValidOnes() {
    assertThatThrownBy(() -> StatTests.byName("kolmogorov"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "unknown statistical test 'kolmogorov'; valid names: ks, chisquare, z,")
        .hasMessageContaining("empirical_mmd");
  }

  @Test
  void defaultThresholdsAreEvidentlys() {
    assertThat(StatTests.byName("ks").defaultThreshold()).isEqualTo(0.05);
    assertThat(StatTests.byName("anderson").defaultThreshold()).isEqualTo(0.1);
    assertThat(StatTests.byName("g_test").defaultThreshold()).isEqualTo(0.1);
    for (StatTest t : StatTests.all()) {
      if (t.kind() == TestKind.DISTANCE) {
        assertThat(t.defaultThreshold()).as(t.name()).isEqualTo(0.1);
      }
    }
  }

  @Test
  void ksDriftsAtTheThresholdItself() {
    // Evidently: ks drifts when p <= threshold; most other p-value tests when p < threshold
    StatTestResult r =
        StatTests.ks().test(new NumericPair(new double[] {3, 3, 3}, new double[] {4, 4}), 0.2);
    assertThat(r.score()).isEqualTo(0.2);
    assertThat(r.drifted()).isTrue();
  }

  @Test
  void numericOnlyTestsRejectCategoricalCounts() {
    CategoricalPair counts =
        new CategoricalPair(java.util.List.of("a", "b"), new long[] {1, 2}, new long[] {2, 1});
    assertThatThrownBy(() -> StatTests.byName("wasserstein").test(counts, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("wasserstein needs numeric values; it does not apply to categorical counts");
    for (StatTest t : StatTests.all()) {
      if (t.supportedTypes().contains(ColumnType.CATEGORICAL)) {
        assertThat(t.test(counts, t.defaultThreshold()).test()).isEqualTo(t.name());
      }
    }
  }

  @Test
  void badArgumentsAreRejectedWithTheRule() {
    assertThatThrownBy(
            () -> StatTests.ks().test(new NumericPair(new double[0], new double[] {1}), 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty");
    assertThatThrownBy(
            () ->
                StatTests.ks()
                    .test(new NumericPair(new double[] {1}, new double[] {1}), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold");
  }
}
