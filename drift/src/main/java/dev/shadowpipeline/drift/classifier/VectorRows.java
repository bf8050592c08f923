package dev.shadowpipeline.drift.classifier;

import java.util.Objects;

/**
 * Vectors (embeddings) as rows for the {@link DomainClassifier}: one feature per dimension, standardized with the
 * training rows' mean and standard deviation (a constant dimension becomes 0), so that the regularization weighs every
 * dimension alike.
 */
public final class VectorRows implements DomainClassifier.Rows {

  private final float[][] reference;
  private final float[][] current;
  private final int dimension;

  /**
   * @param dimension every vector's length
   * @throws IllegalArgumentException when a vector has another length
   */
  public VectorRows(int dimension, float[][] reference, float[][] current) {
    this.reference = Objects.requireNonNull(reference, "reference");
    this.current = Objects.requireNonNull(current, "current");
    this.dimension = dimension;
    for (float[][] side : new float[][][] {reference, current}) {
      for (float[] v : side) {
        if (v.length != dimension) {
          throw new IllegalArgumentException(
              "vector of length " + v.length + ", expected " + dimension);
        }
      }
    }
  }

  @Override
  public int referenceRows() {
    return reference.length;
  }

  @Override
  public int currentRows() {
    return current.length;
  }

  private float[] row(int id) {
    return id < reference.length ? reference[id] : current[id - reference.length];
  }

  @Override
  public DomainClassifier.Encoding fit(int[] trainIds) {
    double[] mean = new double[dimension];
    double[] m2 = new double[dimension];
    long n = 0;
    for (int id : trainIds) { // Welford, per dimension
      float[] v = row(id);
      n++;
      for (int j = 0; j < dimension; j++) {
        double d = v[j] - mean[j];
        mean[j] += d / n;
        m2[j] += d * (v[j] - mean[j]);
      }
    }
    double[] scale = new double[dimension];
    for (int j = 0; j < dimension; j++) {
      double sd = n > 0 ? Math.sqrt(m2[j] / n) : 0;
      scale[j] = sd > 0 && Double.isFinite(sd) ? 1 / sd : 0;
    }
    return new DomainClassifier.Encoding() {
      @Override
      public SparseRows encode(int[] ids) {
        SparseRows.Builder b = new SparseRows.Builder(dimension);
        for (int id : ids) {
          float[] v = row(id);
          for (int j = 0; j < dimension; j++) {
            b.add(j, (v[j] - mean[j]) * scale[j]);
          }
          b.endRow();
        }
        return b.build();
      }

      @Override
      public int features() {
        return dimension;
      }

      @Override
      public String featureName(int feature) {
        return "dim " + feature;
      }
    };
  }
}
