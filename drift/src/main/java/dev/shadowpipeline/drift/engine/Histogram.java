package dev.shadowpipeline.drift.engine;

import java.util.List;
import java.util.Objects;

/**
 * A small summary of a column's distribution on both sides, for reports: shares per bin of a numeric column
 * ({@link Bins}) or per category ({@link Categories}). Numbers and names only: reports decide how a bin reads. Its
 * size is bounded by the bin count, never by the row count.
 */
public sealed interface Histogram permits Histogram.Bins, Histogram.Categories {

  /** No bars: nothing to draw. */
  static Histogram empty() {
    // kept by Categories: made in Histogram's own initializer, two threads initializing both could
    // deadlock
    return Categories.EMPTY;
  }

  /** The share of reference values in each bar (sums to 1, or 0 when empty). */
  double[] reference();

  /** The share of current values in each bar. */
  double[] current();

  /** Number of bars. */
  default int bars() {
    return reference().length;
  }

  /** Whether there is nothing to draw. */
  default boolean isEmpty() {
    return bars() == 0;
  }

  /**
   * Equal-width bins of a numeric column over the smallest to the largest value of both sides ({@link
   * EqualWidthBins}); the largest value belongs to the last bin. A constant column has one bin whose edges are equal.
   *
   * @param edges {@code bars + 1} edges, ascending: bin i holds the values from {@code edges[i]} up to, not
   *     including, {@code edges[i + 1]}, the last bin also its upper edge (as {@code np.histogram} counts)
   * @param reference the share of reference values in each bin
   * @param current the share of current values in each bin
   */
  record Bins(double[] edges, double[] reference, double[] current) implements Histogram {

    public Bins {
      Objects.requireNonNull(edges, "edges");
      if (edges.length < 2) {
        throw new IllegalArgumentException(
            "a numeric histogram has at least one bin, two edges: " + edges.length);
      }
      checkShares(edges.length - 1, reference, current);
    }
  }

  /**
   * The most frequent categories, each with its own bar in the column's order, and the rest summed into one last bar.
   *
   * @param names the categories with a bar of their own
   * @param otherCategories how many categories the last bar sums; 0 when every category has its own bar (then there
   *     is no such bar)
   * @param reference the share of reference values in each bar
   * @param current the share of current values in each bar
   */
  record Categories(List<String> names, int otherCategories, double[] reference, double[] current)
      implements Histogram {

    private static final Categories EMPTY =
        new Categories(List.of(), 0, new double[0], new double[0]);

    public Categories {
      names = List.copyOf(names);
      if (otherCategories < 0) {
        throw new IllegalArgumentException("otherCategories must be >= 0: " + otherCategories);
      }
      checkShares(names.size() + (otherCategories > 0 ? 1 : 0), reference, current);
    }
  }

  private static void checkShares(int bars, double[] reference, double[] current) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    if (reference.length != bars || current.length != bars) {
      throw new IllegalArgumentException(
          "one share per bar on each side: "
              + bars
              + " bars, "
              + reference.length
              + " and "
              + current.length
              + " shares");
    }
  }
}
