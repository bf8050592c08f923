-- Pairs graded as agreeing though a side gave no answer (a primary failure is info by default): they compared
-- nothing, so from here on a window's compared and matches leave them out, as summary.json's agreement does, and
-- left_out counts them (compared + left_out = requests). NULL for every window saved before this column existed: those
-- counted every pair in compared and matches, and read as none left out. Keep in step with ../postgresql/V5.

ALTER TABLE shadow_window ADD COLUMN left_out INTEGER;
