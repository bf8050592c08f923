package dev.shadowpipeline.parquet;

import dev.shadowpipeline.drift.data.DataReadException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBDriver;

/** An in-memory DuckDB for one read: settings that keep it bounded, offline and deterministic; error wording. */
final class DuckDb {

  /**
   * DuckDB's own memory (outside the Java heap). Scans stream; only a {@code GROUP BY} over a column with millions of
   * distinct strings needs much, and it spills to a temp folder beyond this.
   */
  static final String MEMORY_LIMIT = "1GB";

  private static final AtomicLong DATABASES = new AtomicLong();

  private DuckDb() {}

  /** Opens an in-memory database whose results stream in chunks instead of being materialised. */
  static Connection open() throws SQLException {
    Properties props = new Properties();
    props.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
    Connection c = DriverManager.getConnection("jdbc:duckdb:", props);
    try (Statement s = c.createStatement()) {
      s.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
      // a folder per database: concurrent runs (scheduled jobs, tests) never share spill files;
      // DuckDB
      // creates it only when it spills and removes it on close
      String temp =
          "shadow-duckdb-" + ProcessHandle.current().pid() + "-" + DATABASES.incrementAndGet();
      s.execute(
          "SET temp_directory = "
              + literal(Path.of(System.getProperty("java.io.tmpdir"), temp).toString()));
      // never fetch an extension from the network at run time: what the jar bundles is what we use
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
      s.execute("SET enable_progress_bar = false");
      s.execute("SET TimeZone = 'UTC'"); // timestamps with zones read the same on every machine
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** A SQL string literal. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** A SQL identifier (column names may hold spaces, quotes, anything). */
  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /**
   * DuckDB's message as one line for the user, e.g. {@code IO Error: No files found that match the pattern ...}, with
   * the credentials it may quote from the query masked.
   */
  static String message(SQLException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int newline = m.indexOf('\n');
    String first = newline < 0 ? m : m.substring(0, newline).strip();
    return first.isEmpty() ? "unknown DuckDB error" : QuerySecrets.mask(first);
  }

  /** A read failure of a source, with DuckDB's reason. */
  static DataReadException failure(ParquetSource source, String what, SQLException e) {
    return new DataReadException(where(source), what + ": " + message(e), masked(e));
  }

  /**
   * DuckDB's exception with its message masked, where it keeps its stack trace: {@code --verbose} prints the cause,
   * and DuckDB's full message may quote the query's credentials.
   */
  static SQLException masked(SQLException e) {
    SQLException copy =
        new SQLException(QuerySecrets.mask(e.getMessage()), e.getSQLState(), e.getErrorCode());
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  /** The path a {@link DataReadException} names: the files as given, or the query's option name. */
  static Path where(ParquetSource source) {
    return source.path() != null ? source.path() : Path.of(source.name());
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
