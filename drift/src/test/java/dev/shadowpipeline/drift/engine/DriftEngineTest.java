package dev.shadowpipeline.drift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.simulate.Simulation;
import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.StatTests;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine end to end on in-memory datasets, with simple stand-in tests (see {@link FakeCatalog}). */
class DriftEngineTest {

  private final FakeCatalog catalog = new FakeCatalog();
  private final DriftEngine engine = new DriftEngine(catalog, DriftOptions.DEFAULTS);

  private TestSelection selection(String text) {
    return TestSelection.resolve(text, catalog).orElseThrow(IllegalArgumentException::new);
  }

  private static Dataset dataset(String name, long rows, RawColumn... columns) {
    Map<String, RawColumn> map = new LinkedHashMap<>();
    for (RawColumn c : columns) {
      map.put(c.name(), c);
    }
    return new Dataset(name, map, rows, 0, List.of());
  }

  private static NumericColumn numbers(String name, double... values) {
    return new NumericColumn(name, values, 0, false);
  }

  private static ColumnDrift column(DriftResult result, String name) {
    return result.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  // 5000 rows: the stand-in w1 distance is noisy near its 0.1 threshold at 1000 (the real default
  // there is ks)
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void theSeedScenarioDriftsInSalaryOnly(long seed) {
    DatasetPair data = new Simulation(5000, seed, Map.of(), Map.of()).generate();
    DriftResult result = engine.compare(data);
    assertThat(result.driftedColumns()).containsExactly("salary");
    assertThat(result.countedColumns()).isEqualTo(3);
    assertThat(result.share()).isEqualTo(1.0 / 3);
    assertThat(result.drift()).isTrue();
    assertThat(result.status()).isEqualTo(DatasetStatus.OK);
    assertThat(result.problems()).isEmpty();
    assertThat(column(result, "clicks").type())
        .isEqualTo(ColumnType.NUMERIC); // 100 distinct integers
    assertThat(column(result, "salary").histogram())
        .isInstanceOfSatisfying(Histogram.Bins.class, bins -> assertThat(bins.edges()).hasSize(21));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ks", "wasserstein", "anderson", "psi"})
  void aLargeColumnsHistogramIsThatOfPlacingEveryValueWhateverTheTestCounted(String test) {
    // ks and wasserstein count the histogram in their own pass over the values (10,000 values:
    // on their bucketed path), the others leave it to the engine; values on two decimals put many
    // on the bins' edges
    java.util.Random random = new java.util.Random(7);
    double[] ref = new double[5000];
    double[] cur = new double[5000];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = Math.rint(random.nextGaussian() * 100) / 100;
      cur[i] = Math.rint((random.nextGaussian() * 1.1 + 0.2) * 100) / 100;
    }
    DriftEngine real =
        DriftEngine.standard(
            DriftOptions.DEFAULTS.withGlobalTest(
                TestSelection.resolve(test, StandardCatalog.INSTANCE)
                    .orElseThrow(IllegalArgumentException::new)));
    DriftResult result =
        real.compare(
            new DatasetPair(
                dataset("ref", 5000, numbers("x", ref)), dataset("cur", 5000, numbers("x", cur))));
    ColumnDrift x = column(result, "x");
    assertThat(x.status()).isEqualTo(ColumnStatus.OK);
    assertThat(x.result().test()).isEqualTo(test);
    double min =
        Math.min(Arrays.stream(ref).min().orElseThrow(), Arrays.stream(cur).min().orElseThrow());
    double max =
        Math.max(Arrays.stream(ref).max().orElseThrow(), Arrays.stream(cur).max().orElseThrow());
    EqualWidthBins bins = EqualWidthBins.over(min, max, DriftOptions.DEFAULTS.histogramBins());
    assertThat(x.histogram())
        .isInstanceOfSatisfying(
            Histogram.Bins.class,
            h -> {
              assertThat(h.edges()).isEqualTo(bins.edges());
              assertThat(h.reference()).isEqualTo(shares(bins.count(ref), 5000));
              assertThat(h.current()).isEqualTo(shares(bins.count(cur), 5000));
            });
  }

  private static double[] shares(int[] counts, int n) {
    return Arrays.stream(counts).mapToDouble(c -> (double) c / n).toArray();
  }

  @Test
  void withoutTheShiftNothingDrifts() {
    DatasetPair data = new Simulation(5000, 42, Map.of("salary", 0.0), Map.of()).generate();
    DriftResult result = engine.compare(data);
    assertThat(result.driftedColumns()).isEmpty();
    assertThat(result.drift()).isFalse();
  }

  @Test
  void oddColumnsGetAStatusNotACrash() {
    Dataset ref =
        dataset(
            "ref",
            3,
            numbers("ok", 1, 2, 3),
            numbers("gone", 1, 2, 3),
            new NumericColumn("blank", new double[0], 3, false),
            new LabelColumn("text", List.of("a", "b", "c"), new long[] {1, 1, 1}, 0));
    Dataset cur =
        dataset(
            "cur",
            3,
            numbers("ok", 1, 2, 3),
            new NumericColumn("blank", new double[] {1}, 2, false),
            new LabelColumn("text", List.of("d", "e", "f"), new long[] {1, 1, 1}, 0),
            numbers("new", 4, 5, 6));
    DriftResult result = engine.compare(ref, cur);
    assertThat(result.columns())
        .extracting(ColumnDrift::name)
        .containsExactly("ok", "gone", "blank", "text", "new");
    assertThat(result.columns())
        .extracting(ColumnDrift::status)
        .containsExactly(
            ColumnStatus.OK,
            ColumnStatus.ONLY_IN_REFERENCE,
            ColumnStatus.ALL_MISSING,
            ColumnStatus.OK,
            ColumnStatus.ONLY_IN_CURRENT);
    assertThat(column(result, "blank").reference().missingShare()).isEqualTo(1.0);
    assertThat(column(result, "blank").current().missingShare()).isEqualTo(2.0 / 3);
    assertThat(column(result, "text").type()).isEqualTo(ColumnType.TEXT);
    assertThat(column(result, "text").result().test()).isEqualTo("tvd"); // compared as categorical
    // blank: untested, but its missing share moved from 3/3 to 2/3, past the default 0.1; gone:
    // vanished from the
    // current data. Both count as drifted, beside the two tested columns; new is informational.
    assertThat(column(result, "blank").missingShareDrift()).isTrue();
    assertThat(column(result, "gone").drifted()).isTrue();
    assertThat(column(result, "new").counted()).isFalse();
    assertThat(result.countedColumns()).isEqualTo(4);
    assertThat(result.driftedColumns())
        .containsExactly("gone", "blank", "text"); // text: a,b,c against d,e,f
    assertThat(result.status()).isEqualTo(DatasetStatus.INCOMPLETE);
    assertThat(result.problems())
        .containsExactly(
            "column 'gone' of reference ref is missing from current cur (counted as drifted)");
  }

  @Test
  void anEmptyDatasetIsEmptyNotAnErrorAndNotHealthyEither() {
    Dataset ref = dataset("ref", 0, new NumericColumn("x", new double[0], 0, false));
    Dataset cur = dataset("cur", 2, numbers("x", 1, 2));
    DriftResult result = engine.compare(ref, cur);
    assertThat(column(result, "x").status()).isEqualTo(ColumnStatus.EMPTY);
    assertThat(result.drift()).isFalse();
    assertThat(result.status()).isEqualTo(DatasetStatus.UNTESTABLE);
  }

  @Test
  void newCategoriesAndMissingSharesAreReported() {
    Dataset ref = dataset("ref", 4, new LabelColumn("c", List.of("a", "b"), new long[] {2, 2}, 0));
    Dataset cur =
        dataset("cur", 4, new LabelColumn("c", List.of("a", "x", "y"), new long[] {1, 1, 1}, 1));
    ColumnDrift c = column(engine.compare(ref, cur), "c");
    assertThat(c.type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(c.newCategories()).isEqualTo(2);
    assertThat(c.newCategoryExamples()).containsExactly("x", "y");
    assertThat(c.missingShareChange()).isEqualTo(0.25);
    assertThat(c.missingShareDrift()).isTrue(); // 0.25 >= the default 0.1
    assertThat(c.result().test()).isEqualTo("tvd");
    assertThat(c.histogram())
        .isInstanceOfSatisfying(
            Histogram.Categories.class,
            categories -> {
              assertThat(categories.names()).containsExactlyInAnyOrder("a", "b", "x", "y");
              assertThat(categories.otherCategories()).isZero();
            });
  }

  @Test
  void overridesGoColumnThenTypeThenGlobal() {
    Dataset ref = dataset("ref", 3, numbers("a", 1, 2, 3), numbers("b", 1, 2, 3));
    Dataset cur = dataset("cur", 3, numbers("a", 1, 2, 4), numbers("b", 1, 2, 4));
    DriftEngine configured =
        engine.withOptions(
            DriftOptions.DEFAULTS
                .withGlobalTest(selection(":0.9"))
                .withTypeTests(Map.of(ColumnType.NUMERIC, selection("w1:0.5")))
                .withColumnTests(Map.of("a", selection(":0.01"))));
    DriftResult result = configured.compare(ref, cur);
    assertThat(column(result, "a").result().threshold()).isEqualTo(0.01);
    assertThat(column(result, "a").drifted()).isTrue();
    assertThat(column(result, "b").result().threshold()).isEqualTo(0.5);
    assertThat(column(result, "b").drifted()).isFalse();
  }

  @Test
  void aConfiguredTypeWinsAndTheWrongTestIsAColumnError() {
    Dataset ref =
        dataset("ref", 3, numbers("a", 1, 2, 3), numbers("b", 1, 2, 3), numbers("c", 1, 2, 3));
    Dataset cur =
        dataset("cur", 3, numbers("a", 1, 2, 3), numbers("b", 1, 2, 3), numbers("c", 1, 2, 3));
    DriftResult result =
        engine
            .withOptions(
                DriftOptions.DEFAULTS
                    .withColumnTypes(Map.of("a", ColumnType.CATEGORICAL))
                    .withColumnTests(
                        Map.of("b", selection("tvd"), "c", TestSelection.of(FakeCatalog.BROKEN))))
            .compare(ref, cur);
    assertThat(column(result, "a").type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(column(result, "a").typeReason()).isEqualTo("configured");
    assertThat(column(result, "a").result().test()).isEqualTo("tvd");
    assertThat(column(result, "b").status()).isEqualTo(ColumnStatus.ERROR);
    assertThat(column(result, "b").detail()).contains("'tvd' does not apply to numeric");
    assertThat(column(result, "c").status()).isEqualTo(ColumnStatus.ERROR);
    // a fault, not a refusal of the data: named with its exception type
    assertThat(column(result, "c").detail())
        .isEqualTo("test 'broken' failed: java.lang.ArithmeticException: boom");
  }

  @Test
  void labelsConfiguredAsNumericAreParsedOrReported() {
    Dataset ref =
        dataset(
            "ref",
            2,
            new LabelColumn("a", List.of("1", "2"), new long[] {1, 1}, 0),
            new LabelColumn("b", List.of("1", "x"), new long[] {1, 1}, 0));
    Dataset cur =
        dataset(
            "cur",
            2,
            new LabelColumn("a", List.of("1", "2"), new long[] {1, 1}, 0),
            new LabelColumn("b", List.of("1", "2"), new long[] {1, 1}, 0));
    DriftResult result =
        engine
            .withOptions(
                DriftOptions.DEFAULTS.withColumnTypes(
                    Map.of("a", ColumnType.NUMERIC, "b", ColumnType.NUMERIC)))
            .compare(ref, cur);
    assertThat(column(result, "a").status()).isEqualTo(ColumnStatus.OK);
    assertThat(column(result, "b").status()).isEqualTo(ColumnStatus.ERROR);
    assertThat(column(result, "b").detail()).contains("\"x\" is not a number");
  }

  @Test
  void datasetDriftIsShareAtLeastDriftShare() {
    Dataset ref = dataset("ref", 3, numbers("a", 1, 2, 3), numbers("b", 1, 2, 3));
    Dataset cur = dataset("cur", 3, numbers("a", 11, 12, 13), numbers("b", 1, 2, 3));
    assertThat(
            engine.withOptions(DriftOptions.DEFAULTS.withDriftShare(0.5)).compare(ref, cur).drift())
        .isTrue();
    assertThat(engine.compare(ref, cur).status()).isEqualTo(DatasetStatus.OK);
    assertThat(
            engine
                .withOptions(DriftOptions.DEFAULTS.withDriftShare(0.51))
                .compare(ref, cur)
                .drift())
        .isFalse();
  }

  @Test
  void distinctValuesAreCountedAcrossBothSidesUpToTheLimit() {
    assertThat(ColumnComparison.distinctUpTo(new double[] {1, 1, 2}, new double[] {2, 3, 3}, 6))
        .isEqualTo(3);
    assertThat(ColumnComparison.distinctUpTo(new double[] {5}, new double[] {5}, 6)).isEqualTo(1);
    assertThat(ColumnComparison.distinctUpTo(new double[] {-0.0, 0.0}, new double[] {0.0}, 6))
        .isEqualTo(1);
    assertThat(
            ColumnComparison.distinctUpTo(
                new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8, 9}, 6))
        .isEqualTo(6);
    assertThat(
            ColumnComparison.distinctUpTo(new double[] {1, 2, 3, 4, 5, 6, 7}, new double[] {8}, 6))
        .isEqualTo(6);
  }

  @Test
  void testSelectionsResolveOnceAgainstTheCatalog() {
    assertThat(selection("w1:0.2")).isEqualTo(TestSelection.of(FakeCatalog.W1, 0.2));
    assertThat(selection(" tvd ")).isEqualTo(TestSelection.of(FakeCatalog.TVD));
    assertThat(selection(":0.01")).isEqualTo(TestSelection.NONE.withThreshold(0.01));
    assertThat(selection("")).isEqualTo(TestSelection.NONE);
    assertThat(
            TestSelection.resolve("es", StandardCatalog.INSTANCE).selection().orElseThrow().test())
        .contains(StatTests.byName("epps_singleton")); // Evidently's alias
  }

  @Test
  void aBadTestSelectionIsOneLineNamingTheProblemNeverAnException() {
    assertThat(TestSelection.resolve("kss:0.1", catalog).error())
        .contains("unknown test 'kss' (known: w1, tvd, broken)");
    assertThat(TestSelection.resolve("w1:abc", catalog).error())
        .contains("'w1:abc': threshold 'abc' is not a number");
    assertThat(TestSelection.resolve("w1:-1", catalog).error())
        .contains("threshold must be a number above 0 and finite: -1.0");
    assertThat(TestSelection.resolve("w1:NaN", catalog).error())
        .contains("threshold must be a number above 0 and finite: NaN");
    assertThat(TestSelection.resolve("kss", catalog).selection()).isEmpty();
    assertThatThrownBy(
            () ->
                TestSelection.resolve("kss", catalog)
                    .orElseThrow(m -> new IllegalStateException("x: " + m)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("x: unknown test 'kss'");
    assertThatThrownBy(() -> TestSelection.NONE.withThreshold(-0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
