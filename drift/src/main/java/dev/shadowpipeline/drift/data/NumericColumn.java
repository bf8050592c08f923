package dev.shadowpipeline.drift.data;

import java.util.Objects;
import java.util.Optional;

/**
 * A numeric column: its finite values in file order.
 *
 * @param name the column's name
 * @param values finite values, in file order; owned by this record, not to be modified
 * @param missing missing and non-finite cells
 * @param integerLiterals whether every value was written as an integer ({@code 12}, not {@code 12.0}); with no
 *     missing cells this is what pandas reads as an int64 column, which Evidently types by its distinct count
 * @param inexactInteger the first integer in the column that no double holds, with where it was ({@code
 *     9007199254740993 at line 12}), when there is one: past 2^53 distinct integers become one double, so the values
 *     do not tell such a column's rows apart and it cannot be compared as numbers
 */
public record NumericColumn(
    String name,
    double[] values,
    long missing,
    boolean integerLiterals,
    Optional<String> inexactInteger)
    implements RawColumn {

  /** A column whose every value is exact as a double. */
  public NumericColumn(String name, double[] values, long missing, boolean integerLiterals) {
    this(name, values, missing, integerLiterals, Optional.empty());
  }

  public NumericColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(inexactInteger, "inexactInteger");
    if (!(missing >= 0)) {
      throw new IllegalArgumentException("missing must be >= 0: " + missing);
    }
  }

  @Override
  public long present() {
    return values.length;
  }

  @Override
  public ValueKind kind() {
    return ValueKind.NUMBER;
  }
}
