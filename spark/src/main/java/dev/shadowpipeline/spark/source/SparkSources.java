package dev.shadowpipeline.spark.source;

import dev.shadowpipeline.spark.job.SparkInputException;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Opens the job's inputs: files by path or glob on any file system Spark knows ({@code s3a://}, {@code hdfs://},
 * local), or a table by name from the session's catalog. A path that matches nothing, an unknown format or a table
 * that does not exist is a {@link SparkInputException} naming the option and the value.
 */
public final class SparkSources {

  private SparkSources() {}

  /**
   * Files: Parquet (a file, a glob, or a directory, hive partitions included), CSV/TSV with a header, JSON lines,
   * ORC.
   *
   * @param option the option it came from, for messages ({@code --reference})
   * @param path the path or glob
   * @param format {@code parquet}, {@code csv}, {@code tsv}, {@code json}, {@code orc}, or null to go by the name
   */
  public static Dataset<Row> files(SparkSession spark, String option, String path, String format) {
    requireMatch(spark, option, path);
    String f = format != null ? format.toLowerCase(Locale.ROOT) : formatOf(option, path);
    DataFrameReader reader = spark.read();
    try {
      return switch (f) {
        case "parquet" -> reader.parquet(path);
        case "csv" -> reader.option("header", true).option("inferSchema", true).csv(path);
        case "tsv" ->
            reader.option("header", true).option("inferSchema", true).option("sep", "\t").csv(path);
        case "json", "jsonl" -> reader.json(path);
        case "orc" -> reader.orc(path);
        default ->
            throw new SparkInputException(
                "--format: unknown format '" + format + "' (known: parquet, csv, tsv, json, orc)");
      };
    } catch (RuntimeException e) {
      if (e instanceof SparkInputException) {
        throw e;
      }
      throw new SparkInputException(option + " " + path + ": cannot read: " + oneLine(e), e);
    }
  }

  /** A table from the session's catalog (Hive metastore, Unity, Glue... as the cluster configures it). */
  public static Dataset<Row> table(SparkSession spark, String option, String name) {
    try {
      return spark.table(name);
    } catch (Exception e) { // Scala throws AnalysisException undeclared; javac sees it as checked
      String catalog = spark.conf().get("spark.sql.catalogImplementation", "in-memory");
      throw new SparkInputException(
          option + " " + name + ": cannot open (catalog: " + catalog + "): " + oneLine(e), e);
    }
  }

  private static void requireMatch(SparkSession spark, String option, String path) {
    Path p = new Path(path);
    FileStatus[] matches;
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      matches = fs.globStatus(p);
    } catch (IOException | RuntimeException e) {
      throw new SparkInputException(option + " " + path + ": cannot list: " + oneLine(e), e);
    }
    if (matches == null || matches.length == 0) {
      throw new SparkInputException(option + " " + path + ": no file or directory matches");
    }
  }

  private static String formatOf(String option, String path) {
    String name = path.replaceAll("/+$", "");
    String last = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    int dot = last.lastIndexOf('.');
    if (dot < 0) {
      return "parquet"; // a directory of part files, the lake's usual shape
    }
    String ext = last.substring(dot + 1);
    return switch (ext) {
      case "parquet", "csv", "tsv", "json", "jsonl", "orc" -> ext;
      default ->
          throw new SparkInputException(
              option
                  + " "
                  + path
                  + ": cannot tell the format from '."
                  + ext
                  + "'; give --format parquet|csv|tsv|json|orc");
    };
  }

  /** The first line of the deepest cause's message: Spark's errors carry plans and stack traces. */
  public static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.toString() : root.getMessage();
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
