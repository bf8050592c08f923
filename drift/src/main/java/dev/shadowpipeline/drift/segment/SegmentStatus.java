package dev.shadowpipeline.drift.segment;

import java.util.Locale;

/** Whether a segment could be tested, and if not, why. Only {@link #OK} and {@link #INCOMPLETE} carry a verdict. */
public enum SegmentStatus {
  /** Tested: every column of the segment was judged. */
  OK,
  /** Tested, but some column could not be judged within the segment (the segment's result lists why). */
  INCOMPLETE,
  /** Compared, but no column could be judged (e.g. every value missing in the segment): no verdict. */
  UNTESTABLE,
  /** The reference has rows of this segment, the current data none: no verdict. */
  ONLY_IN_REFERENCE,
  /** The current data has rows of this segment, the reference none: no verdict. */
  ONLY_IN_CURRENT,
  /** Rows on both sides, but fewer than the minimum on one: no verdict. */
  TOO_SMALL;

  /** The status as JSON and the report write it: {@code ok}, {@code only_in_current}, {@code too_small}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the segment has a drift verdict. */
  public boolean tested() {
    return this == OK || this == INCOMPLETE;
  }
}
