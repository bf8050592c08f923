package dev.shadowpipeline.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.ColumnStatus;
import dev.shadowpipeline.drift.engine.DatasetStatus;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.stattest.ColumnType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Integers past 2^53 on the Spark path: cast to double, 9007199254740992 and 9007199254740993 are one value, so the
 * column read "p = 1, no drift" where every row differs. As in the local engine, such a column is an error with the
 * local engine's message and the run incomplete; typed categorical, it is counted by its exact integers. Each case has
 * a healthy column {@code y} beside it.
 */
class InexactIntegersSparkTest {

  private static final long TWO_53 = 9_007_199_254_740_992L;

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("shadow-spark-inexact-test")
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

  private static org.apache.spark.sql.Dataset<Row> frame(
      DataType type, int n, IntFunction<Object> id) {
    StructType schema = new StructType().add("id", type).add("y", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(id.apply(i), (double) (i % 97)));
    }
    return spark.createDataFrame(rows, schema);
  }

  private static DriftResult compare(
      DriftOptions options,
      org.apache.spark.sql.Dataset<Row> ref,
      org.apache.spark.sql.Dataset<Row> cur) {
    return new SparkDrift(options, new JobSettings(20_000, 4, Set.of(), Set.of()))
        .compare(new SparkDrift.Input("ref", ref), new SparkDrift.Input("cur", cur))
        .result();
  }

  private static ColumnDrift column(DriftResult result, String name) {
    return result.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /** The local engine's message (InexactIntegersTest), with the value alone as Parquet names it. */
  private static void assertInexactError(DriftResult result, String where) {
    ColumnDrift id = column(result, "id");
    assertThat(id.status()).isEqualTo(ColumnStatus.ERROR);
    assertThat(id.result()).isNull();
    assertThat(id.detail())
        .isEqualTo(
            "integers beyond 2^53 (e.g. "
                + where
                + ") cannot be compared exactly as doubles; cast the column to text"
                + " (--column-type id=categorical) or scale it");
    assertThat(column(result, "y").status()).isEqualTo(ColumnStatus.OK);
    assertThat(result.status()).isEqualTo(DatasetStatus.INCOMPLETE);
  }

  @Test
  void collectedLongsPastDoublesAreAnErrorNotNoDrift() {
    // 2^53 + 1 and 2^53 are one double (ties to even): before, ks saw one value, p = 1
    DriftResult result =
        compare(
            DriftOptions.DEFAULTS,
            frame(DataTypes.LongType, 500, i -> TWO_53 + (i % 50) * 2L),
            frame(DataTypes.LongType, 500, i -> TWO_53 + (i % 50) * 2L + 1));
    assertInexactError(result, "9007199254740993 in the current data");
  }

  @Test
  void scannedLongsPastDoublesAreAnErrorWithTheLeastExample() {
    // 30,000 values, past the collect limit of 20,000: the scan's path; Long.MAX_VALUE rounds to
    // 2^63, which no long holds; the least inexact value is named
    DriftResult result =
        compare(
            DriftOptions.DEFAULTS,
            frame(
                DataTypes.LongType,
                15_000,
                i ->
                    i == 7
                        ? Long.MAX_VALUE
                        : i == 9000 ? -TWO_53 - 3 : i == 11 ? Long.MIN_VALUE : (long) i * 1000),
            frame(DataTypes.LongType, 15_000, i -> (long) i * 1000 + 1));
    assertInexactError(result, "-9007199254740995 in the reference data");
  }

  @Test
  void fewInexactLongsTypedCategoricalByTheirCountAreAnErrorToo() {
    // 2 distinct longs: Evidently's rule types the column categorical, and its counts by double
    // merged the two values
    DriftResult result =
        compare(
            DriftOptions.DEFAULTS,
            frame(DataTypes.LongType, 300, i -> TWO_53),
            frame(DataTypes.LongType, 300, i -> i % 2 == 0 ? TWO_53 : TWO_53 + 1));
    assertThat(column(result, "id").type()).isEqualTo(ColumnType.CATEGORICAL);
    assertInexactError(result, "9007199254740993 in the current data");
  }

  @Test
  void wideDecimalsAreJudgedByTheirExactDouble() {
    DataType decimal = DataTypes.createDecimalType(20, 0);
    // 2^62 and 2^64 - 2^11 are doubles exactly (Spark's double-to-decimal cast would say
    // 4611686018427388000): no error
    BigDecimal[] exact = {
      new BigDecimal("4611686018427387904"), new BigDecimal("18446744073709549568"),
    };
    DriftResult fine =
        compare(
            DriftOptions.DEFAULTS,
            frame(decimal, 400, i -> i % 5 == 0 ? exact[i % 2] : BigDecimal.valueOf(i)),
            frame(decimal, 400, i -> i % 5 == 0 ? exact[(i + 1) % 2] : BigDecimal.valueOf(i)));
    assertThat(column(fine, "id").status()).isEqualTo(ColumnStatus.OK);
    assertThat(fine.status()).isEqualTo(DatasetStatus.OK);

    // 2^64 - 1, the largest UINT64 (Spark reads Parquet's UINT64 as decimal(20,0)), is no double
    DriftResult result =
        compare(
            DriftOptions.DEFAULTS,
            frame(decimal, 400, i -> BigDecimal.valueOf(i)),
            frame(
                decimal,
                400,
                i -> i == 3 ? new BigDecimal("18446744073709551615") : BigDecimal.valueOf(i)));
    assertInexactError(result, "18446744073709551615 in the current data");
  }

  @Test
  void typedCategoricalTheyAreCountedByExactValue() {
    // as the local engine reads the column as its text: 2^53 and 2^53 + 1 are two categories, the
    // current's is new, and chi-square / z sees every row move
    DriftOptions options =
        DriftOptions.DEFAULTS.withColumnTypes(Map.of("id", ColumnType.CATEGORICAL));
    DriftResult result =
        compare(
            options,
            frame(DataTypes.LongType, 300, i -> i % 3 == 0 ? 7L : TWO_53),
            frame(DataTypes.LongType, 300, i -> i % 3 == 0 ? 7L : TWO_53 + 1));
    ColumnDrift id = column(result, "id");
    assertThat(id.status()).isEqualTo(ColumnStatus.OK);
    assertThat(id.type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(id.newCategories()).isEqualTo(1);
    assertThat(id.newCategoryExamples()).containsExactly("9007199254740993");
    assertThat(id.result().drifted()).isTrue();
    assertThat(result.status()).isEqualTo(DatasetStatus.OK);
  }
}
