package dev.shadowpipeline.parquet;

import java.util.Locale;

/**
 * How each column type, as DuckDB reads it from Parquet, becomes a drift column. The drift engine then types numbers
 * and labels as Evidently does (integers with at most 10 distinct values are categorical, strings mostly distinct are
 * text).
 *
 * <table>
 *   <caption>Parquet → DuckDB → drift</caption>
 *   <tr><th>Parquet (physical / logical)</th><th>DuckDB</th><th>read as</th></tr>
 *   <tr><td>INT32, INT64 (INT(8..64, signed or not))</td><td>TINYINT … UBIGINT, HUGEINT</td>
 *       <td>numbers, integers; a 64-bit or wider column holding an integer no double holds (past 2^53) is flagged
 *       (an error in the engine), or read as its text when its type is set categorical or text</td></tr>
 *   <tr><td>FLOAT, DOUBLE, FLOAT16</td><td>FLOAT, DOUBLE</td><td>numbers (NaN and ±inf are missing)</td></tr>
 *   <tr><td>DECIMAL(p, s)</td><td>DECIMAL(p,s)</td><td>numbers (as double); integers when s = 0</td></tr>
 *   <tr><td>BOOLEAN</td><td>BOOLEAN</td><td>labels {@code true}/{@code false} (categorical)</td></tr>
 *   <tr><td>BYTE_ARRAY STRING/UTF8, ENUM, JSON, dictionary-encoded strings; UUID</td><td>VARCHAR, ENUM, UUID</td>
 *       <td>labels</td></tr>
 *   <tr><td>DATE, TIME, TIMESTAMP (with or without isAdjustedToUTC), INT96</td>
 *       <td>DATE, TIME, TIMESTAMP, TIMESTAMP WITH TIME ZONE</td>
 *       <td>skipped with a note, as Evidently keeps datetimes out of drift; {@code --column-type c=numeric} reads
 *       seconds since 1970-01-01 UTC, {@code c=categorical} the value as text</td></tr>
 *   <tr><td>BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY without a logical type</td><td>BLOB</td>
 *       <td>skipped with a note</td></tr>
 *   <tr><td>LIST or fixed-size list of FLOAT/DOUBLE</td><td>FLOAT[], DOUBLE[], FLOAT[n], DOUBLE[n]</td>
 *       <td>vectors (an embedding column) when every list has one length, else skipped with a note</td></tr>
 *   <tr><td>groups, other LISTs, MAP</td><td>STRUCT, X[], MAP</td><td>skipped with a note</td></tr>
 *   <tr><td>INTERVAL and anything else</td><td>INTERVAL, BIT, …</td>
 *       <td>refused: exit 2 naming the column (leave it out with {@code --exclude})</td></tr>
 * </table>
 */
public final class ParquetTypes {

  /** What a column type becomes. */
  public enum Mapping {
    /** Numbers written as integers: Evidently's int64, categorical when they have few distinct values. */
    INTEGER,
    /** Real numbers. */
    REAL,
    /** Text labels (strings, booleans, UUIDs). */
    LABEL,
    /** Dates, times, timestamps: skipped unless their column type is set. */
    DATETIME,
    /** Lists of real numbers: an embedding column, when every list has one length. */
    VECTOR,
    /** Structs, other lists and maps: skipped with a note. */
    NESTED,
    /** Raw bytes: skipped with a note. */
    BINARY,
    /** Nothing drift can do with it: the read is refused, naming the column. */
    UNSUPPORTED
  }

  private ParquetTypes() {}

  /**
   * Whether an integer type as DuckDB names it can hold values past 2^53, where a double no longer holds every integer:
   * 64-bit and wider integers, and decimals of scale 0 with 16 digits or more.
   */
  public static boolean mayPassDoubles(String duckDbType) {
    String t = duckDbType.strip().toUpperCase(Locale.ROOT);
    if (t.startsWith("DECIMAL(")) {
      int comma = t.indexOf(',');
      return comma > 0 && Integer.parseInt(t.substring("DECIMAL(".length(), comma).strip()) >= 16;
    }
    return t.equals("BIGINT") || t.equals("UBIGINT") || t.equals("HUGEINT") || t.equals("UHUGEINT");
  }

  /** The mapping of a type as DuckDB names it ({@code DESCRIBE}), e.g. {@code DECIMAL(18,2)} or {@code INTEGER[]}. */
  public static Mapping of(String duckDbType) {
    String t = duckDbType.strip().toUpperCase(Locale.ROOT);
    if (t.matches("(FLOAT|DOUBLE)\\[\\d*\\]")) {
      return Mapping.VECTOR;
    }
    if (t.endsWith("]") || t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION")) {
      return Mapping.NESTED;
    }
    if (t.startsWith("DECIMAL")) {
      return t.endsWith(",0)") ? Mapping.INTEGER : Mapping.REAL;
    }
    if (t.startsWith("ENUM")) {
      return Mapping.LABEL;
    }
    if (t.startsWith("TIMESTAMP") || t.startsWith("TIME") || t.equals("DATE")) {
      return Mapping.DATETIME;
    }
    return switch (t) {
      case "TINYINT",
          "SMALLINT",
          "INTEGER",
          "BIGINT",
          "HUGEINT",
          "UTINYINT",
          "USMALLINT",
          "UINTEGER",
          "UBIGINT",
          "UHUGEINT" ->
          Mapping.INTEGER;
      case "FLOAT", "DOUBLE" -> Mapping.REAL;
      case "BOOLEAN", "VARCHAR", "UUID", "JSON" -> Mapping.LABEL;
      case "BLOB" -> Mapping.BINARY;
      default -> Mapping.UNSUPPORTED;
    };
  }
}
