package dev.shadowpipeline.drift.data;

import java.util.Objects;

/**
 * A numeric column: its finite values in file order.
 *
 * @param name the column's name
 * @param values finite values, in file order; owned by this record, not to be modified
 * @param missing missing and non-finite cells
 * @param integerLiterals whether every value was written as an integer ({@code 12}, not {@code 12.0}); with no
 *     missing cells this is what pandas reads as an int64 column, which Evidently types by its distinct count
 */
public record NumericColumn(String name, double[] values, long missing, boolean integerLiterals)
    implements RawColumn {

  public NumericColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(values, "values");
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
