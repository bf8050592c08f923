package dev.shadowpipeline.drift.data;

/** How a column's cells are stored while reading: as numbers, as labels, or as vectors of numbers. */
public enum ValueKind {
  /** Every non-missing cell is a number; kept as {@code double}. */
  NUMBER,
  /** Cells are kept as text labels and counted. */
  LABEL,
  /**
   * Every non-missing cell is a list of numbers of one length (an embedding): {@code [0.12, -0.5, 3e-2]} in a CSV
   * cell, a JSON array in JSONL, a Parquet list. Kept as a seeded sample of rows ({@link RowSample}).
   */
  VECTOR
}
