package dev.shadowpipeline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** SQL for the segments of drift runs ({@code drift_segment_result}, migration V4); portable like {@link RunTable}. */
final class SegmentTable {

  private static final String COLUMNS =
      "segment_column, segment_value, is_other, value_count, status, reference_rows, current_rows, "
          + "dataset_drift, drift_share, columns_total, columns_drifted, drifted_columns";

  private SegmentTable() {}

  /** Removes a run's segments (before the run itself is replaced: they refer to it). */
  static void delete(Connection connection, String runId) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM drift_segment_result WHERE run_id = ?")) {
      delete.setString(1, runId);
      delete.executeUpdate();
    }
  }

  static void insert(Connection connection, String runId, List<SegmentResult> segments)
      throws SQLException {
    if (segments.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO drift_segment_result (run_id, position, "
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (SegmentResult s : segments) {
        insert.setString(1, runId);
        insert.setInt(2, position++);
        insert.setString(3, s.column());
        insert.setString(4, s.value());
        insert.setBoolean(5, s.other());
        insert.setInt(6, s.values());
        insert.setString(7, s.status());
        insert.setLong(8, s.referenceRows());
        insert.setLong(9, s.currentRows());
        if (s.tested()) {
          insert.setBoolean(10, s.drift());
          NanAsNull.set(insert, 11, s.share());
          insert.setInt(12, s.columnsTotal());
          insert.setInt(13, s.columnsDrifted());
          insert.setString(14, String.join("\n", s.driftedColumns()));
        } else {
          insert.setNull(10, Types.BOOLEAN);
          insert.setNull(11, Types.DOUBLE);
          insert.setNull(12, Types.INTEGER);
          insert.setNull(13, Types.INTEGER);
          insert.setNull(14, Types.VARCHAR);
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  static List<SegmentResult> of(Connection connection, String runId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM drift_segment_result WHERE run_id = ? ORDER BY position")) {
      select.setString(1, runId);
      try (ResultSet rows = select.executeQuery()) {
        List<SegmentResult> out = new ArrayList<>();
        while (rows.next()) {
          boolean drift = rows.getBoolean("dataset_drift");
          boolean tested = !rows.wasNull();
          String drifted = rows.getString("drifted_columns");
          out.add(
              new SegmentResult(
                  rows.getString("segment_column"),
                  rows.getString("segment_value"),
                  rows.getBoolean("is_other"),
                  rows.getInt("value_count"),
                  rows.getString("status"),
                  rows.getLong("reference_rows"),
                  rows.getLong("current_rows"),
                  tested,
                  tested && drift,
                  tested ? NanAsNull.get(rows, "drift_share") : Double.NaN,
                  tested ? rows.getInt("columns_total") : 0,
                  tested ? rows.getInt("columns_drifted") : 0,
                  drifted == null || drifted.isEmpty()
                      ? List.of()
                      : List.of(drifted.split("\n", -1))));
        }
        return out;
      }
    }
  }
}
