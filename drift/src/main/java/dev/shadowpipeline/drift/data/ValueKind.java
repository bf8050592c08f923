package dev.shadowpipeline.drift.data;

/** How a column's cells are stored while reading: as numbers or as labels. */
public enum ValueKind {
  /** Every non-missing cell is a number; kept as {@code double}. */
  NUMBER,
  /** Cells are kept as text labels and counted. */
  LABEL
}
