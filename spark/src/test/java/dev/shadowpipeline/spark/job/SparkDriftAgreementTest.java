package dev.shadowpipeline.spark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shadowpipeline.app.drift.DriftCheck;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.ColumnStatus;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.engine.Histogram;
import dev.shadowpipeline.drift.engine.StandardCatalog;
import dev.shadowpipeline.drift.engine.TestSelection;
import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import dev.shadowpipeline.drift.stattest.TestKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spark job and the local engine on the same data (Parquet written by Spark, CSV with the same values): the same
 * types, tests, statuses and verdicts; categorical scores identical, numeric statistics within 1e-9 relative (sums
 * are formed per partition, in another order than the local loop) and p-values within that bound times |ln p| (a
 * p-value in an exponential tail moves by that factor times its statistic's relative error).
 * One SparkSession in local[2] for the class.
 */
class SparkDriftAgreementTest {

  /** Relative bound on numeric statistics summed in another order (about n * 2^-52 for n = 30,000, with margin). */
  private static final double NUMERIC_BOUND = 1e-9;

  private static SparkSession spark;

  @TempDir static Path dir;

  private static Path refParquet;
  private static Path curParquet;
  private static Path refCsv;
  private static Path curCsv;

  @BeforeAll
  static void start() throws Exception {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("shadow-spark-test")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    List<Row> ref = TestData.rows(15_000, 7, 0);
    List<Row> cur = TestData.rows(12_000, 8, 0.3);
    refParquet = TestData.parquet(spark, ref, dir.resolve("ref"));
    curParquet = TestData.parquet(spark, cur, dir.resolve("cur"));
    refCsv = TestData.csv(ref, dir.resolve("ref.csv"));
    curCsv = TestData.csv(cur, dir.resolve("cur.csv"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static DriftResult local(DriftOptions options) throws Exception {
    return DriftCheck.compare(refCsv, curCsv, ReadOptions.DEFAULTS, options).result();
  }

  private static DriftResult onSpark(DriftOptions options, long collectLimit) {
    SparkDrift job = new SparkDrift(options, new JobSettings(collectLimit, 4, Set.of(), Set.of()));
    return job.compare(
            new SparkDrift.Input("ref", spark.read().parquet(refParquet.toString())),
            new SparkDrift.Input("cur", spark.read().parquet(curParquet.toString())))
        .result();
  }

  @Test
  void defaultTestsAgreeWhenNumericColumnsAreScannedWhereTheyLie() throws Exception {
    // 27,000 values per column > 20,000: every numeric column takes the distributed scan
    DriftResult local = local(DriftOptions.DEFAULTS);
    DriftResult spark = onSpark(DriftOptions.DEFAULTS, 20_000);
    assertAgree(local, spark);
    assertThat(spark.columns())
        .extracting(c -> c.result().test())
        .containsExactly(
            "wasserstein",
            "wasserstein",
            "wasserstein",
            "jensenshannon",
            "jensenshannon",
            "jensenshannon",
            "wasserstein",
            "jensenshannon");
  }

  @Test
  void configuredTestsAgreeAtScale() throws Exception {
    DriftOptions options =
        DriftOptions.DEFAULTS.withColumnTests(
            Map.of(
                "income", select("ks"),
                "age", select("psi"),
                "score", select("kl_div:0.05"),
                "sparse", select("hellinger"),
                "level", select("psi")));
    assertAgree(local(options), onSpark(options, 20_000));
  }

  @Test
  void everyTestAgreesWhenColumnsAreCollected() throws Exception {
    DriftOptions options =
        DriftOptions.DEFAULTS
            .withTypeTests(Map.of(ColumnType.NUMERIC, select("anderson")))
            .withColumnTypes(Map.of("age", ColumnType.CATEGORICAL));
    assertAgree(local(options), onSpark(options, JobSettings.DEFAULT_COLLECT_LIMIT));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "t_test",
        "mannw",
        "anderson",
        "cramer_von_mises",
        "energy_distance",
        "epps_singleton",
        "z"
      })
  void everyNumericTestAgreesAtScale(String test) throws Exception {
    // every numeric column (continuous, shifted, tied on a grid, with missing values, five levels)
    // takes the distributed scan and the given test
    DriftOptions options =
        DriftOptions.DEFAULTS.withTypeTests(Map.of(ColumnType.NUMERIC, select(test)));
    DriftResult spark = onSpark(options, 20_000);
    assertAgree(local(options), spark);
    assertThat(spark.columns())
        .filteredOn(c -> c.type() == ColumnType.NUMERIC)
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.result().test()).isEqualTo(test));
  }

  @Test
  void empiricalMmdRunsAtScaleOnASampleOfTheLocalSize() {
    // the local test samples each side down to 500 values with its own seeded generator; Spark
    // draws its sample of the same size where the data lie, so the p-value agrees in distribution,
    // not digit for digit: on 0.3 standard deviations of shift both find drift
    DriftOptions options =
        DriftOptions.DEFAULTS.withColumnTests(Map.of("income", select("empirical_mmd")));
    ColumnDrift income = onSpark(options, 20_000).columns().get(0);
    assertThat(income.status()).isEqualTo(ColumnStatus.OK);
    assertThat(income.result().test()).isEqualTo("empirical_mmd");
    assertThat(income.result().score()).isBetween(0.0, 1.0);
    assertThat(income.result().drifted()).isTrue();
  }

  @Test
  void aRangePastTheDoublesIsAColumnErrorOnBothEnginesNotOneBin() throws Exception {
    // 24,000 values > the collect limit of 20,000: the distributed scan, whose Sturges bins over a
    // range
    // past 1.8e308 fell back to one bin (score 0, no drift); numpy's histogram raises on it
    org.apache.spark.sql.types.StructType schema =
        new org.apache.spark.sql.types.StructType()
            .add("huge", org.apache.spark.sql.types.DataTypes.DoubleType);
    List<Row> ref = new java.util.ArrayList<>();
    List<Row> cur = new java.util.ArrayList<>();
    for (int i = 0; i < 12_000; i++) {
      ref.add(
          org.apache.spark.sql.RowFactory.create(
              (i % 2 == 0 ? 1 : -1) * (1.7e308 / 12_000) * (i + 1)));
      cur.add(org.apache.spark.sql.RowFactory.create((1.7e308 / 12_000) * (i + 1)));
    }
    DriftOptions options = DriftOptions.DEFAULTS.withColumnTests(Map.of("huge", select("psi")));
    ColumnDrift onSpark =
        new SparkDrift(options, new JobSettings(20_000, 4, Set.of(), Set.of()))
            .compare(
                new SparkDrift.Input("ref", spark.createDataFrame(ref, schema)),
                new SparkDrift.Input("cur", spark.createDataFrame(cur, schema)))
            .result()
            .columns()
            .get(0);
    Path refFile = dir.resolve("huge-ref.csv");
    Path curFile = dir.resolve("huge-cur.csv");
    java.nio.file.Files.writeString(
        refFile, "huge\n" + String.join("\n", ref.stream().map(r -> r.get(0).toString()).toList()));
    java.nio.file.Files.writeString(
        curFile, "huge\n" + String.join("\n", cur.stream().map(r -> r.get(0).toString()).toList()));
    ColumnDrift local =
        DriftCheck.compare(refFile, curFile, ReadOptions.DEFAULTS, options)
            .result()
            .columns()
            .get(0);
    for (ColumnDrift column : List.of(onSpark, local)) {
      assertThat(column.status()).isEqualTo(ColumnStatus.ERROR);
      assertThat(column.detail())
          .contains("test 'psi' failed")
          .contains("wider than the doubles reach");
    }
  }

  private static TestSelection select(String text) {
    return TestSelection.resolve(text, StandardCatalog.INSTANCE)
        .orElseThrow(IllegalStateException::new);
  }

  private static void assertAgree(DriftResult local, DriftResult spark) {
    assertThat(spark.columns())
        .extracting(ColumnDrift::name)
        .containsExactlyElementsOf(local.columns().stream().map(ColumnDrift::name).toList());
    for (int i = 0; i < local.columns().size(); i++) {
      ColumnDrift l = local.columns().get(i);
      ColumnDrift s = spark.columns().get(i);
      String at = "column " + l.name();
      assertThat(s.type()).as(at).isEqualTo(l.type());
      assertThat(s.typeReason()).as(at).isEqualTo(l.typeReason());
      assertThat(s.status()).as(at).isEqualTo(l.status());
      assertThat(s.reference()).as(at).isEqualTo(l.reference());
      assertThat(s.current()).as(at).isEqualTo(l.current());
      assertThat(s.missingShareDrift()).as(at).isEqualTo(l.missingShareDrift());
      assertThat(s.newCategories()).as(at).isEqualTo(l.newCategories());
      if (l.result() == null) {
        assertThat(s.result()).as(at).isNull();
        continue;
      }
      StatTestResult lr = l.result();
      StatTestResult sr = s.result();
      assertThat(sr.test()).as(at).isEqualTo(lr.test());
      assertThat(sr.threshold()).as(at).isEqualTo(lr.threshold());
      if (l.type() == ColumnType.NUMERIC) {
        // a p-value in an exponential tail moves by |ln p| times its statistic's relative error
        double steepness =
            lr.kind() == TestKind.P_VALUE ? Math.max(1, Math.abs(Math.log(lr.score()))) : 1;
        assertThat(sr.score())
            .as(at)
            .isCloseTo(
                lr.score(), within(NUMERIC_BOUND * steepness * Math.abs(lr.score()) + 1e-300));
        assertThat(sr.statistic())
            .as(at)
            .isCloseTo(lr.statistic(), within(NUMERIC_BOUND * Math.abs(lr.statistic()) + 1e-300));
        boolean nearThreshold =
            Math.abs(lr.score() - lr.threshold()) <= NUMERIC_BOUND * Math.abs(lr.threshold());
        if (!nearThreshold) {
          assertThat(sr.drifted()).as(at).isEqualTo(lr.drifted());
        }
        assertHistogram(at, l.histogram(), s.histogram());
      } else {
        assertThat(sr).as(at).isEqualTo(lr); // exact counts: the same numbers
        assertThat(s.histogram()).as(at).usingRecursiveComparison().isEqualTo(l.histogram());
      }
    }
    assertThat(spark.status()).isEqualTo(local.status());
    assertThat(spark.drift()).isEqualTo(local.drift());
    assertThat(spark.driftedColumns()).isEqualTo(local.driftedColumns());
    assertThat(spark.share()).isEqualTo(local.share());
  }

  private static void assertHistogram(String at, Histogram local, Histogram spark) {
    assertThat(spark.bars()).as(at).isEqualTo(local.bars());
    for (int b = 0; b < local.bars(); b++) {
      assertThat(spark.reference()[b]).as(at).isCloseTo(local.reference()[b], within(1e-12));
      assertThat(spark.current()[b]).as(at).isCloseTo(local.current()[b], within(1e-12));
    }
  }
}
