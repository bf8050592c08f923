package dev.shadowpipeline.drift.engine;

import java.util.List;
import java.util.Objects;

/**
 * A small summary of a column's distribution on both sides, for reports: shares per bin (numeric) or per category.
 * Its size is bounded by the bin count, never by the row count.
 *
 * @param labels one label per bin, e.g. {@code 25.0 – 30.0} or a category
 * @param reference the share of reference values in each bin (sums to 1, or 0 when empty)
 * @param current the share of current values in each bin
 */
public record Histogram(List<String> labels, double[] reference, double[] current) {

  /** No bins: nothing to draw. */
  public static final Histogram EMPTY = new Histogram(List.of(), new double[0], new double[0]);

  public Histogram {
    labels = List.copyOf(labels);
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    if (reference.length != labels.size() || current.length != labels.size()) {
      throw new IllegalArgumentException("one share per bin on each side: " + labels.size() + " bins, "
          + reference.length + " and " + current.length + " shares");
    }
  }
}
