package dev.shadowpipeline.drift.stattest;

import java.util.List;
import java.util.Objects;

/**
 * Counts of each category in the reference and current data, over the union of categories seen in either.
 *
 * @param categories the category labels, in a stable order (index i labels {@code reference[i]} and {@code current[i]})
 * @param reference how often each category occurs in the reference
 * @param current how often each category occurs in the current data
 */
public record CategoricalPair(List<String> categories, long[] reference, long[] current)
    implements ColumnPair {

  public CategoricalPair {
    categories = List.copyOf(categories);
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
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
}
