package dev.shadowpipeline.parquet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a dataset comes from when it is not a CSV or JSONL file: Parquet files (one file, a glob such as
 * {@code data/2026-11-*.parquet}, or a folder of hive partitions such as {@code day=2026-11-28/part-0.parquet}) or a
 * SQL query that DuckDB runs (e.g. {@code SELECT * FROM read_parquet('lake/*.parquet') WHERE day = '2026-11-01'}).
 *
 * @param name how messages name the source: the path as given, or the option that carried the query
 * @param path the file, glob or folder; null for a query
 * @param sql the query; null for files
 */
public record ParquetSource(String name, Path path, String sql) {

  public ParquetSource {
    Objects.requireNonNull(name, "name");
    if ((path == null) == (sql == null)) {
      throw new IllegalArgumentException("a source is either a path or a query: " + name);
    }
  }

  /** Parquet files: one file, a glob, or a folder (read recursively, hive partitions become columns). */
  public static ParquetSource of(Path path) {
    return new ParquetSource(path.toString(), path, null);
  }

  /**
   * A SQL query whose result is the dataset.
   *
   * @param name how messages name it, e.g. {@code --reference-sql}
   */
  public static ParquetSource sql(String name, String sql) {
    if (sql.isBlank()) {
      throw new IllegalArgumentException(name + ": the query is empty");
    }
    return new ParquetSource(name, null, sql);
  }

  /**
   * Whether a path is for this reader rather than the CSV/JSONL one: it ends in {@code .parquet} or {@code .pq}, holds
   * a glob character ({@code * ? [}), or is a folder.
   */
  public static boolean handles(Path path) {
    String text = path.toString();
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.endsWith(".parquet")
        || lower.endsWith(".pq")
        || text.indexOf('*') >= 0
        || text.indexOf('?') >= 0
        || text.indexOf('[') >= 0
        || Files.isDirectory(path);
  }

  /** Whether this is a query rather than files. */
  public boolean isSql() {
    return sql != null;
  }

  /**
   * The name a report shows: the file's name, the glob or folder as given, or the query (credentials masked, then
   * shortened: shortening first could cut a URL before its '@' and leave part of its password unrecognized).
   */
  String displayName() {
    if (sql != null) {
      String oneLine = QuerySecrets.mask(sql.strip().replaceAll("\\s+", " "));
      return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
    boolean plainFile = Files.isRegularFile(path) && path.getFileName() != null;
    return plainFile ? path.getFileName().toString() : path.toString();
  }
}
