package dev.shadowpipeline.drift.classifier;

import java.util.Arrays;

/**
 * Rows of features in compressed sparse row form: row {@code r} holds the features {@code index[start[r] ..
 * start[r+1])} with their values. Feature indices are 0-based, strictly increasing within a row, below
 * {@link #features()}. Immutable once built; build with {@link Builder}.
 */
public final class SparseRows {

  private final int features;
  private final int[] start;
  private final int[] index;
  private final double[] value;

  private SparseRows(int features, int[] start, int[] index, double[] value) {
    this.features = features;
    this.start = start;
    this.index = index;
    this.value = value;
  }

  /** How many rows. */
  public int rows() {
    return start.length - 1;
  }

  /** How many features (columns), the bound on every index. */
  public int features() {
    return features;
  }

  /** Number of stored (non-zero) entries of row {@code r}. */
  int size(int r) {
    return start[r + 1] - start[r];
  }

  int start(int r) {
    return start[r];
  }

  int index(int at) {
    return index[at];
  }

  double value(int at) {
    return value[at];
  }

  /** w &middot; row {@code r}, for {@code w} of at least {@link #features()} entries. */
  double dot(int r, double[] w) {
    double s = 0;
    for (int at = start[r]; at < start[r + 1]; at++) {
      s += w[index[at]] * value[at];
    }
    return s;
  }

  /**
   * Appends rows one at a time: {@link #add(int, double)} features in increasing index order, then {@link #endRow()}.
   * Zeros are skipped.
   */
  public static final class Builder {
    private final int features;
    private int[] start = new int[16];
    private int[] index = new int[64];
    private double[] value = new double[64];
    private int rows;
    private int size;
    private int lastIndex = -1;

    public Builder(int features) {
      if (features < 0) {
        throw new IllegalArgumentException("features must be >= 0: " + features);
      }
      this.features = features;
    }

    /**
     * Adds a feature to the current row.
     *
     * @throws IllegalArgumentException when the index is out of range or not above the row's previous one
     */
    public Builder add(int feature, double v) {
      if (!(feature > lastIndex && feature < features)) {
        throw new IllegalArgumentException(
            "feature indices must increase within a row and stay below "
                + features
                + ": "
                + feature
                + " after "
                + lastIndex);
      }
      lastIndex = feature;
      if (v == 0) {
        return this;
      }
      if (size == index.length) {
        index = Arrays.copyOf(index, size * 2);
        value = Arrays.copyOf(value, size * 2);
      }
      index[size] = feature;
      value[size] = v;
      size++;
      return this;
    }

    /** Ends the current row. */
    public Builder endRow() {
      if (rows + 2 > start.length) {
        start = Arrays.copyOf(start, start.length * 2);
      }
      rows++;
      start[rows] = size;
      lastIndex = -1;
      return this;
    }

    public SparseRows build() {
      return new SparseRows(
          features,
          Arrays.copyOf(start, rows + 1),
          Arrays.copyOf(index, size),
          Arrays.copyOf(value, size));
    }
  }
}
