package dev.shadowpipeline.drift.segment;

import java.util.List;
import java.util.Objects;

/**
 * The drift check split by segment.
 *
 * @param options how the rows were split
 * @param distinctValues segment values found in either dataset (a missing value counts as one)
 * @param segments the largest segments by reference rows, then "other" when there were more than
 *     {@link SegmentOptions#maxSegments()}
 */
public record SegmentedDrift(
    SegmentOptions options, int distinctValues, List<SegmentDrift> segments) {

  public SegmentedDrift {
    Objects.requireNonNull(options, "options");
    segments = List.copyOf(segments);
  }

  /** The segments that were tested and drifted, in order. */
  public List<SegmentDrift> drifted() {
    return segments.stream().filter(SegmentDrift::drift).toList();
  }

  /** Whether any segment drifted. */
  public boolean anyDrift() {
    return segments.stream().anyMatch(SegmentDrift::drift);
  }

  /** Segments without a verdict: one-sided, too small, or untestable. */
  public List<SegmentDrift> untested() {
    return segments.stream().filter(s -> !s.status().tested()).toList();
  }

  /** Segments with a verdict. */
  public long tested() {
    return segments.stream().filter(s -> s.status().tested()).count();
  }
}
