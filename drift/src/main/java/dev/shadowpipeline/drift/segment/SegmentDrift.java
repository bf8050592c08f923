package dev.shadowpipeline.drift.segment;

import dev.shadowpipeline.drift.engine.DriftResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What the drift check found in one segment.
 *
 * @param value the segment's value; null for the rows with no value in the segment column, and for "other"
 * @param other whether this is the group of the segments beyond {@link SegmentOptions#maxSegments()}
 * @param values how many segment values it holds: 1, or the number grouped as "other"
 * @param examples for "other", the first of its values (bounded; null stands for a missing value); else empty
 * @param referenceRows the segment's rows in the reference
 * @param currentRows its rows in the current data
 * @param status whether it was tested
 * @param detail why it was not tested, or empty
 * @param result the drift check of the segment's rows; null unless they were compared ({@link SegmentStatus#OK},
 *     {@link SegmentStatus#INCOMPLETE}, {@link SegmentStatus#UNTESTABLE})
 */
public record SegmentDrift(
    String value,
    boolean other,
    int values,
    List<String> examples,
    long referenceRows,
    long currentRows,
    SegmentStatus status,
    String detail,
    DriftResult result) {

  public SegmentDrift {
    // a copy that keeps nulls: null stands for the missing value
    examples = Collections.unmodifiableList(new ArrayList<>(examples));
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    boolean compared = status.tested() || status == SegmentStatus.UNTESTABLE;
    if (compared != (result != null)) {
      throw new IllegalArgumentException(
          "a result is required exactly when the segment was compared: " + status);
    }
    if (other ? value != null : values != 1) {
      throw new IllegalArgumentException(
          "one value per segment, several (and no value of its own) for other: value="
              + value
              + ", values="
              + values);
    }
    if (!(referenceRows >= 0 && currentRows >= 0)) {
      throw new IllegalArgumentException(
          "rows must be >= 0: " + referenceRows + ", " + currentRows);
    }
  }

  /** Whether this is the segment of rows with no value in the segment column. */
  public boolean missingValue() {
    return !other && value == null;
  }

  /** How reports name it: the value, {@code (missing)}, or {@code other (12 values)}. */
  public String label() {
    if (other) {
      return "other (" + values + " value" + (values == 1 ? "" : "s") + ")";
    }
    return value == null ? "(missing)" : value;
  }

  /** Whether the segment was tested and drifted; false for an untested segment, which means unknown. */
  public boolean drift() {
    return status.tested() && result.drift();
  }
}
