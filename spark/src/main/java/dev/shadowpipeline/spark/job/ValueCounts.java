package dev.shadowpipeline.spark.job;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Counts per distinct value of two sides, in ascending value order: one bin per value, as {@link dev.shadowpipeline.drift.stattest.Binning} has them for columns with few values. */
final class ValueCounts {

  private ValueCounts() {}

  /** {reference counts, current counts}, aligned on the pooled distinct values, ascending. */
  static long[][] collect(Dataset<Row> reference, Dataset<Row> current) {
    List<Row> rows =
        reference
            .toDF("v")
            .withColumn("r", functions.lit(1L))
            .withColumn("c", functions.lit(0L))
            .unionAll(
                current
                    .toDF("v")
                    .withColumn("r", functions.lit(0L))
                    .withColumn("c", functions.lit(1L)))
            .groupBy("v")
            .agg(functions.sum("r"), functions.sum("c"))
            .orderBy("v")
            .collectAsList();
    long[] ref = new long[rows.size()];
    long[] cur = new long[rows.size()];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = rows.get(i).getLong(1);
      cur[i] = rows.get(i).getLong(2);
    }
    return new long[][] {ref, cur};
  }
}
