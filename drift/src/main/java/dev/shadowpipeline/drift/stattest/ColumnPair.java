package dev.shadowpipeline.drift.stattest;

/**
 * The reference and current values of one column, cleaned of missing values, in the form a statistical test reads.
 *
 * <p>Numeric columns arrive as primitive arrays; categorical and text columns as counts over a shared list of
 * categories (texts); embedding columns as vectors.
 */
public sealed interface ColumnPair permits NumericPair, CategoricalPair, VectorPair {

  /** Non-missing reference values. */
  long referenceSize();

  /** Non-missing current values. */
  long currentSize();
}
