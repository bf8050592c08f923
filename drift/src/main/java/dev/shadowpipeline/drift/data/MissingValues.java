package dev.shadowpipeline.drift.data;

import java.util.Arrays;

/**
 * The rule for missing cells: empty (after trimming blanks), {@code NA}, {@code NaN}, {@code null}, {@code None} in
 * any letter case, and the rest of pandas' default {@code na_values} as pandas spells them: {@code #N/A} (what Excel
 * writes for a formula with no value), {@code N/A}, {@code n/a}, {@code #N/A N/A}, {@code #NA}, {@code <NA>},
 * {@code -NaN}, {@code -nan} and the C runtimes' {@code 1.#IND}, {@code -1.#IND}, {@code 1.#QNAN}, {@code -1.#QNAN}.
 * Without them one {@code #N/A} made a numeric column text, compared by the wrong test.
 */
final class MissingValues {

  // pandas 2.x and 3.x, pandas._libs.parsers.STR_NA_VALUES, less the five read in any case above
  private static final char[][] PANDAS_TOKENS = {
    "#N/A".toCharArray(),
    "#N/A N/A".toCharArray(),
    "#NA".toCharArray(),
    "N/A".toCharArray(),
    "n/a".toCharArray(),
    "<NA>".toCharArray(),
    "-NaN".toCharArray(),
    "-nan".toCharArray(),
    "1.#IND".toCharArray(),
    "-1.#IND".toCharArray(),
    "1.#QNAN".toCharArray(),
    "-1.#QNAN".toCharArray()
  };

  private MissingValues() {}

  /** Whether {@code len} chars of {@code buf} from {@code off} spell a missing value. */
  static boolean isMissing(char[] buf, int off, int len) {
    int start = off;
    int end = off + len;
    while (start < end && buf[start] <= ' ') {
      start++;
    }
    while (end > start && buf[end - 1] <= ' ') {
      end--;
    }
    int n = end - start;
    char first = n == 0 ? ' ' : buf[start];
    if ((first == '#'
            || first == 'N'
            || first == 'n'
            || first == '<'
            || first == '-'
            || first == '1')
        && pandasToken(buf, start, n)) {
      return true;
    }
    return switch (n) {
      case 0 -> true;
      case 2 -> lower(buf[start]) == 'n' && lower(buf[start + 1]) == 'a';
      case 3 ->
          lower(buf[start]) == 'n' && lower(buf[start + 1]) == 'a' && lower(buf[start + 2]) == 'n';
      case 4 ->
          (lower(buf[start]) == 'n'
                  && lower(buf[start + 1]) == 'u'
                  && lower(buf[start + 2]) == 'l'
                  && lower(buf[start + 3]) == 'l')
              || (lower(buf[start]) == 'n'
                  && lower(buf[start + 1]) == 'o'
                  && lower(buf[start + 2]) == 'n'
                  && lower(buf[start + 3]) == 'e');
      default -> false;
    };
  }

  private static boolean pandasToken(char[] buf, int start, int n) {
    for (char[] token : PANDAS_TOKENS) {
      if (token.length == n && Arrays.equals(buf, start, start + n, token, 0, n)) {
        return true;
      }
    }
    return false;
  }

  static boolean isMissing(String value) {
    return isMissing(value.toCharArray(), 0, value.length());
  }

  private static char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
  }
}
