package dev.shadowpipeline.drift.data;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of a segment column as small integer codes, in order of first appearance, while a dataset is read: rows
 * then carry a code ({@code int}) instead of a string. A missing value is a segment of its own (its value is null).
 *
 * <p>Bounded: a segment column is meant for a few groups (region, channel, device), not for an id. After
 * {@link #MAX_VALUES} distinct values, further new values all share one overflow code, no more strings are kept, and
 * {@link #overflowed()} says so; the reader then refuses the dataset with a message naming the column.
 */
public final class SegmentKeys {

  /** Most distinct values a segment column may have in one dataset. */
  public static final int MAX_VALUES = 10_000;

  private final Map<String, Integer> codes = new HashMap<>();
  private final List<String> values = new ArrayList<>();
  private int missingCode = -1;
  private int overflowCode = -1;

  /** The code of a value; null stands for a missing value. */
  public int code(String value) {
    if (value == null) {
      if (missingCode < 0) {
        missingCode = add(null);
      }
      return missingCode;
    }
    Integer known = codes.get(value);
    if (known != null) {
      return known;
    }
    if (values.size() >= MAX_VALUES) {
      if (overflowCode < 0) {
        overflowCode = values.size();
        values.add(null);
      }
      return overflowCode;
    }
    int code = add(value);
    codes.put(value, code);
    return code;
  }

  private int add(String value) {
    values.add(value);
    return values.size() - 1;
  }

  /** Whether more than {@link #MAX_VALUES} distinct values were seen (the codes are then not all meaningful). */
  public boolean overflowed() {
    return overflowCode >= 0;
  }

  /** The values by code (null for the missing value), as many as codes were handed out. */
  public List<String> values() {
    return Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** Why a dataset cannot be split: it has no segment column. Both readers say it alike. */
  public static String noColumn(String column) {
    return "no column '" + column + "' to split the rows by (segment-by)";
  }

  /** Why a dataset cannot be split: its segment column has more than {@link #MAX_VALUES} values. */
  public static String tooManyValues(String column) {
    return "the segment column '"
        + column
        + "' has more than "
        + MAX_VALUES
        + " distinct values; segment by a column with a few groups (region, channel), not an id";
  }

  /**
   * The segment a number stands for, e.g. {@code 3} for 3.0 or {@code 0.25}: the same text whether the file wrote
   * {@code 3} or {@code 3.0}, and as {@code DriftEngine.categoryName} names a number, so that a numeric segment column
   * reads alike from CSV and Parquet. Non-finite numbers are missing values (null), as everywhere in drift.
   */
  public static String numberKey(double v) {
    if (!Double.isFinite(v)) {
      return null;
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    double magnitude = Math.abs(v);
    if (magnitude >= 1e15 || magnitude < 1e-6) {
      return Double.toString(v);
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
