package dev.shadowpipeline.drift.data;

import java.util.Arrays;

/**
 * Reads a vector written as a JSON array of numbers, {@code [0.12, -0.5, 3e-2]}, from a character slice (a CSV cell,
 * or a JSONL array the JSONL reader wrote back as text). Not thread-safe: one per reader.
 */
final class VectorText {

  private final NumberParser parser = new NumberParser();
  private float[] buffer = new float[64];
  private int length;
  private String problem;

  /** Whether the slice, blanks around it aside, starts with '[' and ends with ']'. */
  static boolean looksLikeVector(char[] buf, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && buf[i] <= ' ') {
      i++;
    }
    while (end > i && buf[end - 1] <= ' ') {
      end--;
    }
    return end - i >= 2 && buf[i] == '[' && buf[end - 1] == ']';
  }

  /**
   * Parses the slice; false (see {@link #problem()}) unless it is a non-empty list of finite numbers.
   *
   * <p>The numbers are kept as floats, the precision embeddings are stored in.
   */
  boolean parse(char[] buf, int off, int len) {
    problem = null;
    length = 0;
    if (!looksLikeVector(buf, off, len)) {
      problem = "not a list of numbers [a, b, ...]";
      return false;
    }
    int i = off;
    while (buf[i] != '[') {
      i++;
    }
    int end = off + len - 1;
    while (buf[end] != ']') {
      end--;
    }
    i++; // after '['
    if (blank(buf, i, end)) {
      problem = "an empty list";
      return false;
    }
    while (i <= end) {
      int next = i;
      while (next < end && buf[next] != ',') {
        next++;
      }
      if (!parser.parse(buf, i, next - i) || !Double.isFinite(parser.value())) {
        problem =
            "element "
                + (length + 1)
                + " (\""
                + new String(buf, i, next - i).strip()
                + "\") is not a finite number";
        return false;
      }
      if (length == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      buffer[length++] = (float) parser.value();
      i = next + 1;
    }
    return true;
  }

  private static boolean blank(char[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] > ' ') {
        return false;
      }
    }
    return true;
  }

  /** How many numbers the last successful parse read. */
  int length() {
    return length;
  }

  /** A copy of the last parsed vector. */
  float[] vector() {
    return Arrays.copyOf(buffer, length);
  }

  /** Why the last parse failed. */
  String problem() {
    return problem;
  }
}
