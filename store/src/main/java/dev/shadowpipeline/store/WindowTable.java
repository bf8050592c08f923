package dev.shadowpipeline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** SQL for shadow comparison windows; portable between SQLite (3.24+) and PostgreSQL (9.5+). */
final class WindowTable {

  private static final String COLUMNS =
      "instance_id, window_start_ms, window_end_ms, requests, compared, matches, "
          + "critical, shadow_errors, shadow_timeouts, primary_p50_ms, primary_p95_ms, primary_p99_ms, shadow_p50_ms, "
          + "shadow_p95_ms, shadow_p99_ms, delta_p50_ms, delta_p95_ms, delta_p99_ms, labelled_pairs, "
          + "primary_accuracy, shadow_accuracy, accuracy_diff_lo, accuracy_diff_hi, mcnemar_p, primary_mae, "
          + "shadow_mae, mae_diff_lo, mae_diff_hi, left_out";

  // Both backends accept this exact upsert; a window written twice (retry, replay) replaces itself.
  private static final String UPSERT =
      "INSERT INTO shadow_window ("
          + COLUMNS
          + ") VALUES "
          + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          + "ON CONFLICT (instance_id, window_start_ms) DO UPDATE SET window_end_ms = excluded.window_end_ms, "
          + "requests = excluded.requests, compared = excluded.compared, matches = excluded.matches, "
          + "critical = excluded.critical, shadow_errors = excluded.shadow_errors, "
          + "shadow_timeouts = excluded.shadow_timeouts, primary_p50_ms = excluded.primary_p50_ms, "
          + "primary_p95_ms = excluded.primary_p95_ms, primary_p99_ms = excluded.primary_p99_ms, "
          + "shadow_p50_ms = excluded.shadow_p50_ms, shadow_p95_ms = excluded.shadow_p95_ms, "
          + "shadow_p99_ms = excluded.shadow_p99_ms, delta_p50_ms = excluded.delta_p50_ms, "
          + "delta_p95_ms = excluded.delta_p95_ms, delta_p99_ms = excluded.delta_p99_ms, "
          + "labelled_pairs = excluded.labelled_pairs, primary_accuracy = excluded.primary_accuracy, "
          + "shadow_accuracy = excluded.shadow_accuracy, accuracy_diff_lo = excluded.accuracy_diff_lo, "
          + "accuracy_diff_hi = excluded.accuracy_diff_hi, mcnemar_p = excluded.mcnemar_p, "
          + "primary_mae = excluded.primary_mae, shadow_mae = excluded.shadow_mae, "
          + "mae_diff_lo = excluded.mae_diff_lo, mae_diff_hi = excluded.mae_diff_hi, left_out = excluded.left_out";

  private WindowTable() {}

  static void upsert(Connection connection, Collection<ComparisonWindow> windows)
      throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      for (ComparisonWindow window : windows) {
        upsert.setString(1, window.instanceId());
        upsert.setLong(2, window.windowStart().toEpochMilli());
        upsert.setLong(3, window.windowEnd().toEpochMilli());
        upsert.setLong(4, window.requests());
        upsert.setLong(5, window.compared());
        upsert.setLong(6, window.matches());
        upsert.setLong(7, window.critical());
        upsert.setLong(8, window.shadowErrors());
        upsert.setLong(9, window.shadowTimeouts());
        setPercentiles(upsert, 10, window.primaryLatency());
        setPercentiles(upsert, 13, window.shadowLatency());
        setPercentiles(upsert, 16, window.latencyDelta());
        setQuality(upsert, 19, window.quality());
        upsert.setLong(29, window.leftOut());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  static List<ComparisonWindow> between(Connection connection, Instant from, Instant to)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM shadow_window "
                + "WHERE window_start_ms >= ? AND window_start_ms < ? ORDER BY window_start_ms, instance_id")) {
      select.setLong(1, from.toEpochMilli());
      select.setLong(2, to.toEpochMilli());
      try (ResultSet rows = select.executeQuery()) {
        List<ComparisonWindow> windows = new ArrayList<>();
        while (rows.next()) {
          windows.add(
              new ComparisonWindow(
                  rows.getString("instance_id"),
                  Instant.ofEpochMilli(rows.getLong("window_start_ms")),
                  Instant.ofEpochMilli(rows.getLong("window_end_ms")),
                  rows.getLong("requests"),
                  rows.getLong("compared"),
                  rows.getLong("matches"),
                  // NULL in windows saved before V5: they counted every pair as compared
                  rows.getLong("left_out"),
                  rows.getLong("critical"),
                  rows.getLong("shadow_errors"),
                  rows.getLong("shadow_timeouts"),
                  percentiles(rows, "primary"),
                  percentiles(rows, "shadow"),
                  percentiles(rows, "delta"),
                  quality(rows)));
        }
        return windows;
      }
    }
  }

  private static void setPercentiles(
      PreparedStatement statement, int first, LatencyPercentiles latency) throws SQLException {
    NanAsNull.set(statement, first, latency.p50Millis());
    NanAsNull.set(statement, first + 1, latency.p95Millis());
    NanAsNull.set(statement, first + 2, latency.p99Millis());
  }

  // no quality: every column NULL
  private static void setQuality(PreparedStatement statement, int first, WindowQuality q)
      throws SQLException {
    if (q == null) {
      statement.setNull(first, Types.BIGINT);
    } else {
      statement.setLong(first, q.labelledPairs());
    }
    double[] values =
        q == null
            ? new double[9]
            : new double[] {
              q.primaryAccuracy(),
              q.shadowAccuracy(),
              q.accuracyDiffLower(),
              q.accuracyDiffUpper(),
              q.mcnemarP(),
              q.primaryMae(),
              q.shadowMae(),
              q.maeDiffLower(),
              q.maeDiffUpper()
            };
    for (int i = 0; i < values.length; i++) {
      NanAsNull.set(statement, first + 1 + i, q == null ? Double.NaN : values[i]);
    }
  }

  private static WindowQuality quality(ResultSet rows) throws SQLException {
    long pairs = rows.getLong("labelled_pairs");
    if (rows.wasNull()) {
      return null;
    }
    return new WindowQuality(
        pairs,
        NanAsNull.get(rows, "primary_accuracy"),
        NanAsNull.get(rows, "shadow_accuracy"),
        NanAsNull.get(rows, "accuracy_diff_lo"),
        NanAsNull.get(rows, "accuracy_diff_hi"),
        NanAsNull.get(rows, "mcnemar_p"),
        NanAsNull.get(rows, "primary_mae"),
        NanAsNull.get(rows, "shadow_mae"),
        NanAsNull.get(rows, "mae_diff_lo"),
        NanAsNull.get(rows, "mae_diff_hi"));
  }

  private static LatencyPercentiles percentiles(ResultSet rows, String prefix) throws SQLException {
    return new LatencyPercentiles(
        NanAsNull.get(rows, prefix + "_p50_ms"),
        NanAsNull.get(rows, prefix + "_p95_ms"),
        NanAsNull.get(rows, prefix + "_p99_ms"));
  }
}
