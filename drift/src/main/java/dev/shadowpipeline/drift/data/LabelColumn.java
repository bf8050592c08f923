package dev.shadowpipeline.drift.data;

import java.util.List;
import java.util.Objects;

/**
 * A column of text labels, as counts per distinct label.
 *
 * @param name the column's name
 * @param labels distinct labels in natural string order
 * @param counts how often each label occurs ({@code counts[i]} for {@code labels.get(i)})
 * @param missing missing cells
 */
public record LabelColumn(String name, List<String> labels, long[] counts, long missing)
    implements RawColumn {

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
