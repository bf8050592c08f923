package dev.shadowpipeline.drift.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A column of text labels, as counts per distinct label, and optionally the order of its rows.
 *
 * @param name the column's name
 * @param labels distinct labels in natural string order
 * @param counts how often each label occurs ({@code counts[i]} for {@code labels.get(i)})
 * @param missing missing cells
 * @param rowLabels each present cell's label (its index in {@code labels}) in file order, when the reader was asked to
 *     keep it ({@link ReadOptions#keepLabelOrder()}): four bytes per row, for the one test whose result depends on
 *     the order of the rows ({@code tvd})
 */
public record LabelColumn(
    String name, List<String> labels, long[] counts, long missing, Optional<int[]> rowLabels)
    implements RawColumn {

  /** Labels counted without their order. */
  public LabelColumn(String name, List<String> labels, long[] counts, long missing) {
    this(name, labels, counts, missing, Optional.empty());
  }

  /**
   * Checks one count per label, a non-negative missing count, and that the row order, when given, names labels only.
   *
   * @throws IllegalArgumentException when they do not hold
   */
  public LabelColumn {
    Objects.requireNonNull(name, "name");
    labels = List.copyOf(labels);
    Objects.requireNonNull(counts, "counts");
    if (counts.length != labels.size()) {
      throw new IllegalArgumentException(
          "one count per label: " + labels.size() + " labels, " + counts.length + " counts");
    }
    if (!(missing >= 0)) {
      throw new IllegalArgumentException("missing must be >= 0: " + missing);
    }
    Objects.requireNonNull(rowLabels, "rowLabels");
    if (rowLabels.isPresent()) {
      for (int index : rowLabels.get()) {
        if (index < 0 || index >= labels.size()) {
          throw new IllegalArgumentException(
              "row order names label " + index + " of " + labels.size());
        }
      }
    }
  }

  @Override
  public long present() {
    long sum = 0;
    for (long c : counts) {
      sum += c;
    }
    return sum;
  }

  @Override
  public ValueKind kind() {
    return ValueKind.LABEL;
  }

  /** Whether every label is {@code true} or {@code false} (any case): pandas' bool, categorical for Evidently. */
  public boolean booleanLabels() {
    if (labels.isEmpty()) {
      return false;
    }
    for (String label : labels) {
      if (!label.equalsIgnoreCase("true") && !label.equalsIgnoreCase("false")) {
        return false;
      }
    }
    return true;
  }
}
