package dev.shadowpipeline.app.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes: a plain number, or with a unit — {@code KiB MiB GiB} (powers of 1024) or {@code KB MB GB} (powers of
 * 1000), as IEC 80000-13 defines them. {@code 10MiB} is 10485760 bytes. Messages print sizes with {@link
 * #format}.
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

  /**
   * A size for a message, in the largest binary unit it reaches so that it never reads as {@code 0 MiB}: {@code 1
   * byte}, {@code 1000 bytes}, {@code 1.5 KiB}, {@code 12 MiB}, {@code 2 GiB}. One decimal below 10 of the unit
   * (dropped when it is 0), whole units above; {@code 1023 bytes} stays in bytes.
   *
   * @throws IllegalArgumentException for a negative size
   */
  public static String format(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size is not negative: " + bytes);
    }
    if (bytes < 1024) {
      return bytes == 1 ? "1 byte" : bytes + " bytes";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10 - 1; // 2^(10(unit+1)) <= bytes
    double amount = bytes / Math.pow(1024, unit + 1); // from 1 to 1024
    String number =
        amount < 9.95
            ? String.format(Locale.ROOT, "%.1f", amount).replaceFirst("\\.0$", "")
            : String.valueOf(Math.round(amount));
    return number + " " + units[unit];
  }
}
