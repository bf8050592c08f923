package dev.shadowpipeline.drift.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A seeded uniform sample of a dataset's rows with every read column's cell, row-aligned: what a check across
 * columns needs (multivariate drift), and where the vectors of an embedding column are kept. Readers draw it by
 * reservoir sampling as they read ({@link ReadOptions#rowSample()} rows at most), so it costs one pass and bounded
 * memory.
 *
 * @param rows sampled rows; every column holds this many cells
 * @param columns the sampled cells of each column, in the dataset's column order
 */
public record RowSample(int rows, List<Cells> columns) {

  /** No sample. */
  public static final RowSample NONE = new RowSample(0, List.of());

  /**
   * Checks that every column holds {@code rows} cells.
   *
   * @throws IllegalArgumentException when a column holds another number of cells
   */
  public RowSample {
    columns = List.copyOf(columns);
    for (Cells c : columns) {
      if (c.size() != rows) {
        throw new IllegalArgumentException(
            "column '" + c.name() + "' has " + c.size() + " sampled cells, expected " + rows);
      }
    }
  }

  /** One column's cells, if it was sampled. */
  public Optional<Cells> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** One column's sampled cells. */
  public sealed interface Cells permits Numbers, Labels, Vectors {
    /** The column. */
    String name();

    /** How many cells. */
    int size();
  }

  /**
   * Numbers; NaN where the cell was missing (or not finite).
   *
   * @param name the column
   * @param values one per sampled row
   */
  public record Numbers(String name, double[] values) implements Cells {
    public Numbers {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(values, "values");
    }

    @Override
    public int size() {
      return values.length;
    }
  }

  /**
   * Labels; null where the cell was missing.
   *
   * @param name the column
   * @param values one per sampled row
   */
  public record Labels(String name, String[] values) implements Cells {
    public Labels {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(values, "values");
    }

    @Override
    public int size() {
      return values.length;
    }
  }

  /**
   * Vectors; null where the cell was missing.
   *
   * @param name the column
   * @param dimension every vector's length
   * @param values one per sampled row
   */
  public record Vectors(String name, int dimension, float[][] values) implements Cells {
    public Vectors {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(values, "values");
    }

    @Override
    public int size() {
      return values.length;
    }
  }
}
