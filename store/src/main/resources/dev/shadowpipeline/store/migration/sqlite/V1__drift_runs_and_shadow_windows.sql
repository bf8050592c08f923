-- Drift runs, their per-column results, and shadow comparison windows (SQLite).
-- Times are epoch milliseconds (UTC); NaN is stored as NULL. Keep in step with ../postgresql/V1.

CREATE TABLE drift_run (
  run_id                TEXT    NOT NULL PRIMARY KEY,
  started_at_ms         INTEGER NOT NULL,
  finished_at_ms        INTEGER NOT NULL,
  reference_source      TEXT    NOT NULL,
  current_source        TEXT    NOT NULL,
  status                TEXT    NOT NULL CHECK (status IN ('SUCCEEDED', 'FAILED')),
  dataset_drift         BOOLEAN NOT NULL,
  drift_share           REAL,
  drift_share_threshold REAL,
  columns_total         INTEGER NOT NULL,
  columns_drifted       INTEGER NOT NULL,
  error_message         TEXT,
  report_location       TEXT
);

CREATE INDEX drift_run_started_idx ON drift_run (started_at_ms);

CREATE TABLE drift_column_result (
  run_id                TEXT    NOT NULL REFERENCES drift_run (run_id) ON DELETE CASCADE,
  position              INTEGER NOT NULL,
  column_name           TEXT    NOT NULL,
  column_type           TEXT    NOT NULL,
  test_name             TEXT    NOT NULL,
  score_kind            TEXT    NOT NULL CHECK (score_kind IN ('P_VALUE', 'DISTANCE')),
  statistic             REAL,
  score                 REAL,
  threshold             REAL,
  drifted               BOOLEAN NOT NULL,
  missing_share_ref     REAL,
  missing_share_cur     REAL,
  new_category_count    INTEGER NOT NULL,
  error_message         TEXT,
  PRIMARY KEY (run_id, column_name)
);

CREATE INDEX drift_column_result_column_idx ON drift_column_result (column_name);

CREATE TABLE shadow_window (
  instance_id           TEXT    NOT NULL,
  window_start_ms       INTEGER NOT NULL,
  window_end_ms         INTEGER NOT NULL,
  requests              INTEGER NOT NULL,
  compared              INTEGER NOT NULL,
  matches               INTEGER NOT NULL,
  critical              INTEGER NOT NULL,
  shadow_errors         INTEGER NOT NULL,
  shadow_timeouts       INTEGER NOT NULL,
  primary_p50_ms        REAL,
  primary_p95_ms        REAL,
  primary_p99_ms        REAL,
  shadow_p50_ms         REAL,
  shadow_p95_ms         REAL,
  shadow_p99_ms         REAL,
  delta_p50_ms          REAL,
  delta_p95_ms          REAL,
  delta_p99_ms          REAL,
  PRIMARY KEY (instance_id, window_start_ms)
);

CREATE INDEX shadow_window_start_idx ON shadow_window (window_start_ms);
