package dev.shadowpipeline.shadow.labels;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The text of a join key, a truth or a predicted label, the same whichever file or body it came from: a number is
 * written in its plain shortest form (JSON {@code 17}, {@code 17.0} and CSV {@code "17.0"} are all {@code 17}), a
 * boolean as {@code true}/{@code false}, a string as itself. This is how the label comparator writes labels into the
 * records, extended to numbers written as strings so that a CSV column and a JSON number meet.
 */
final class ScalarText {

  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

  private static final int MAX_SCALE = 400;

  private ScalarText() {}

  /** The text of a JSON scalar, or {@code null} for a missing node, null, an object or an array. */
  static String of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
      return null;
    }
    if (node.isTextual()) {
      return canonical(node.textValue());
    }
    if (node.isBoolean()) {
      return Boolean.toString(node.booleanValue());
    }
    if (node.isNumber()) {
      if (node.isFloatingPointNumber()
          && !node.isBigDecimal()
          && !Double.isFinite(node.doubleValue())) {
        return Double.toString(node.doubleValue());
      }
      return plain(node.decimalValue());
    }
    return null;
  }

  /** A text as written, except that a decimal number takes its plain shortest form. */
  static String canonical(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    if (t.length() <= 400 && NUMBER.matcher(t).matches()) {
      return plain(new BigDecimal(t));
    }
    return text;
  }

  private static String plain(BigDecimal d) {
    BigDecimal stripped = d.stripTrailingZeros();
    if (stripped.scale() < -MAX_SCALE || stripped.scale() > MAX_SCALE) {
      return stripped.toString(); // 1e999999999 in plain digits would be a gigabyte of zeros
    }
    return stripped.scale() <= 0 ? stripped.toBigInteger().toString() : stripped.toPlainString();
  }
}
