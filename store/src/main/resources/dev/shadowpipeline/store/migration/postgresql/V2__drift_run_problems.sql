-- What kept a completed drift run from judging every reference column (a column missing from the current data, a
-- column that could not be tested): one line per problem, joined with newlines. NULL when there was none, as for
-- every run saved before this column existed. A run with problems is "incomplete": it has a verdict, on part of the
-- data, and is never shown as healthy.

ALTER TABLE drift_run ADD COLUMN problems TEXT;
