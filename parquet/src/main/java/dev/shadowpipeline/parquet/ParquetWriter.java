package dev.shadowpipeline.parquet;

import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes a dataset of numeric columns (what {@code shadow simulate} generates) as one Parquet file: integer columns as
 * INT64, the others as DOUBLE, Snappy-compressed, written atomically (a temporary file renamed into place).
 */
public final class ParquetWriter {

  private ParquetWriter() {}

  /**
   * Writes {@code data} to {@code file}.
   *
   * @throws IllegalArgumentException when a column is not numeric (simulated data never has labels)
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, Dataset data) throws IOException {
    List<NumericColumn> columns = new ArrayList<>();
    for (RawColumn c : data.columns().values()) {
      if (!(c instanceof NumericColumn n) || n.missing() > 0) {
        throw new IllegalArgumentException(
            "only complete numeric columns can be written: " + c.name());
      }
      columns.add(n);
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".shadow-", ".parquet.tmp");
    try {
      try (Connection c = DuckDb.open()) {
        writeWith(c, columns, data.rows(), tmp);
      } catch (SQLException e) {
        throw new IOException(file + ": cannot write Parquet: " + DuckDb.message(e), e);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeWith(Connection c, List<NumericColumn> columns, long rows, Path out)
      throws SQLException {
    StringBuilder ddl = new StringBuilder("CREATE TABLE t (");
    for (int i = 0; i < columns.size(); i++) {
      NumericColumn col = columns.get(i);
      ddl.append(i == 0 ? "" : ", ")
          .append(DuckDb.identifier(col.name()))
          .append(col.integerLiterals() ? " BIGINT" : " DOUBLE");
    }
    try (Statement s = c.createStatement()) {
      s.execute(ddl.append(')').toString());
    }
    try (DuckDBAppender appender =
        ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t")) {
      for (int r = 0; r < rows; r++) {
        appender.beginRow();
        for (NumericColumn col : columns) {
          double v = col.values()[r];
          if (col.integerLiterals()) {
            appender.append((long) v);
          } else {
            appender.append(v);
          }
        }
        appender.endRow();
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "COPY t TO " + DuckDb.literal(out.toString()) + " (FORMAT parquet, COMPRESSION snappy)");
    }
  }
}
