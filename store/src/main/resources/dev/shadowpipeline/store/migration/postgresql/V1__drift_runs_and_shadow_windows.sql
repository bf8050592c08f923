-- Drift runs, their per-column results, and shadow comparison windows (PostgreSQL).
-- Times are epoch milliseconds (UTC) so that both backends share one mapping; NaN is stored as NULL.
-- Keep in step with ../sqlite/V1.

CREATE TABLE drift_run (
  run_id                TEXT             NOT NULL PRIMARY KEY,
  started_at_ms         BIGINT           NOT NULL,
  finished_at_ms        BIGINT           NOT NULL,
  reference_source      TEXT             NOT NULL,
  current_source        TEXT             NOT NULL,
  status                TEXT             NOT NULL CHECK (status IN ('SUCCEEDED', 'FAILED')),
  dataset_drift         BOOLEAN          NOT NULL,
  drift_share           DOUBLE PRECISION,
  drift_share_threshold DOUBLE PRECISION,
  columns_total         INTEGER          NOT NULL,
  columns_drifted       INTEGER          NOT NULL,
  error_message         TEXT,
  report_location       TEXT
);

CREATE INDEX drift_run_started_idx ON drift_run (started_at_ms);

CREATE TABLE drift_column_result (
  run_id                TEXT             NOT NULL REFERENCES drift_run (run_id) ON DELETE CASCADE,
  position              INTEGER          NOT NULL,
  column_name           TEXT             NOT NULL,
  column_type           TEXT             NOT NULL,
  test_name             TEXT             NOT NULL,
  score_kind            TEXT             NOT NULL CHECK (score_kind IN ('P_VALUE', 'DISTANCE')),
  statistic             DOUBLE PRECISION,
  score                 DOUBLE PRECISION,
  threshold             DOUBLE PRECISION,
  drifted               BOOLEAN          NOT NULL,
  missing_share_ref     DOUBLE PRECISION,
  missing_share_cur     DOUBLE PRECISION,
  new_category_count    INTEGER          NOT NULL,
  error_message         TEXT,
  PRIMARY KEY (run_id, column_name)
);

CREATE INDEX drift_column_result_column_idx ON drift_column_result (column_name);

CREATE TABLE shadow_window (
  instance_id           TEXT             NOT NULL,
  window_start_ms       BIGINT           NOT NULL,
  window_end_ms         BIGINT           NOT NULL,
  requests              BIGINT           NOT NULL,
  compared              BIGINT           NOT NULL,
  matches               BIGINT           NOT NULL,
  critical              BIGINT           NOT NULL,
  shadow_errors         BIGINT           NOT NULL,
  shadow_timeouts       BIGINT           NOT NULL,
  primary_p50_ms        DOUBLE PRECISION,
  primary_p95_ms        DOUBLE PRECISION,
  primary_p99_ms        DOUBLE PRECISION,
  shadow_p50_ms         DOUBLE PRECISION,
  shadow_p95_ms         DOUBLE PRECISION,
  shadow_p99_ms         DOUBLE PRECISION,
  delta_p50_ms          DOUBLE PRECISION,
  delta_p95_ms          DOUBLE PRECISION,
  delta_p99_ms          DOUBLE PRECISION,
  PRIMARY KEY (instance_id, window_start_ms)
);

CREATE INDEX shadow_window_start_idx ON shadow_window (window_start_ms);
