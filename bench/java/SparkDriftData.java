import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes bench/spark-drift.sh's data with Spark itself: ROWS x 20 columns of reference and current data as Parquet
 * (and, for the local engine, which reads no Parquet in this branch, the same rows as one CSV file per side).
 *
 * <p>Run with the spark module's class path (the script does): {@code java <spark jvm options> -cp
 * 'spark/target/lib/*' bench/java/SparkDriftData.java ROWS OUT_DIR}.
 */
public final class SparkDriftData {

  private SparkDriftData() {}

  public static void main(String[] args) {
    long rows = Long.parseLong(args[0]);
    String out = args[1];
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("spark-drift bench data")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    write(side(spark, rows, 1, 0.0), out + "/ref");
    write(side(spark, rows, 2, 1.0), out + "/cur");
    spark.stop();
  }

  /** 20 columns; {@code shift} moves n0, n1, s1's shares and m0's missing share. */
  private static Dataset<Row> side(SparkSession spark, long rows, long seed, double shift) {
    long s = seed * 100;
    return spark
        .range(rows)
        .selectExpr(
            "50000 + 12000 * (randn(" + (s + 1) + ") + " + (0.05 * shift) + ") AS n0",
            "randn(" + (s + 2) + ") * (1 + " + (0.2 * shift) + ") AS n1",
            "randn(" + (s + 3) + ") AS n2",
            "exp(randn(" + (s + 4) + ")) AS n3",
            "rand(" + (s + 5) + ") * 100 AS n4",
            "randn(" + (s + 6) + ") * 3 + 7 AS n5",
            "rand(" + (s + 7) + ") AS n6",
            "randn(" + (s + 8) + ") * 1000 AS n7",
            "round(rand(" + (s + 9) + ") * 100, 2) AS r0",
            "round(randn(" + (s + 10) + "), 2) AS r1",
            "CAST(18 + floor(rand(" + (s + 11) + ") * 62) AS INT) AS i0",
            "CAST(floor(rand(" + (s + 12) + ") * 6) AS INT) AS i1",
            "CAST(floor(rand(" + (s + 13) + ") * 1000000) AS BIGINT) AS i2",
            "CAST(floor(rand(" + (s + 14) + ") * 10) AS INT) AS i3",
            "concat('plan_', CAST(floor(rand(" + (s + 15) + ") * 5) AS INT)) AS s0",
            "concat('city_', CAST(floor(pow(rand(" + (s + 16) + "), 1 + " + (0.5 * shift)
                + ") * 20) AS INT)) AS s1",
            "concat('p', CAST(floor(rand(" + (s + 17) + ") * 100) AS INT)) AS s2",
            "element_at(array('web', 'ios', 'android'), CAST(1 + floor(rand(" + (s + 18)
                + ") * 3) AS INT)) AS s3",
            "rand(" + (s + 19) + ") < 0.7 AS b0",
            "CASE WHEN rand(" + (s + 20) + ") < " + (0.05 + 0.15 * shift) + " THEN NULL ELSE randn("
                + (s + 21) + ") END AS m0");
  }

  private static void write(Dataset<Row> data, String path) {
    Dataset<Row> cached = data.cache();
    cached.repartition(8).write().mode("overwrite").parquet(path + ".parquet");
    cached.coalesce(1).write().mode("overwrite").option("header", true).csv(path + "-csv");
    cached.unpersist();
  }
}
