package dev.shadowpipeline.drift.engine;

/**
 * One side (reference or current) of one column: rows, missing values and their share.
 *
 * @param rows rows of the dataset (bad rows excluded)
 * @param missing cells without a value
 * @param missingShare {@code missing / rows}, 0 when there are no rows
 */
public record SideStats(long rows, long missing, double missingShare) {

  public SideStats {
    if (!(rows >= 0 && missing >= 0 && missing <= rows)) {
      throw new IllegalArgumentException(
          "need 0 <= missing <= rows: rows=" + rows + ", missing=" + missing);
    }
  }

  /** The side's stats from its row and missing counts. */
  public static SideStats of(long rows, long missing) {
    return new SideStats(rows, missing, rows == 0 ? 0 : (double) missing / rows);
  }

  /** Values present. */
  public long present() {
    return rows - missing;
  }
}
