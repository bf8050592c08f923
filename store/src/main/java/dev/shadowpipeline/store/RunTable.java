package dev.shadowpipeline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for drift runs and their column results; portable between SQLite and PostgreSQL. */
final class RunTable {

  private static final String RUN_COLUMNS =
      "run_id, started_at_ms, finished_at_ms, reference_source, "
          + "current_source, status, dataset_drift, drift_share, drift_share_threshold, columns_total, columns_drifted, "
          + "error_message, report_location, problems";

  private static final String COLUMN_COLUMNS =
      "column_name, column_type, test_name, score_kind, statistic, score, "
          + "threshold, drifted, missing_share_ref, missing_share_cur, new_category_count, error_message";

  private RunTable() {}

  /** Replaces any run with the same id, so a re-run of the same day does not duplicate history. */
  static void save(Connection connection, DriftRun run, List<ColumnResult> columns)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM drift_column_result WHERE run_id = ?")) {
      delete.setString(1, run.runId());
      delete.executeUpdate();
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM drift_run WHERE run_id = ?")) {
      delete.setString(1, run.runId());
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO drift_run ("
                + RUN_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, run.runId());
      insert.setLong(2, run.startedAt().toEpochMilli());
      insert.setLong(3, run.finishedAt().toEpochMilli());
      insert.setString(4, run.referenceSource());
      insert.setString(5, run.currentSource());
      insert.setString(6, run.status().name());
      insert.setBoolean(7, run.datasetDrift());
      NanAsNull.set(insert, 8, run.driftShare());
      NanAsNull.set(insert, 9, run.driftShareThreshold());
      insert.setInt(10, run.columnsTotal());
      insert.setInt(11, run.columnsDrifted());
      insert.setString(12, run.errorMessage());
      insert.setString(13, run.reportLocation());
      // one line each (DriftRun checks), so a newline separates them without escaping
      insert.setString(14, run.problems().isEmpty() ? null : String.join("\n", run.problems()));
      insert.executeUpdate();
    }
    if (columns.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO drift_column_result (run_id, position, "
                + COLUMN_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (ColumnResult column : columns) {
        insert.setString(1, run.runId());
        insert.setInt(2, position++);
        insert.setString(3, column.column());
        insert.setString(4, column.columnType());
        insert.setString(5, column.test());
        insert.setString(6, column.scoreKind().name());
        NanAsNull.set(insert, 7, column.statistic());
        NanAsNull.set(insert, 8, column.score());
        NanAsNull.set(insert, 9, column.threshold());
        insert.setBoolean(10, column.drifted());
        NanAsNull.set(insert, 11, column.missingShareReference());
        NanAsNull.set(insert, 12, column.missingShareCurrent());
        insert.setInt(13, column.newCategoryCount());
        insert.setString(14, column.errorMessage());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  static List<DriftRun> all(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT " + RUN_COLUMNS + " FROM drift_run ORDER BY started_at_ms, run_id");
        ResultSet rows = select.executeQuery()) {
      List<DriftRun> runs = new ArrayList<>();
      while (rows.next()) {
        runs.add(run(rows));
      }
      return runs;
    }
  }

  static Optional<DriftRun> latest(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT "
                    + RUN_COLUMNS
                    + " FROM drift_run ORDER BY started_at_ms DESC, run_id DESC LIMIT 1");
        ResultSet rows = select.executeQuery()) {
      return rows.next() ? Optional.of(run(rows)) : Optional.empty();
    }
  }

  static Optional<DriftRun> byId(Connection connection, String runId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + RUN_COLUMNS + " FROM drift_run WHERE run_id = ?")) {
      select.setString(1, runId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(run(rows)) : Optional.empty();
      }
    }
  }

  static List<ColumnResult> columns(Connection connection, String runId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMN_COLUMNS
                + " FROM drift_column_result WHERE run_id = ? ORDER BY position")) {
      select.setString(1, runId);
      try (ResultSet rows = select.executeQuery()) {
        List<ColumnResult> columns = new ArrayList<>();
        while (rows.next()) {
          columns.add(
              new ColumnResult(
                  rows.getString("column_name"),
                  rows.getString("column_type"),
                  rows.getString("test_name"),
                  ScoreKind.valueOf(rows.getString("score_kind")),
                  NanAsNull.get(rows, "statistic"),
                  NanAsNull.get(rows, "score"),
                  NanAsNull.get(rows, "threshold"),
                  rows.getBoolean("drifted"),
                  NanAsNull.get(rows, "missing_share_ref"),
                  NanAsNull.get(rows, "missing_share_cur"),
                  rows.getInt("new_category_count"),
                  rows.getString("error_message")));
        }
        return columns;
      }
    }
  }

  /** Score history per column over successful runs, columns by name, points by time. */
  static Map<String, List<ColumnScorePoint>> history(Connection connection, String onlyColumn)
      throws SQLException {
    String sql =
        "SELECT c.column_name, r.run_id, r.started_at_ms, c.test_name, c.score_kind, c.score, c.threshold, "
            + "c.drifted FROM drift_column_result c JOIN drift_run r ON r.run_id = c.run_id "
            + "WHERE r.status = 'SUCCEEDED'"
            + (onlyColumn == null ? "" : " AND c.column_name = ?")
            + " ORDER BY c.column_name, r.started_at_ms, r.run_id";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      if (onlyColumn != null) {
        select.setString(1, onlyColumn);
      }
      try (ResultSet rows = select.executeQuery()) {
        Map<String, List<ColumnScorePoint>> history = new LinkedHashMap<>();
        while (rows.next()) {
          history
              .computeIfAbsent(rows.getString("column_name"), name -> new ArrayList<>())
              .add(
                  new ColumnScorePoint(
                      rows.getString("run_id"),
                      Instant.ofEpochMilli(rows.getLong("started_at_ms")),
                      rows.getString("test_name"),
                      ScoreKind.valueOf(rows.getString("score_kind")),
                      NanAsNull.get(rows, "score"),
                      NanAsNull.get(rows, "threshold"),
                      rows.getBoolean("drifted")));
        }
        return history;
      }
    }
  }

  private static DriftRun run(ResultSet rows) throws SQLException {
    return new DriftRun(
        rows.getString("run_id"),
        Instant.ofEpochMilli(rows.getLong("started_at_ms")),
        Instant.ofEpochMilli(rows.getLong("finished_at_ms")),
        rows.getString("reference_source"),
        rows.getString("current_source"),
        RunStatus.valueOf(rows.getString("status")),
        rows.getBoolean("dataset_drift"),
        NanAsNull.get(rows, "drift_share"),
        NanAsNull.get(rows, "drift_share_threshold"),
        rows.getInt("columns_total"),
        rows.getInt("columns_drifted"),
        rows.getString("error_message"),
        rows.getString("report_location"),
        problems(rows.getString("problems")));
  }

  private static List<String> problems(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split("\n", -1));
  }
}
