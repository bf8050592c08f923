package dev.shadowpipeline.drift.stattest;

import java.util.Objects;

/**
 * Vectors of an embedding column, all of one dimension: each side's vectors, or a seeded sample of them when the
 * reader kept a bounded number (see {@code dev.shadowpipeline.drift.data.VectorColumn}).
 *
 * @param dimension the length of every vector, at least 1
 * @param reference reference vectors; owned by the pair, not to be changed
 * @param current current vectors
 */
public record VectorPair(int dimension, float[][] reference, float[][] current)
    implements ColumnPair {

  /**
   * Checks the lengths.
   *
   * @throws IllegalArgumentException when a vector's length is not {@code dimension}
   */
  public VectorPair {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1: " + dimension);
    }
    check(reference, dimension, "reference");
    check(current, dimension, "current");
  }

  private static void check(float[][] vectors, int dimension, String side) {
    for (float[] v : vectors) {
      if (v.length != dimension) {
        throw new IllegalArgumentException(
            side + " vector of length " + v.length + ", expected " + dimension);
      }
    }
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
