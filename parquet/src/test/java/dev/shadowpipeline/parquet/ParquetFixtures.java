package dev.shadowpipeline.parquet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Test Parquet files written by DuckDB itself from SQL, so no fixture is committed. */
final class ParquetFixtures {

  private ParquetFixtures() {}

  /** Writes the result of {@code select} to {@code file} as Parquet (folders created). */
  static Path write(Path file, String select) throws Exception {
    Files.createDirectories(file.toAbsolutePath().getParent());
    sql("COPY (" + select + ") TO " + DuckDb.literal(file.toString()) + " (FORMAT parquet)");
    return file;
  }

  /** Runs statements on a fresh in-memory DuckDB. */
  static void sql(String... statements) throws SQLException {
    try (Connection c = DuckDb.open()) {
      for (String statement : statements) {
        try (Statement s = c.createStatement()) {
          s.execute(statement);
        }
      }
    }
  }
}
