package dev.shadowpipeline.spark.job;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Seeded tables written twice: as Parquet by Spark (what the job reads) and as CSV (what the local engine reads), so
 * both engines see the same values.
 */
final class TestData {

  static final StructType SCHEMA =
      new StructType()
          .add("income", DataTypes.DoubleType)
          .add("age", DataTypes.IntegerType)
          .add("score", DataTypes.DoubleType)
          .add("clicks", DataTypes.IntegerType)
          .add("plan", DataTypes.StringType)
          .add("active", DataTypes.BooleanType)
          .add("sparse", DataTypes.DoubleType)
          .add("level", DataTypes.DoubleType);

  private static final String[] PLANS = {"basic", "plus", "pro", "team", "enterprise"};

  private TestData() {}

  /**
   * Rows with a given shift: income moves by {@code shift} standard deviations, plan shares tilt, sparse loses values.
   */
  static List<Row> rows(int n, long seed, double shift) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double income = 50_000 + 12_000 * (gaussian(random) + shift);
      int age = 18 + random.nextInt(60);
      double score = Math.round(random.nextDouble() * 1000) / 1000.0; // ties on a 0.001 grid
      int clicks = random.nextInt(6); // an integer with 6 values: categorical
      String plan =
          PLANS[Math.min(PLANS.length - 1, (int) (random.nextDouble() * (5 + shift * 2)))];
      boolean active = random.nextDouble() < 0.7 + shift / 10;
      Double sparse = random.nextDouble() < 0.1 + shift / 4 ? null : gaussian(random);
      double level = 1 + random.nextInt(4) + (shift > 0 && random.nextDouble() < shift / 3 ? 1 : 0);
      rows.add(RowFactory.create(income, age, score, clicks, plan, active, sparse, level + 0.5));
    }
    return rows;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  static Path parquet(SparkSession spark, List<Row> rows, Path dir) {
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).repartition(3);
    df.write().parquet(dir.toString());
    return dir;
  }

  static Path csv(List<Row> rows, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(String.join(",", SCHEMA.fieldNames()));
      w.write('\n');
      for (Row r : rows) {
        for (int i = 0; i < r.length(); i++) {
          if (i > 0) {
            w.write(',');
          }
          Object v = r.get(i);
          w.write(v == null ? "" : v.toString());
        }
        w.write('\n');
      }
    }
    return file;
  }
}
