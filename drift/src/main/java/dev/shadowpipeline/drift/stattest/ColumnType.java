package dev.shadowpipeline.drift.stattest;

/** How a column is treated by the drift engine; decides which statistical tests apply. */
public enum ColumnType {
  /** Real numbers, or integers with many distinct values. */
  NUMERIC,
  /** Labels, booleans, and integers with few distinct values. */
  CATEGORICAL,
  /** Free text: strings whose values are mostly distinct. */
  TEXT,
  /** Vectors of numbers of one length (embeddings): JSON arrays in CSV/JSONL cells, Parquet lists of numbers. */
  EMBEDDING
}
