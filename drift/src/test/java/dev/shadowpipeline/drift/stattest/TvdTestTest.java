package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.DatasetReader;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.Compat;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.StandardCatalog;
import dev.shadowpipeline.drift.engine.TestSelection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tvd}'s permutation p-value against Evidently 0.7's own algorithm ({@code _tvd_stattest} and {@code
 * permutation_test} of {@code evidently/legacy/calculations/stattests}, read at evidentlyai/evidently a4aa4c2b3),
 * run in Python 3.11.7 with numpy 2.4.6: its lines re-typed with {@code collections.Counter} in place of pandas'
 * {@code value_counts} (pandas is not installed there), i.e.
 *
 * <pre>
 * def tvd(r, c):
 *     keys = list(set(r) | set(c))
 *     rd = {**dict.fromkeys(keys, 0), **{k: np.int64(v) for k, v in Counter(r).items()}}
 *     cd = {**dict.fromkeys(keys, 0), **{k: np.int64(v) for k, v in Counter(c).items()}}
 *     ref = list(rd.values()); curr = list(cd.values())
 *     return 0.5 * np.sum(np.abs(ref / sum(ref) - curr / sum(curr)))
 * np.random.seed(0)
 * for i in range(1000):
 *     combined = r + c
 *     new_ref = np.random.choice(combined, len(r), replace=False).tolist()
 *     new_cur = list((Counter(combined) - Counter(new_ref)).elements())
 *     hold.append(tvd(new_ref, new_cur))
 * p = sum(observed &lt;= abs(np.array(hold))) / len(hold)
 * </pre>
 *
 * The data come from {@link Lcg#weighted} (reference drawn first, then current, from one generator), in row order; "p
 * exact" is the same loop with the distances compared as {@code fractions.Fraction}s. The p-values are equal; the
 * distance itself may differ in its last bit, as Evidently adds the shares in the order of a Python set.
 */
class TvdTestTest {

  private static final List<String> COLOURS = List.of("blue", "green", "red", "violet", "yellow");

  private static final StatTest NATIVE = StatTests.byName("tvd");
  private static final StatTest EVIDENTLY = StatTests.findEvidently("tvd").orElseThrow();

  /** Rows drawn from {@code Lcg(seed).weighted}, reference first, with their row order. */
  private static CategoricalPair rows(
      long seed, int nRef, double[] refCum, int nCur, double[] curCum, List<String> labels) {
    Lcg lcg = new Lcg(seed);
    int[] r = lcg.weighted(nRef, refCum);
    int[] c = lcg.weighted(nCur, curCum);
    long[] rc = new long[labels.size()];
    long[] cc = new long[labels.size()];
    for (int v : r) {
      rc[v]++;
    }
    for (int v : c) {
      cc[v]++;
    }
    return new CategoricalPair(labels, rc, cc).withRows(new CategoricalPair.RowOrder(r, c));
  }

  @Test
  void pValuesAreEvidentlysInRowOrder() {
    // slight: Lcg(11), 200 ~ (.5, .3, .2) vs 150 ~ (.42, .33, .25): tvd 0.06333333333333334,
    // Evidently p 0.431, p exact 0.434
    CategoricalPair slight =
        rows(11, 200, new double[] {0.5, 0.8, 1.0}, 150, new double[] {0.42, 0.75, 1.0}, COLOURS);
    assertThat(EVIDENTLY.test(slight, 0.1).score()).isEqualTo(0.431);
    assertThat(NATIVE.test(slight, 0.1).score()).isEqualTo(0.434);
    assertThat(NATIVE.test(slight, 0.1).statistic()).isCloseTo(0.06333333333333334, within(1e-15));
    // same: Lcg(12), 300 vs 300 from (.2, .3, .4, .1): tvd 0.05333333333333333, p 0.487, exact
    // 0.496
    double[] same = {0.2, 0.5, 0.9, 1.0};
    CategoricalPair alike = rows(12, 300, same, 300, same, COLOURS);
    assertThat(EVIDENTLY.test(alike, 0.1).score()).isEqualTo(0.487);
    assertThat(NATIVE.test(alike, 0.1).score()).isEqualTo(0.496);
    assertThat(EVIDENTLY.test(alike, 0.1).statistic())
        .isCloseTo(0.05333333333333333, within(1e-15));
    // shifted: Lcg(13), 2000 vs 1500, five colours: tvd 0.12233333333333332, p 0 both ways
    CategoricalPair shifted =
        rows(
            13,
            2000,
            new double[] {0.2, 0.4, 0.6, 0.8, 1.0},
            1500,
            new double[] {0.1, 0.3, 0.6, 0.8, 1.0},
            COLOURS);
    StatTestResult drift = EVIDENTLY.test(shifted, 0.1);
    assertThat(drift.score()).isEqualTo(0.0);
    assertThat(drift.statistic()).isCloseTo(0.12233333333333332, within(1e-15));
    assertThat(drift.drifted()).isTrue();
    assertThat(NATIVE.test(shifted, 0.1).score()).isEqualTo(0.0);
    // tiny_ties: Lcg(14), 12 vs 9 from (.5, .5): tvd 0.05555555555555558, p 1.0 both ways
    double[] half = {0.5, 1.0};
    CategoricalPair tiny = rows(14, 12, half, 9, half, COLOURS);
    assertThat(EVIDENTLY.test(tiny, 0.1).score()).isEqualTo(1.0);
    assertThat(NATIVE.test(tiny, 0.1).score()).isEqualTo(1.0);
    // ints: Lcg(15), 97 vs 61 integers 0..3 (Evidently sees ints): tvd 0.16325840797701535, p 0.156
    CategoricalPair ints =
        rows(
            15,
            97,
            new double[] {0.25, 0.5, 0.75, 1.0},
            61,
            new double[] {0.3, 0.5, 0.7, 1.0},
            List.of("0", "1", "2", "3"));
    assertThat(EVIDENTLY.test(ints, 0.1).score()).isEqualTo(0.156);
    assertThat(NATIVE.test(ints, 0.1).score()).isEqualTo(0.156);
    assertThat(EVIDENTLY.test(ints, 0.1).drifted()).isFalse();
  }

  @Test
  void tenCategoriesUseNumpysPairwiseSum() {
    // ten: Lcg(16), 400 ~ uniform over c00..c09 vs 350 ~ (.08, .09, .1, .11, .12, .1, ...):
    // Evidently's
    // own p is 0.712, 0.713 or 0.714 depending on PYTHONHASHSEED (the order of its set of keys
    // changes how the sums round); with the keys sorted, as here, it is 0.712; p exact 0.714
    List<String> ten =
        List.of("c00", "c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09");
    double[] uniform = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    double[] tilted = {0.08, 0.17, 0.27, 0.38, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    CategoricalPair pair = rows(16, 400, uniform, 350, tilted, ten);
    assertThat(EVIDENTLY.test(pair, 0.1).score()).isEqualTo(0.712);
    assertThat(NATIVE.test(pair, 0.1).score()).isEqualTo(0.714);
    assertThat(NATIVE.test(pair, 0.1).statistic()).isCloseTo(0.07392857142857143, within(1e-15));
  }

  @Test
  void withoutRowOrderTheValuesGoInCategoryOrder() {
    // slight_sorted: the slight data with each side sorted (what a file sorted by the column gives
    // Evidently): Evidently p 0.398, p exact 0.4
    CategoricalPair slight =
        rows(11, 200, new double[] {0.5, 0.8, 1.0}, 150, new double[] {0.42, 0.75, 1.0}, COLOURS);
    CategoricalPair countsOnly =
        new CategoricalPair(slight.categories(), slight.reference(), slight.current());
    assertThat(EVIDENTLY.test(countsOnly, 0.1).score()).isEqualTo(0.398);
    assertThat(NATIVE.test(countsOnly, 0.1).score()).isEqualTo(0.4);
    // the categories' order in the pair does not matter: they are sorted by label first
    CategoricalPair reordered =
        new CategoricalPair(
            List.of("red", "blue", "green", "violet", "yellow"),
            new long[] {slight.reference()[2], slight.reference()[0], slight.reference()[1], 0, 0},
            new long[] {slight.current()[2], slight.current()[0], slight.current()[1], 0, 0});
    assertThat(EVIDENTLY.test(reordered, 0.1).score()).isEqualTo(0.398);
  }

  @Test
  void csvFilesGiveEvidentlysPValueInFileOrder(@TempDir Path dir) throws Exception {
    // the slight case written as two CSV files, one row per value, in the order drawn
    Lcg lcg = new Lcg(11);
    int[] r = lcg.weighted(200, new double[] {0.5, 0.8, 1.0});
    int[] c = lcg.weighted(150, new double[] {0.42, 0.75, 1.0});
    Path ref = dir.resolve("ref.csv");
    Path cur = dir.resolve("cur.csv");
    Files.writeString(ref, csv(r));
    Files.writeString(cur, csv(c));
    // for categorical columns: Evidently refuses tvd on the numeric column n
    DriftOptions tvd =
        DriftOptions.DEFAULTS.withTypeTests(
            java.util.Map.of(
                ColumnType.CATEGORICAL,
                TestSelection.resolve("TVD", StandardCatalog.INSTANCE)
                    .orElseThrow(IllegalStateException::new)));
    assertThat(tvd.needsRowOrder()).isTrue();
    ReadOptions inOrder = ReadOptions.DEFAULTS.withLabelOrder(true);
    DatasetPair data = DatasetReader.readPair(ref, cur, inOrder);
    assertThat(score(tvd.withCompat(Compat.EVIDENTLY), data)).isEqualTo(0.431);
    assertThat(score(tvd, data)).isEqualTo(0.434);
    // counted without their order, the values go in category order (Evidently on sorted files)
    DatasetPair counted = DatasetReader.readPair(ref, cur, ReadOptions.DEFAULTS);
    assertThat(score(tvd.withCompat(Compat.EVIDENTLY), counted)).isEqualTo(0.398);
  }

  private static String csv(int[] codes) {
    StringBuilder out = new StringBuilder("colour,n\n");
    for (int i = 0; i < codes.length; i++) {
      out.append(COLOURS.get(codes[i])).append(',').append(i).append('\n');
    }
    return out.toString();
  }

  private static double score(DriftOptions options, DatasetPair data) {
    ColumnDrift colour =
        DriftEngine.standard(options).compare(data).columns().stream()
            .filter(col -> col.name().equals("colour"))
            .findFirst()
            .orElseThrow();
    assertThat(colour.result().test()).isEqualTo("tvd");
    return colour.result().score();
  }

  @Test
  void numpysPairwiseSumIsReproduced() {
    // numpy 2.4.6: a = [1.0 / (i + 3) + i * 0.001 for i in range(300)];
    // repr(float(np.sum(np.array(a[:n])))) for n = 7, 20, 300; adding in turn gives
    // 2.380813250217275 and 49.639297397713875 for the last two, so the order is numpy's
    double[] a = new double[300];
    for (int i = 0; i < a.length; i++) {
      a[i] = 1.0 / (i + 3) + i * 0.001;
    }
    assertThat(TvdTest.pairwiseSum(a, 0, 7)).isEqualTo(1.3499682539682538);
    assertThat(TvdTest.pairwiseSum(a, 0, 20)).isEqualTo(2.3808132502172756);
    assertThat(TvdTest.pairwiseSum(a, 0, 300)).isEqualTo(49.63929739771386);
  }
}
