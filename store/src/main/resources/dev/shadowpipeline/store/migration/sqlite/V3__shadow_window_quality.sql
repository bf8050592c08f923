-- Quality against ground truth posted to a running proxy (POST /labels), cumulative as of the window's close: every
-- label joined since the proxy started, as last computed then. NULL when no label had come (and for every window
-- saved before these columns existed). A classification fills the accuracy columns and mcnemar_p, a regression the
-- mae columns. The intervals are 95% paired-bootstrap intervals of shadow minus primary. Keep in step with
-- ../postgresql/V3.

ALTER TABLE shadow_window ADD COLUMN labelled_pairs INTEGER;
ALTER TABLE shadow_window ADD COLUMN primary_accuracy REAL;
ALTER TABLE shadow_window ADD COLUMN shadow_accuracy REAL;
ALTER TABLE shadow_window ADD COLUMN accuracy_diff_lo REAL;
ALTER TABLE shadow_window ADD COLUMN accuracy_diff_hi REAL;
ALTER TABLE shadow_window ADD COLUMN mcnemar_p REAL;
ALTER TABLE shadow_window ADD COLUMN primary_mae REAL;
ALTER TABLE shadow_window ADD COLUMN shadow_mae REAL;
ALTER TABLE shadow_window ADD COLUMN mae_diff_lo REAL;
ALTER TABLE shadow_window ADD COLUMN mae_diff_hi REAL;
