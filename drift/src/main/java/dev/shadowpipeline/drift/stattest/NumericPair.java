package dev.shadowpipeline.drift.stattest;

import java.util.Objects;

/**
 * Finite values of a numeric column: no NaN, no infinities (the engine removes them as missing).
 *
 * <p>The arrays are owned by the pair and must not be changed afterwards; tests that need sorted data sort copies.
 *
 * @param reference reference values, in any order
 * @param current current values, in any order
 */
public record NumericPair(double[] reference, double[] current) implements ColumnPair {

  public NumericPair {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
  }

  @Override
  public long referenceSize() {
    return reference.length;
  }

  @Override
  public long currentSize() {
    return current.length;
  }
}
