package dev.shadowpipeline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Maps "not computed" (NaN) to SQL NULL and back. SQLite silently turns NaN into NULL while PostgreSQL keeps it, so
 * both backends store NULL to read back the same values.
 */
final class NanAsNull {

  private NanAsNull() {}

  static void set(PreparedStatement statement, int index, double value) throws SQLException {
    if (Double.isNaN(value)) {
      statement.setNull(index, Types.DOUBLE);
    } else {
      statement.setDouble(index, value);
    }
  }

  static double get(ResultSet rows, String column) throws SQLException {
    double value = rows.getDouble(column);
    return rows.wasNull() ? Double.NaN : value;
  }
}
