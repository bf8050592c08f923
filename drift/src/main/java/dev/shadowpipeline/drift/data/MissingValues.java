package dev.shadowpipeline.drift.data;

/**
 * The rule for missing cells: empty (after trimming blanks), or {@code NA}, {@code NaN}, {@code null}, {@code None} in
 * any letter case — the tokens pandas reads as missing that people actually write.
 */
final class MissingValues {

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

  static boolean isMissing(String value) {
    return isMissing(value.toCharArray(), 0, value.length());
  }

  private static char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
  }
}
