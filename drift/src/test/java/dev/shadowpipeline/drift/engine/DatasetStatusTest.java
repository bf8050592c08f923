package dev.shadowpipeline.drift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.drift.data.BadRow;
import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.stattest.TestKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The dataset-level status: what could not be judged is never healthy. Each status, each way to reach it, and the
 * missing-share rule, on in-memory datasets with the stand-in tests of {@link FakeCatalog}.
 */
class DatasetStatusTest {

  private final DriftEngine engine = new DriftEngine(new FakeCatalog(), DriftOptions.DEFAULTS);

  private static Dataset dataset(String name, long rows, RawColumn... columns) {
    return dataset(name, rows, 0, columns);
  }

  private static Dataset dataset(String name, long rows, long badRows, RawColumn... columns) {
    Map<String, RawColumn> map = new LinkedHashMap<>();
    for (RawColumn c : columns) {
      map.put(c.name(), c);
    }
    List<BadRow> examples =
        badRows == 0 ? List.of() : List.of(new BadRow(2, "2 fields, expected 3"));
    return new Dataset(name, map, rows, badRows, examples);
  }

  private static NumericColumn numbers(String name, double... values) {
    return new NumericColumn(name, values, 0, false);
  }

  /** {@code present} values 1..present, then {@code missing} missing cells. */
  private static NumericColumn withMissing(String name, int present, long missing) {
    double[] values = new double[present];
    for (int i = 0; i < present; i++) {
      values[i] = i + 1;
    }
    return new NumericColumn(name, values, missing, false);
  }

