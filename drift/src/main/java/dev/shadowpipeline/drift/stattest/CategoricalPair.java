package dev.shadowpipeline.drift.stattest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts of each category in the reference and current data, over the union of categories seen in either, and
 * optionally the order of the rows.
 *
 * @param categories the category labels, in a stable order (index i labels {@code reference[i]} and {@code current[i]})
 * @param reference how often each category occurs in the reference
 * @param current how often each category occurs in the current data
 * @param rows each value's category in row order, when the reader kept it: only a test whose result depends on the
 *     order of the rows needs it ({@code tvd}, whose permutations are drawn over the rows as Evidently draws them)
 */
public record CategoricalPair(
    List<String> categories, long[] reference, long[] current, Optional<RowOrder> rows)
    implements ColumnPair {

  /**
   * Checks that there is one count per category, and that the row order, when given, holds exactly those counts.
   *
   * @throws IllegalArgumentException when the counts or the row order do not match the categories
   */
  public CategoricalPair {
    categories = List.copyOf(categories);
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(rows, "rows");
    if (reference.length != categories.size() || current.length != categories.size()) {
      throw new IllegalArgumentException(
          "counts must have one entry per category: "
              + categories.size()
              + " categories, "
              + reference.length
              + " reference and "
              + current.length
              + " current counts");
    }
    rows.ifPresent(
        order -> {
          order.check("reference", reference);
          order.check("current", current);
        });
  }

  /** Counts without the order of the rows. */
  public CategoricalPair(List<String> categories, long[] reference, long[] current) {
    this(categories, reference, current, Optional.empty());
  }

  /** The same counts with the order of the rows. */
  public CategoricalPair withRows(RowOrder order) {
    return new CategoricalPair(categories, reference, current, Optional.of(order));
  }

  @Override
  public long referenceSize() {
    long sum = 0;
    for (long c : reference) {
      sum += c;
    }
    return sum;
  }

  @Override
  public long currentSize() {
    long sum = 0;
    for (long c : current) {
      sum += c;
    }
    return sum;
  }

  /**
   * The category (its index in {@link #categories}) of each non-missing value, in the order of the rows in the files.
   *
   * @param reference the reference's values, in file order
   * @param current the current data's values, in file order
   */
  public record RowOrder(int[] reference, int[] current) {

    public RowOrder {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(current, "current");
    }

    /** Throws unless {@code counts} are exactly the counts of the categories in this side's rows. */
    private void check(String side, long[] counts) {
      int[] codes = side.equals("reference") ? reference : current;
      long[] seen = new long[counts.length];
      for (int code : codes) {
        if (code < 0 || code >= counts.length) {
          throw new IllegalArgumentException(
              side + " row order names category " + code + " of " + counts.length);
        }
        seen[code]++;
      }
      if (!java.util.Arrays.equals(seen, counts)) {
        throw new IllegalArgumentException(
            side + " row order does not hold the " + side + " counts");
      }
    }
  }
}
