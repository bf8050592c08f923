package dev.shadowpipeline.drift.segment;

import java.util.Objects;

/**
 * How to split a drift check by segment.
 *
 * @param column the column whose value is the segment ({@code --segment-by})
 * @param maxSegments most segments compared one by one: the largest by reference rows; the others are compared
 *     together as "other" ({@code --max-segments}, default {@value #DEFAULT_MAX_SEGMENTS})
 * @param minRows a segment with fewer rows than this on either side is not tested: it is reported as too small, with
 *     its counts ({@code --min-segment-rows}, default {@value #DEFAULT_MIN_ROWS})
 */
public record SegmentOptions(String column, int maxSegments, long minRows) {

  /** Segments compared one by one unless told otherwise; more make an unreadable table. */
  public static final int DEFAULT_MAX_SEGMENTS = 20;

  /**
   * Rows a side needs for a segment to be tested. Below about 30 values a two-sample test has little power to see
   * anything but a gross shift, and the chi-square approximation behind the categorical tests fails for most columns;
   * a segment that small says more by its counts than by a p-value.
   */
  public static final long DEFAULT_MIN_ROWS = 30;

  public SegmentOptions {
    Objects.requireNonNull(column, "column");
    if (column.isBlank()) {
      throw new IllegalArgumentException("the segment column must be named");
    }
    if (!(maxSegments >= 1)) {
      throw new IllegalArgumentException("max segments must be >= 1: " + maxSegments);
    }
    if (!(minRows >= 1)) {
      throw new IllegalArgumentException("min segment rows must be >= 1: " + minRows);
    }
  }

  /** Split by {@code column} with the default bounds. */
  public static SegmentOptions of(String column) {
    return new SegmentOptions(column, DEFAULT_MAX_SEGMENTS, DEFAULT_MIN_ROWS);
  }
}