  private static ColumnDrift column(DriftResult result, String name) {
    return result.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static void assertNoVerdict(DriftResult result) {
    assertThat(result.status()).isEqualTo(DatasetStatus.UNTESTABLE);
    assertThat(result.drift()).isFalse();
    assertThat(result.share()).isNaN();
    assertThat(result.countedColumns()).isZero();
    assertThat(result.driftedColumns()).isEmpty();
    assertThat(result.problems()).hasSize(1);
  }

  // --- ok
  // ------------------------------------------------------------------------------------------------------

  @Test
  void everyReferenceColumnJudgedIsOkAndCurrentOnlyColumnsAreInformational() {
    Dataset ref = dataset("ref", 3, numbers("a", 1, 2, 3), numbers("b", 1, 2, 3));
    Dataset cur =
        dataset(
            "cur", 3, numbers("a", 11, 12, 13), numbers("b", 1, 2, 3), numbers("extra", 7, 8, 9));
    DriftResult result = engine.compare(ref, cur);
    assertThat(result.status()).isEqualTo(DatasetStatus.OK);
    assertThat(result.problems()).isEmpty();
    assertThat(result.countedColumns()).isEqualTo(2);
    assertThat(result.driftedColumns()).containsExactly("a");
    assertThat(result.share()).isEqualTo(1.0 / 2);
    assertThat(result.drift()).isTrue();
    assertThat(column(result, "extra").counted()).isFalse();
    assertThat(result.untestableReason("r", "c")).isEmpty();
  }

  // --- untestable
  // ----------------------------------------------------------------------------------------------

  @Test
  void aHeaderOnlyCurrentIsUntestable() {
    Dataset ref = dataset("ref.csv", 3, numbers("a", 1, 2, 3));
    Dataset cur = dataset("cur.csv", 0, numbers("a"));
    DriftResult result = engine.compare(ref, cur);
    assertNoVerdict(result);
    assertThat(result.problems())
        .containsExactly("current cur.csv: no data rows (only a header); nothing to compare");
    assertThat(result.untestableReason("--reference data/ref.csv", "--current data/cur.csv"))
        .contains("--current data/cur.csv: no data rows (only a header); nothing to compare");
  }

  @Test
  void twoEmptySidesAreOneLineAndBadRowsAreNamedAsTheCause() {
    Dataset ref = dataset("ref.csv", 0, numbers("a"));
    Dataset cur = dataset("cur.csv", 0, 3, numbers("a"));
    DriftResult result = engine.compare(ref, cur);
    assertNoVerdict(result);
    assertThat(result.problems())
        .containsExactly(
            "reference ref.csv: no data rows (only a header); current "
                + "cur.csv: no data rows (all 3 rows were bad and skipped); nothing to compare");
  }

  @Test
  void everyColumnRenamedIsUntestableAndNamesBothColumnLists() {
    Dataset ref =
        dataset("ref.csv", 3, numbers("a", 1, 2, 3), numbers("b", 1, 2, 3), numbers("c", 1, 2, 3));
    Dataset cur =
        dataset("cur.csv", 3, numbers("x", 1, 2, 3), numbers("y", 1, 2, 3), numbers("z", 1, 2, 3));
    DriftResult result = engine.compare(ref, cur);
    assertNoVerdict(result);
    assertThat(result.untestableReason("--reference ref.csv", "--current cur.csv"))
        .contains(
            "no column of --reference ref.csv is in --current cur.csv (reference: a, b, c; current: x, y, z)");
  }

  @Test
  void longColumnListsAreCutInTheLine() {
    RawColumn[] refColumns = new RawColumn[DatasetVerdict.NAMES_SHOWN + 2];
    for (int i = 0; i < refColumns.length; i++) {
      refColumns[i] = numbers("r" + i, 1);
    }
    DriftResult result =
        engine.compare(dataset("ref", 1, refColumns), dataset("cur", 1, numbers("x", 1)));
    assertThat(result.problems().get(0))
        .contains("r9, ... (2 more); current: x)")
        .doesNotContain("r10");
  }

  @Test
  void columnsInBothThatNoneCouldBeTestedAreUntestable() {
    // a: every value missing on both sides, so the missing share did not move either; b: a test
    // that does not apply
    Dataset ref =
        dataset("ref", 2, withMissing("a", 0, 2), numbers("b", 1, 2), numbers("gone", 1, 2));
    Dataset cur = dataset("cur", 2, withMissing("a", 0, 2), numbers("b", 1, 2));
    DriftResult result =
        engine
            .withOptions(
                DriftOptions.DEFAULTS.withColumnTests(
                    Map.of("b", TestSelection.of(FakeCatalog.TVD))))
            .compare(ref, cur);
    assertNoVerdict(result);
    assertThat(result.problems())
        .containsExactly(
            "none of the 2 columns in both reference ref and current cur could "
                + "be tested: a (all-missing: every value is missing in the reference and current), b (error: test 'tvd' "
                + "does not apply to numeric columns)");
  }

  @Test
  void anUntestableResultCannotCarryAVerdict() {
    DriftResult result =
        engine.compare(dataset("ref", 1, numbers("a", 1)), dataset("cur", 0, numbers("a")));
    assertThatThrownBy(
            () ->
                new DriftResult(
                    result.reference(),
                    result.current(),
                    result.columns(),
                    0.1,
                    OptionalDouble.empty(),
                    0,
                    List.of(),
                    0.0,
                    false,
                    DatasetStatus.UNTESTABLE,
                    result.problems()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no verdict");
    assertThatThrownBy(
            () ->
                new DriftResult(
                    result.reference(),
                    result.current(),
                    result.columns(),
                    0.1,
                    OptionalDouble.empty(),
                    0,
                    List.of(),
                    Double.NaN,
                    false,
                    DatasetStatus.OK,
                    result.problems()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("problems");
  }

  // --- incomplete
  // ----------------------------------------------------------------------------------------------

  @Test
  void aReferenceColumnMissingFromCurrentCountsAsDriftedAndMakesItIncomplete() {
    // nine identical columns and one that vanished: 1 drifted of 10 counted, exactly the default
    // drift share 0.1
    RawColumn[] refColumns = new RawColumn[10];
    RawColumn[] curColumns = new RawColumn[9];
    for (int i = 0; i < 9; i++) {
      refColumns[i] = numbers("c" + i, 1, 2, 3);
      curColumns[i] = numbers("c" + i, 1, 2, 3);
    }
    refColumns[9] = numbers("vanished", 1, 2, 3);
    DriftResult result =
        engine.compare(dataset("ref.csv", 3, refColumns), dataset("cur.csv", 3, curColumns));
    assertThat(result.status()).isEqualTo(DatasetStatus.INCOMPLETE);
    assertThat(result.countedColumns()).isEqualTo(10);
    assertThat(result.driftedColumns()).containsExactly("vanished");
    assertThat(result.share()).isEqualTo(1.0 / 10);
    assertThat(result.drift()).isTrue();
    assertThat(result.problems())
        .containsExactly(
            "column 'vanished' of reference ref.csv is missing from current cur.csv (counted as drifted)");
    assertThat(result.problems("--reference r.csv", "--current c.csv"))
        .containsExactly(
            "column 'vanished' of --reference r.csv is missing from --current c.csv (counted as drifted)");
  }

  @Test
  void aMissingColumnNamesTheCurrentColumnSpelledTheSameButForCaseOrBlanks() {
    DriftResult none =
        engine.compare(
            dataset("ref.csv", 3, numbers("age", 1, 2, 3), numbers("income", 1, 2, 3)),
            dataset("cur.csv", 3, numbers("Age", 1, 2, 3), numbers("income ", 1, 2, 3)));
    assertThat(none.problems())
        .containsExactly(
            "no column of reference ref.csv is in current cur.csv (reference: age, income; current:"
                + " Age, income ): 'age' and 'Age' are the same name but for case or blanks");
    DriftResult result =
        engine.compare(
            dataset(
                "ref.csv",
                3,
                numbers("age", 1, 2, 3),
                numbers("income", 1, 2, 3),
                numbers("b", 1, 2, 3)),
            dataset(
                "cur.csv",
                3,
                numbers("Age", 1, 2, 3),
                numbers("income ", 1, 2, 3),
                numbers("b", 1, 2, 3)));
    assertThat(result.problems())
        .containsExactly(
            "column 'age' of reference ref.csv is missing from current cur.csv (counted as drifted;"
                + " it has 'Age': the same name but for case or blanks)",
            "column 'income' of reference ref.csv is missing from current cur.csv (counted as"
                + " drifted; it has 'income ': the same name but for case or blanks)");
  }

  @Test
  void aColumnThatCouldNotBeTestedIsAProblemButDoesNotCount() {
    Dataset ref = dataset("ref", 3, numbers("a", 1, 2, 3), numbers("b", 1, 2, 3));
    Dataset cur = dataset("cur", 3, numbers("a", 1, 2, 3), numbers("b", 1, 2, 3));
    DriftResult result =
        engine
            .withOptions(
                DriftOptions.DEFAULTS.withColumnTests(
                    Map.of("b", TestSelection.of(FakeCatalog.TVD))))
            .compare(ref, cur);
    assertThat(result.status()).isEqualTo(DatasetStatus.INCOMPLETE);
    assertThat(result.countedColumns()).isEqualTo(1);
    assertThat(result.share()).isZero();
    assertThat(result.drift()).isFalse();
    assertThat(result.problems())
        .containsExactly(
            "column 'b' was not tested (error): test 'tvd' does not apply to numeric columns");
  }

  // --- the missing-share rule
  // ----------------------------------------------------------------------------------

  @Test
  void aColumnGoingFromNoneToAllMissingDrifts() {
    Dataset ref = dataset("ref", 10, withMissing("x", 10, 0));
    Dataset cur = dataset("cur", 10, withMissing("x", 0, 10));
    DriftResult result = engine.compare(ref, cur);
    ColumnDrift x = column(result, "x");
    assertThat(x.status()).isEqualTo(ColumnStatus.ALL_MISSING);
    assertThat(x.missingShareDrift()).isTrue();
    assertThat(x.drifted()).isTrue();
    assertThat(x.missingShareText()).isEqualTo("missing share 0.0% -> 100.0%");
    // judged (as drifted) without a test: the check is complete
    assertThat(result.status()).isEqualTo(DatasetStatus.OK);
    assertThat(result.driftedColumns()).containsExactly("x");
    assertThat(result.drift()).isTrue();
  }

  @Test
  void aMissingShareMoveIsDriftEvenWhenTheTestSaysNone() {
    // the same ten values on both sides (w1 distance 0), and two more rows that are blank in the
    // current data
    Dataset ref = dataset("ref", 10, withMissing("x", 10, 0));
    Dataset cur = dataset("cur", 12, withMissing("x", 10, 2));
    ColumnDrift x = column(engine.compare(ref, cur), "x");
    assertThat(x.status()).isEqualTo(ColumnStatus.OK);
    assertThat(x.result().kind()).isEqualTo(TestKind.DISTANCE);
    assertThat(x.testDrifted()).isFalse();
    assertThat(x.missingShareChange()).isEqualTo(2.0 / 12);
    assertThat(x.missingShareDrift()).isTrue();
    assertThat(x.drifted()).isTrue();
  }

  @Test
  void aMoveBelowTheThresholdIsNotDriftAndOneOfExactlyTheThresholdIs() {
    // 1 of 11 missing: 0.0909 < 0.1
    ColumnDrift below =
        column(
            engine.compare(
                dataset("ref", 10, withMissing("x", 10, 0)),
                dataset("cur", 11, withMissing("x", 10, 1))),
            "x");
    assertThat(below.missingShareChange()).isLessThan(0.1);
    assertThat(below.missingShareDrift()).isFalse();
    // 2 of 10 missing, then 3 of 10: ten points, which in binary falls just short of 0.1
    ColumnDrift exact =
        column(
            engine.compare(
                dataset("ref", 10, withMissing("x", 8, 2)),
                dataset("cur", 10, withMissing("x", 7, 3))),
            "x");
    assertThat(3.0 / 10 - 2.0 / 10).isLessThan(0.1);
    assertThat(exact.missingShareDrift()).isTrue();
  }

  @Test
  void theRuleCanBeTunedOrTurnedOff() {
    Dataset ref =
        dataset("ref", 10, withMissing("x", 10, 0), numbers("y", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    Dataset cur =
        dataset("cur", 10, withMissing("x", 0, 10), numbers("y", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    DriftResult off =
        engine
            .withOptions(DriftOptions.DEFAULTS.withMissingShareThreshold(OptionalDouble.empty()))
            .compare(ref, cur);
    assertThat(column(off, "x").missingShareDrift()).isFalse();
    // without the rule, a column that went blank cannot be judged at all: a problem, not a pass
    assertThat(off.status()).isEqualTo(DatasetStatus.INCOMPLETE);
    assertThat(off.problems())
        .containsExactly(
            "column 'x' was not tested (all-missing): every value is missing in the current");
    assertThat(off.countedColumns()).isEqualTo(1);

    Dataset half =
        dataset("cur", 10, withMissing("x", 5, 5), numbers("y", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    DriftOptions loose = DriftOptions.DEFAULTS.withMissingShareThreshold(OptionalDouble.of(0.6));
    assertThat(column(engine.withOptions(loose).compare(ref, half), "x").missingShareDrift())
        .isFalse();
    assertThat(column(engine.compare(ref, half), "x").missingShareDrift()).isTrue();
  }

  @Test
  void aThresholdOutsideZeroToOneIsRejected() {
    for (double bad : new double[] {0, -0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(
              () -> DriftOptions.DEFAULTS.withMissingShareThreshold(OptionalDouble.of(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("(0, 1]");
    }
    assertThat(DriftOptions.DEFAULTS.missingShareThreshold()).hasValue(0.1);
    assertThat(DriftOptions.parseMissingShareThreshold(" 0.25 ")).hasValue(0.25);
    assertThat(DriftOptions.parseMissingShareThreshold("OFF")).isEmpty();
    assertThat(DriftOptions.parseMissingShareThreshold("false"))
        .isEmpty(); // YAML's reading of a bare off
    assertThatThrownBy(() -> DriftOptions.parseMissingShareThreshold("ten"))
        .hasMessageContaining("'ten' is neither a number in (0, 1] nor 'off'");
    assertThatThrownBy(() -> DriftOptions.parseMissingShareThreshold("0"))
        .hasMessageContaining("must be a number in (0, 1] or 'off': 0");
  }

  @Test
  void labelColumnsGoingBlankDriftToo() {
    Dataset ref = dataset("ref", 4, new LabelColumn("c", List.of("a", "b"), new long[] {2, 2}, 0));
    Dataset cur = dataset("cur", 4, new LabelColumn("c", List.of(), new long[0], 4));
    DriftResult result = engine.compare(ref, cur);
    assertThat(column(result, "c").missingShareDrift()).isTrue();
    assertThat(result.driftedColumns()).containsExactly("c");
  }
}
