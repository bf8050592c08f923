package dev.shadowpipeline.drift.data;

import java.math.BigInteger;
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
   * The segment a number stands for, named as {@link NumberNames#of} names it as a category ({@code 3} for 3.0,
   * {@code 0.25}, {@code 9007199254740992}), so that a numeric segment column reads alike from CSV and Parquet.
   * Non-finite numbers are missing values (null), as everywhere in drift.
   */
  public static String numberKey(double v) {
    return Double.isFinite(v) ? NumberNames.of(v) : null;
  }

  /**
   * The segment an integer literal past 2<sup>53</sup> stands for ({@code 9007199254740993},
   * {@code 18446744073709551616}): its exact digits, without a plus sign or leading zeros, as pandas' {@code groupby}
   * tells such values apart and as Parquet's wide integers are named. Rounded to a double, neighbours past
   * 2<sup>53</sup> would be one segment.
   *
   * @param literal a sign and digits, blanks around allowed
   */
  public static String integerKey(String literal) {
    return new BigInteger(literal.strip()).toString();
  }
}
