-- Drift per segment (shadow drift --segment-by, segment-by in monitor.yaml): one row per segment of a run, in the
-- order of the report (largest reference segments first, "other" last). segment_value is NULL for the rows without a
-- value in the segment column and for "other" (is_other). A segment without a verdict (status only_in_reference,
-- only_in_current, too_small or untestable) has NULL dataset_drift, drift_share and column counts: unknown, never
-- healthy. drifted_columns is one name per line. Keep in step with ../sqlite/V4.

CREATE TABLE drift_segment_result (
  run_id                TEXT             NOT NULL REFERENCES drift_run (run_id) ON DELETE CASCADE,
  position              INTEGER          NOT NULL,
  segment_column        TEXT             NOT NULL,
  segment_value         TEXT,
  is_other              BOOLEAN          NOT NULL,
  value_count           INTEGER          NOT NULL,
  status                TEXT             NOT NULL,
  reference_rows        BIGINT           NOT NULL,
  current_rows          BIGINT           NOT NULL,
  dataset_drift         BOOLEAN,
  drift_share           DOUBLE PRECISION,
  columns_total         INTEGER,
  columns_drifted       INTEGER,
  drifted_columns       TEXT,
  PRIMARY KEY (run_id, position)
);
