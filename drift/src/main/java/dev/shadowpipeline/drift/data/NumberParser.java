package dev.shadowpipeline.drift.data;

import java.math.BigDecimal;

/**
 * Parses decimal numbers straight from a character buffer, without making a {@code String} per cell.
 *
 * <p>The common case — an optional sign, up to 15 significant digits and an optional fraction of at most 22 digits,
 * no exponent — is computed as {@code mantissa / 10^fractionDigits}: both operands are exact doubles, so the one IEEE
 * division is correctly rounded, the same double {@link Double#parseDouble} gives (Clinger's fast path). Everything
 * else (exponents, long mantissas, {@code inf}) falls back to {@link Double#parseDouble}. Not thread-safe: one parser
 * per reader.
 *
 * <p>With a decimal comma ({@link ReadOptions#decimalComma()}) a comma is a decimal mark as a point is, so that
 * {@code 1,5} is 1.5; a value with both ({@code 1.234,5}, a thousands separator) stays text, as pandas leaves it.
 */
final class NumberParser {

  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private static final long MAX_EXACT = 1L << 53;

  private final boolean decimalComma;
  private double value;
  private boolean integral;
  private boolean integerLiteral;
  private boolean inexactInteger;

  /** A parser of numbers written with a decimal point. */
  NumberParser() {
    this(false);
  }

  /** A parser that also takes a comma for the decimal mark when {@code decimalComma}. */
  NumberParser(boolean decimalComma) {
    this.decimalComma = decimalComma;
  }

  /** The value of the last successful {@link #parse}. */
  double value() {
    return value;
  }

  /** Whether the last parsed text was an integer literal (no decimal point, no exponent): pandas' int64. */
  boolean integral() {
    return integral;
  }

  /**
   * Whether the last parsed text was an integer literal of any length: a sign and digits, no point, no exponent.
   * Unlike {@link #integral()} it includes literals past a long ({@code 18446744073709551616}).
   */
  boolean integerLiteral() {
    return integerLiteral;
  }

  /**
   * Whether the last parsed text was an integer literal that no double holds: beyond 2^53 and changed by rounding, as
   * {@code 9007199254740993} is to {@code 9007199254740992}. Two such values may then be one double, so a column that
   * holds one cannot be compared exactly as numbers. An integer a double holds ({@code 9007199254740992},
   * {@code 18014398509481984}) or a number written with a point or an exponent ({@code 1e20}) is not one.
   */
  boolean inexactInteger() {
    return inexactInteger;
  }

  /** Parses the slice; false when it is not a number. Surrounding blanks are ignored. */
  boolean parse(char[] buf, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && buf[i] <= ' ') {
      i++;
    }
    while (end > i && buf[end - 1] <= ' ') {
      end--;
    }
    if (i == end) {
      return false;
    }
    int start = i;
    boolean negative = false;
    if (buf[i] == '-' || buf[i] == '+') {
      negative = buf[i] == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = -1; // digits after the point; -1: no point seen
    boolean fast = true;
    for (; i < end; i++) {
      char c = buf[i];
      if (c >= '0' && c <= '9') {
        digits++;
        if (mantissa < MAX_EXACT / 10) {
          mantissa = mantissa * 10 + (c - '0');
        } else {
          fast = false;
        }
        if (fraction >= 0) {
          fraction++;
        }
      } else if ((c == '.' || (decimalComma && c == ',')) && fraction < 0) {
        fraction = 0;
      } else {
        fast = false;
        break;
      }
    }
    if (fast && digits > 0 && mantissa < MAX_EXACT && fraction <= 22) {
      double v = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
      value = negative ? -v : v;
      integral = fraction < 0;
      integerLiteral = integral;
      inexactInteger = false; // below 2^53: exact
      return true;
    }
    return slow(buf, start, end);
  }

  private boolean slow(char[] buf, int start, int end) {
    boolean hasDigit = false;
    boolean integer = true;
    int marks = 0;
    for (int i = start; i < end; i++) {
      char c = buf[i];
      if (c >= '0' && c <= '9') {
        hasDigit = true;
      } else if (c == '.' || (decimalComma && c == ',')) {
        integer = false;
        marks++;
      } else if (c == 'e' || c == 'E') {
        integer = false;
      } else if (!(c == '+' || c == '-')) {
        return infinity(buf, start, end);
      }
    }
    if (!hasDigit || (decimalComma && marks > 1)) {
      return false;
    }
    String text = new String(buf, start, end - start);
    try {
      value = Double.parseDouble(decimalComma ? text.replace(',', '.') : text);
    } catch (NumberFormatException e) {
      return false;
    }
    // an integer literal too long for a long is no int64 for pandas either
    integral = integer && end - start <= 18;
    integerLiteral = integer;
    // only integers at 2^53 and past can be rounded, so ordinary numbers skip the exact check
    inexactInteger = integer && Math.abs(value) >= MAX_EXACT && !holdsExactly(buf, start, end);
    return true;
  }

  /** Whether {@link #value} is exactly the integer literal in the slice (a sign, then digits). */
  private boolean holdsExactly(char[] buf, int start, int end) {
    if (Math.abs(value) < 0x1p63) {
      // the double's integer value fits a long; the literal's digits, read with overflow checks,
      // must match it
      long exact = (long) Math.abs(value);
      long digits = 0;
      for (int i = start; i < end; i++) {
        char c = buf[i];
        if (c >= '0' && c <= '9') {
          if (digits > (Long.MAX_VALUE - (c - '0')) / 10) {
            return false; // past a long, so past the double too
          }
          digits = digits * 10 + (c - '0');
        }
      }
      return digits == exact;
    }
    return new BigDecimal(value).compareTo(new BigDecimal(new String(buf, start, end - start)))
        == 0;
  }

  // "inf", "-Infinity": numbers, though not finite; the reader counts them as missing as Evidently
  // drops them
  private boolean infinity(char[] buf, int start, int end) {
    int i = start;
    boolean negative = false;
    if (buf[i] == '-' || buf[i] == '+') {
      negative = buf[i] == '-';
      i++;
    }
    String word = new String(buf, i, end - i);
    if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
      value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      integral = false;
      integerLiteral = false;
      inexactInteger = false;
      return true;
    }
    return false;
  }
}
