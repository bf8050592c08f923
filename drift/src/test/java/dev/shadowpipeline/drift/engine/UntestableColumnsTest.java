package dev.shadowpipeline.drift.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.stattest.StatTests;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A test that could not judge a column (too few values, one distinct value, a NaN answer) makes that column an {@code
 * error} and the run {@code incomplete}; before, each of these read as "no drift" (p = 1 or NaN).
 */
class UntestableColumnsTest {

  private static Dataset dataset(String name, double[] x, double[] y) {
    Map<String, RawColumn> map = new LinkedHashMap<>();
    map.put("x", new NumericColumn("x", x, 0, false));
    map.put("y", new NumericColumn("y", y, 0, false));
    return new Dataset(name, map, Math.max(x.length, y.length), 0, List.of());
  }

  private static double[] normals(long seed, int n) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian();
    }
    return v;
  }

  private static DriftResult compare(String test, double[] refX, double[] curX) {
    // y is a healthy column of the same size as x on each side, so the run is incomplete, not
    // untestable
    Dataset ref = dataset("ref", refX, normals(1, refX.length));
    Dataset cur = dataset("cur", curX, normals(2, curX.length));
    DriftOptions options =
        DriftOptions.DEFAULTS.withColumnTests(
            Map.of("x", TestSelection.of(StatTests.byName(test))));
    return DriftEngine.standard(options).compare(ref, cur);
  }

  private static ColumnDrift x(DriftResult result) {
    return result.columns().stream().filter(c -> c.name().equals("x")).findFirst().orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"cramer_von_mises", "t_test", "epps_singleton", "empirical_mmd"})
  void oneCurrentValueIsAnErrorNotNoDrift(String test) {
    DriftResult result = compare(test, normals(3, 300), new double[] {99.5});
    assertThat(x(result).status()).as(test).isEqualTo(ColumnStatus.ERROR);
    assertThat(x(result).detail())
        .as(test)
        .contains("needs at least")
        .contains("300 reference and 1 current values");
    assertThat(result.status()).isEqualTo(DatasetStatus.INCOMPLETE);
  }

  @Test
  void eppsSingletonsNaNIsAnErrorNotNoDrift() {
    // a pooled interquartile range of 0: scipy 1.17.1's epps_singleton_2samp gives NaN here
    double[] ref = new double[300];
    Arrays.fill(ref, 0.5);
    double[] cur = new double[300];
    Arrays.fill(cur, 0, 200, 0.5);
    Arrays.fill(cur, 200, 300, 1000.5);
    DriftResult result = compare("epps_singleton", ref, cur);
    assertThat(x(result).status()).isEqualTo(ColumnStatus.ERROR);
    assertThat(x(result).detail()).contains("its p-value is NaN");
    assertThat(result.status()).isEqualTo(DatasetStatus.INCOMPLETE);
    assertThat(result.drift()).isFalse(); // y alone: no drift, but the run says it is incomplete
  }

  @Test
  void andersonOnOneDistinctValueIsAnError() {
    double[] same = new double[300];
    Arrays.fill(same, 1.0);
    DriftResult result = compare("anderson", same, same.clone());
    assertThat(x(result).status()).isEqualTo(ColumnStatus.ERROR);
    assertThat(x(result).detail()).contains("anderson needs more than one distinct value");
    assertThat(result.status()).isEqualTo(DatasetStatus.INCOMPLETE);
  }

  @Test
  void fisherExactOnOneCategoryStaysAnAnswer() {
    // scipy 1.17.1: fisher_exact([[5, 0], [3, 0]]) = (nan, 1.0): the odds ratio is 0/0, p = 1 is
    // the answer (both sides hold the same single category)
    double[] ones = new double[20];
    Arrays.fill(ones, 1.0);
    DriftResult result = compare("fisher_exact", ones, ones.clone());
    assertThat(x(result).status()).isEqualTo(ColumnStatus.OK);
    assertThat(x(result).result().score()).isEqualTo(1.0);
    assertThat(result.status()).isEqualTo(DatasetStatus.OK);
  }

  @Test
  void resultsTheTestsComputeAreUnchanged() {
    DriftResult result = compare("cramer_von_mises", normals(3, 300), normals(4, 5));
    assertThat(x(result).status()).isEqualTo(ColumnStatus.OK);
    assertThat(x(result).result().statistic()).isFinite();
  }
}
