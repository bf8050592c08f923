package dev.shadowpipeline.parquet;

import dev.shadowpipeline.drift.data.DataReadException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Parquet rows as JSON objects, one per line: what {@code shadow replay} sends when its inputs are Parquet. DuckDB
 * writes the file in a streaming {@code COPY}, so memory stays bounded whatever the input's size; numbers stay
 * numbers, strings strings, booleans booleans, nested structs and lists become nested JSON, and dates and timestamps
 * become ISO-8601 text (UTC).
 */
public final class ParquetRows {

  private ParquetRows() {}

  /**
   * Writes every row of {@code source} (a file, a glob or a folder of hive partitions) to {@code out} as JSONL.
   *
   * @return the rows written
   * @throws DataReadException naming the file when the input cannot be listed or read
   */
  public static long toJsonl(ParquetSource source, Path out) throws DataReadException {
    try (Connection c = DuckDb.open()) {
      ParquetFiles.Listing listing = ParquetFiles.list(c, source);
      try (Statement s = c.createStatement()) {
        s.execute(
            "COPY (SELECT * FROM "
                + listing.relation()
                + ") TO "
                + DuckDb.literal(out.toString())
                + " (FORMAT JSON)");
        try (ResultSet rows = s.executeQuery("SELECT count(*) FROM " + listing.relation())) {
          rows.next();
          return rows.getLong(1);
        }
      }
    } catch (SQLException e) {
      throw DuckDb.failure(source, "cannot read", e);
    }
  }
}
