package dev.shadowpipeline.spark.job;

import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * How a Spark column's values are read, from its SQL type: the local reader's distinction between numbers written as
 * integers, other numbers, booleans and text. Dates and timestamps are read as their text; nested and binary columns
 * are not read at all.
 */
enum SourceKind {
  /** Byte, short, int, long: pandas' int64, typed by its distinct count. */
  INTEGER,
  /** Float, double, decimal. */
  FLOAT,
  /** Boolean: categorical. */
  BOOLEAN,
  /** String, date, timestamp: labels. */
  TEXT,
  /** Binary, struct, array, map: skipped with a note. */
  UNSUPPORTED;

  static SourceKind of(DataType type) {
    if (type instanceof ByteType
        || type instanceof ShortType
        || type instanceof IntegerType
        || type instanceof LongType) {
      return INTEGER;
    }
    if (type instanceof FloatType || type instanceof DoubleType || type instanceof DecimalType) {
      return FLOAT;
    }
    if (type instanceof BooleanType) {
      return BOOLEAN;
    }
    if (type instanceof StringType
        || type instanceof DateType
        || type instanceof TimestampType
        || type instanceof TimestampNTZType) {
      return TEXT;
    }
    return UNSUPPORTED;
  }

  /**
   * Whether a column of this SQL type can hold integers that a double changes (past 2^53): 64-bit integers and
   * decimals of scale 0 with 16 digits or more, as the local Parquet reader decides it.
   */
  static boolean mayPassDoubles(DataType type) {
    return type instanceof LongType
        || (type instanceof DecimalType d && d.scale() == 0 && d.precision() >= 16);
  }

  boolean numeric() {
    return this == INTEGER || this == FLOAT;
  }

  /**
   * Whether a cell is missing, as the local reader decides it: null; for numbers also NaN and the infinities
   * (Evidently drops them); for text the tokens pandas reads as missing (empty, NA, NaN, null, None in any case).
   */
  Column missing(Column c) {
    return switch (this) {
      case FLOAT -> {
        Column d = c.cast("double");
        yield d.isNull()
            .or(functions.isnan(d))
            .or(d.equalTo(functions.lit(Double.POSITIVE_INFINITY)))
            .or(d.equalTo(functions.lit(Double.NEGATIVE_INFINITY)));
      }
      case TEXT -> {
        Column t = functions.lower(functions.regexp_replace(c.cast("string"), BLANK_EDGES, ""));
        yield c.isNull().or(t.isin("", "na", "nan", "null", "none"));
      }
      default -> c.isNull();
    };
  }

  /** The kind's name in messages. */
  String describe() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Characters the local reader trims around a cell (at or below the space). */
  private static final String BLANK_EDGES = "^[\\x00-\\x20]+|[\\x00-\\x20]+$";
}
