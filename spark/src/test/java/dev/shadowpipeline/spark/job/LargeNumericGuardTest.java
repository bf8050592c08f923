package dev.shadowpipeline.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.ColumnStatus;
import dev.shadowpipeline.drift.engine.DatasetStatus;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.engine.StandardCatalog;
import dev.shadowpipeline.drift.engine.TestSelection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A numeric column too large to collect is judged from a distributed scan; a test that cannot judge it there (too few
 * values on a side, one distinct value, a NaN answer) makes it an error with the local engine's own message, and the
 * run incomplete, where the scan's placeholder answer (NaN, p = 1) read as "no drift". Each case has a healthy column
 * beside it and more values than the collect limit of 20,000, so the scan runs.
 */
class LargeNumericGuardTest {

  private static final StructType SCHEMA =
      new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType);

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("shadow-spark-guard-test")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static double[] normals(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextDouble() * 10 - 5;
    }
    return v;
  }

  private static double[] constant(int n, double value) {
    double[] v = new double[n];
    Arrays.fill(v, value);
    return v;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] v = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, v, a.length, b.length);
    return v;
  }

  static Stream<Arguments> untestable() {
    double[] big = normals(1, 20_000);
    return Stream.of(
        Arguments.of("t_test", big, new double[] {99.5}, "t_test needs at least 2 values"),
        Arguments.of("cramer_von_mises", big, new double[] {99.5}, "needs at least 2 values"),
        Arguments.of("epps_singleton", big, new double[] {1, 2, 3, 4}, "needs at least 5 values"),
        Arguments.of(
            "anderson",
            constant(20_000, 1.5),
            constant(100, 1.5),
            "anderson needs more than one distinct value, got only 1.5"),
        // a pooled interquartile range of 0: scipy 1.17.1's epps_singleton_2samp gives NaN here
        Arguments.of(
            "epps_singleton",
            constant(20_000, 0.5),
            concat(constant(2_000, 0.5), constant(1_000, 1000.5)),
            "its p-value is NaN"));
  }

  @ParameterizedTest(name = "{0}: {3}")
  @MethodSource("untestable")
  void aTestThatCannotJudgeTheScanIsAnErrorAsLocally(
      String test, double[] ref, double[] cur, String why) {
    DriftOptions options =
        DriftOptions.DEFAULTS.withColumnTests(
            Map.of(
                "x",
                TestSelection.resolve(test, StandardCatalog.INSTANCE)
                    .orElseThrow(IllegalStateException::new)));
    double[] refY = normals(2, ref.length);
    double[] curY = normals(3, cur.length);

    DriftResult onSpark =
        new SparkDrift(options, new JobSettings(20_000, 4, Set.of(), Set.of()))
            .compare(
                new SparkDrift.Input("ref", frame(ref, refY)),
                new SparkDrift.Input("cur", frame(cur, curY)))
            .result();
    DriftResult local =
        DriftEngine.standard(options).compare(dataset("ref", ref, refY), dataset("cur", cur, curY));

    ColumnDrift x = onSpark.columns().get(0);
    assertThat(x.status()).isEqualTo(ColumnStatus.ERROR);
    assertThat(x.result()).isNull();
    assertThat(x.detail()).startsWith("test '" + test + "' failed: ").contains(why);
    assertThat(x.detail()).isEqualTo(local.columns().get(0).detail());
    assertThat(onSpark.columns().get(1).status()).isEqualTo(ColumnStatus.OK);
    assertThat(onSpark.status()).isEqualTo(DatasetStatus.INCOMPLETE).isEqualTo(local.status());
  }

  private static org.apache.spark.sql.Dataset<Row> frame(double[] x, double[] y) {
    List<Row> rows = new ArrayList<>(x.length);
    for (int i = 0; i < x.length; i++) {
      rows.add(RowFactory.create(x[i], y[i]));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static Dataset dataset(String name, double[] x, double[] y) {
    Map<String, RawColumn> columns = new LinkedHashMap<>();
    columns.put("x", new NumericColumn("x", x, 0, false));
    columns.put("y", new NumericColumn("y", y, 0, false));
    return new Dataset(name, columns, x.length, 0, List.of());
  }
}
