package dev.shadowpipeline.app.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes: a plain number, or with a unit — {@code KiB MiB GiB} (powers of 1024) or {@code KB MB GB} (powers of
 * 1000), as IEC 80000-13 defines them. {@code 10MiB} is 10485760 bytes.
 */
public final class ByteSizes {

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]i?b|b)?");

  private ByteSizes() {}

  /**
   * Parses a size.
   *
   * @throws IllegalArgumentException saying how to write one when {@code value} is not a size
   */
  public static long parse(String value) {
    Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a size (write e.g. 1048576, 512KiB, 10MiB, 1GB)");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    double factor =
        switch (unit) {
          case "kib" -> 1L << 10;
          case "mib" -> 1L << 20;
          case "gib" -> 1L << 30;
          case "kb" -> 1e3;
          case "mb" -> 1e6;
          case "gb" -> 1e9;
          default -> 1;
        };
    double bytes = amount * factor;
    if (bytes > Long.MAX_VALUE / 2.0) {
      throw new IllegalArgumentException("'" + value + "' is too large");
    }
    return Math.round(bytes);
  }
}
