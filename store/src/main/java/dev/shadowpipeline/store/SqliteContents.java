package dev.shadowpipeline.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The tables an existing SQLite file holds, read through a read-only connection before the store's pool opens it:
 * the pool's first connection switches the file to WAL and Flyway then adds its tables, so a file of another
 * application given by mistake would be changed before it could be refused.
 *
 * @param tables the names of its tables, SQLite's own ({@code sqlite_*}) left out; empty for an empty database
 */
record SqliteContents(List<String> tables) {

  SqliteContents {
    tables = List.copyOf(tables);
  }

  /** Whether the file holds this application's schema history: it is a history, whatever its version. */
  boolean isHistory() {
    return tables.contains(Store.SCHEMA_HISTORY_TABLE);
  }

  /** Whether the file holds no table at all (a new or zero-byte file). */
  boolean isEmpty() {
    return tables.isEmpty();
  }

  /**
   * Reads the tables of an existing file without writing to it; a zero-byte file is an empty database, as SQLite
   * takes it.
   *
   * @throws StoreException when the file is not an SQLite database or cannot be read; the file is left as it was
   */
  static SqliteContents read(Path file) {
    if (isZeroBytes(file)) {
      return new SqliteContents(List.of());
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setOpenMode(SQLiteOpenMode.READONLY);
    List<String> tables = new ArrayList<>();
    try (Connection connection = config.createConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%'"
                    + " ESCAPE '\\' ORDER BY name")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    } catch (SQLException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      throw new StoreException(
          message.contains("SQLITE_NOTADB")
              ? "database file " + file + " is not an SQLite database (left unchanged)"
              : "cannot read database file " + file + ": " + message.strip(),
          e);
    }
    return new SqliteContents(tables);
  }

  private static boolean isZeroBytes(Path file) {
    try {
      return Files.size(file) == 0;
    } catch (java.io.IOException e) {
      return false; // the connection says why it cannot be read
    }
  }
}
