package dev.shadowpipeline.drift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.StatTests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** {@link Compat#EVIDENTLY} end to end: Evidently's tests, type guards and defaults, and the mode in the result. */
class CompatModeTest {

  private static Dataset dataset(String name, long rows, RawColumn... columns) {
    Map<String, RawColumn> map = new LinkedHashMap<>();
    for (RawColumn c : columns) {
      map.put(c.name(), c);
    }
    return new Dataset(name, map, rows, 0, List.of());
  }

  /** n floats, 0.5 apart from {@code from}: numeric (floats), many distinct values. */
  private static NumericColumn floats(String name, int n, double from) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = from + 0.5 * i + 0.25;
    }
    return new NumericColumn(name, v, 0, false);
  }

  private static TestSelection test(String text) {
    return TestSelection.resolve(text, StandardCatalog.INSTANCE)
        .orElseThrow(IllegalArgumentException::new);
  }

  private static ColumnDrift column(DriftResult result, String name) {
    return result.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void defaultsAreEvidentlys() {
    DriftOptions evidently = Compat.EVIDENTLY.defaults();
    assertThat(evidently.compat()).isEqualTo(Compat.EVIDENTLY);
    assertThat(evidently.driftShare()).isEqualTo(0.5);
    assertThat(evidently.missingShareThreshold()).isEmpty();
    assertThat(Compat.NATIVE.defaults()).isEqualTo(DriftOptions.DEFAULTS);
    assertThat(Compat.parse(" Evidently ")).isEqualTo(Compat.EVIDENTLY);
    assertThatThrownBy(() -> Compat.parse("scipy"))
        .hasMessage("unknown compat mode 'scipy' (known: native, evidently)");
  }

  @Test
  void aChosenTestIsEvidentlysVersionWhoeverResolvedIt() {
    // a current side shifted down: Evidently's one-sided mannw does not see it
    Dataset ref = dataset("ref", 40, floats("x", 40, 10));
    Dataset cur = dataset("cur", 40, floats("x", 40, 0));
    DriftOptions options = DriftOptions.DEFAULTS.withGlobalTest(test("mannw"));
    DriftResult ours = DriftEngine.standard(options).compare(ref, cur);
    DriftResult theirs =
        DriftEngine.standard(options.withCompat(Compat.EVIDENTLY)).compare(ref, cur);
    assertThat(column(ours, "x").drifted()).isTrue();
    assertThat(column(theirs, "x").drifted()).isFalse();
    assertThat(column(theirs, "x").result().score()).isGreaterThan(0.99);
    assertThat(theirs.compat()).isEqualTo(Compat.EVIDENTLY);
    assertThat(ours.compat()).isEqualTo(Compat.NATIVE);
  }

  @Test
  void categoricalTestsChosenForANumericColumnAreRefused() {
    Dataset ref = dataset("ref", 40, floats("price", 40, 10), floats("other", 40, 0));
    Dataset cur = dataset("cur", 40, floats("price", 40, 11), floats("other", 40, 0));
    for (String name : List.of("z", "chisquare", "fisher_exact", "g_test", "tvd")) {
      DriftOptions options =
          Compat.EVIDENTLY.defaults().withColumnTests(Map.of("price", test(name)));
      assertThatThrownBy(() -> DriftEngine.standard(options).compare(ref, cur))
          .as(name)
          .isInstanceOfSatisfying(
              IncompatibleTestException.class, e -> assertThat(e.column()).isEqualTo("price"))
          .hasMessage(
              "--compat evidently: test '"
                  + name
                  + "' does not apply to the numeric column 'price': Evidently 0.7's registry accepts"
                  + " it for categorical columns only (StatTestInvalidFeatureTypeError); choose another"
                  + " test for that column (--column-test price=NAME) or leave it to the default rule");
    }
    // natively z and chisquare read each distinct number as a category
    for (String name : List.of("z", "chisquare")) {
      DriftOptions natively = DriftOptions.DEFAULTS.withColumnTests(Map.of("price", test(name)));
      assertThat(column(DriftEngine.standard(natively).compare(ref, cur), "price").status())
          .as(name)
          .isEqualTo(ColumnStatus.OK);
    }
    // ks on a categorical column: refused by Evidently's registry as well
    Dataset labels =
        dataset("l", 30, new LabelColumn("city", List.of("a", "b"), new long[] {20, 10}, 0));
    DriftOptions ks = Compat.EVIDENTLY.defaults().withGlobalTest(test("ks"));
    assertThatThrownBy(() -> DriftEngine.standard(ks).compare(labels, labels))
        .isInstanceOf(IncompatibleTestException.class)
        .hasMessageContaining("'ks' does not apply to the categorical column 'city'")
        .hasMessageContaining("accepts it for numeric columns only");
  }

  @Test
  void theDefaultRuleStillAppliesZAndChisquareToFewValuedNumbers() {
    // Evidently's own rule picks z (<= 2 values) and chisquare (3-5) for small numeric columns
    double[] two = {0.5, 1.5, 0.5, 1.5, 0.5, 1.5, 0.5, 0.5};
    double[] five = {0.5, 1.5, 2.5, 3.5, 4.5, 0.5, 1.5, 2.5};
    Dataset ref =
        dataset(
            "ref",
            8,
            new NumericColumn("two", two, 0, false),
            new NumericColumn("five", five, 0, false));
    DriftResult r = DriftEngine.standard(Compat.EVIDENTLY.defaults()).compare(ref, ref);
    assertThat(column(r, "two").type()).isEqualTo(ColumnType.NUMERIC);
    assertThat(column(r, "two").result().test()).isEqualTo("z");
    assertThat(column(r, "five").result().test()).isEqualTo("chisquare");
  }

  @Test
  void evidentlysFailuresAreAColumnErrorNotACrash() {
    LabelColumn refLabels = new LabelColumn("flag", List.of("no", "yes"), new long[] {30, 20}, 0);
    LabelColumn curLabels = new LabelColumn("flag", List.of("no", "yes"), new long[] {10, 30}, 0);
    DriftOptions options =
        Compat.EVIDENTLY.defaults().withColumnTests(Map.of("flag", test("g_test")));
    DriftResult r =
        DriftEngine.standard(options)
            .compare(dataset("ref", 50, refLabels), dataset("cur", 40, curLabels));
    assertThat(column(r, "flag").status()).isEqualTo(ColumnStatus.ERROR);
    assertThat(column(r, "flag").detail()).contains("Evidently 0.7's g_test raises on this data");
  }

  @Test
  void theMissingShareRuleIsOffUnlessAsked() {
    double[] full = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5};
    double[] half = {0.5, 1.5, 2.5, 3.5, 4.5};
    Dataset ref = dataset("ref", 10, new NumericColumn("x", full, 0, false));
    Dataset cur = dataset("cur", 10, new NumericColumn("x", half, 5, false));
    // 0% -> 50% missing
    assertThat(column(DriftEngine.standard(DriftOptions.DEFAULTS).compare(ref, cur), "x").drifted())
        .isTrue();
    DriftOptions evidently = Compat.EVIDENTLY.defaults();
    assertThat(column(DriftEngine.standard(evidently).compare(ref, cur), "x").drifted()).isFalse();
    DriftOptions asked = evidently.withMissingShareThreshold(OptionalDouble.of(0.1));
    assertThat(column(DriftEngine.standard(asked).compare(ref, cur), "x").drifted()).isTrue();
  }

  @Test
  void choosingTvdMakesReadersKeepTheRowOrder() {
    assertThat(DriftOptions.DEFAULTS.needsRowOrder()).isFalse();
    assertThat(DriftOptions.DEFAULTS.withGlobalTest(test("psi")).needsRowOrder()).isFalse();
    assertThat(
            DriftOptions.DEFAULTS
                .withTypeTests(Map.of(ColumnType.CATEGORICAL, test("TVD")))
                .needsRowOrder())
        .isTrue();
    assertThat(StatTests.byName("tvd").needsRowOrder()).isTrue();
  }
}
