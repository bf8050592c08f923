package dev.shadowpipeline.shadow.compare;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * Shared rules of the output comparators (label, score, ranking, text): when a pair can be compared at all, how an
 * output is found at a JSON Pointer, and how a missing output is reported.
 *
 * <p>The contract, so that no divergence is reported twice: an output comparator looks at a pair only when both sides
 * answered (no transport error), both with a 2xx status, and neither body was cut at the capture limit. Otherwise it
 * says nothing — no difference and no observation — and the {@link ErrorComparator} (or the {@link JsonComparator}'s
 * {@code not_compared}) speaks for the pair. When both are comparable and the output is absent or of the wrong type on
 * exactly one side, the comparator reports {@link DifferenceKind#OUTPUT_MISSING}; absent on both sides is no
 * difference (both answers agree there is nothing there).
 */
final class Outputs {

  private Outputs() {}

  /** Whether both answers are complete 2xx answers whose outputs can be compared. */
  static boolean comparable(Answer primary, Answer shadow) {
    return answered2xx(primary) && answered2xx(shadow);
  }

  private static boolean answered2xx(Answer a) {
    return a.error() == null && a.status() >= 200 && a.status() <= 299 && !a.body().truncated();
  }

  /**
   * Parses a JSON Pointer from configuration.
   *
   * @param what the configuration key, for the message
   * @throws IllegalArgumentException naming the pointer when it is not a valid JSON Pointer
   */
  static JsonPointer pointer(String what, String pointer) {
    Objects.requireNonNull(pointer, what);
    try {
      return JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          what + " must be a JSON Pointer such as /output/label: '" + pointer + "'");
    }
  }

  /** The node at {@code pointer} in the answer's JSON, or {@code null} when the body is not JSON or has no such node. */
  static JsonNode at(Answer a, JsonPointer pointer) {
    return at(a.json(), pointer);
  }

  /** The node at {@code pointer}, or {@code null} when {@code root} is {@code null} or has no such node. */
  static JsonNode at(JsonNode root, JsonPointer pointer) {
    if (root == null) {
      return null;
    }
    JsonNode node = root.at(pointer);
    return node.isMissingNode() ? null : node;
  }

  /**
   * A scalar as label text: strings as they are, booleans as {@code true}/{@code false}, numbers in a canonical form so
   * that {@code 1}, {@code 1.0} and {@code 1e0} are the same label ({@code 1}). Anything else (object, array, null,
   * absent) gives {@code null}.
   */
  static String scalarText(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return Boolean.toString(node.booleanValue());
    }
    if (node.isNumber()) {
      if (node.isIntegralNumber()) {
        return node.bigIntegerValue().toString();
      }
      if (node.isFloatingPointNumber()
          && !Double.isFinite(node.doubleValue())
          && !node.isBigDecimal()) {
        return Double.toString(node.doubleValue());
      }
      BigDecimal d = node.decimalValue().stripTrailingZeros();
      return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
    }
    return null;
  }

  /** How a side's output is described in an {@code output_missing} reason. */
  static String describe(JsonNode node) {
    if (node == null) {
      return "absent";
    }
    return "a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * An {@code output_missing} difference: the side(s) whose output is absent or wrong-typed, with what is there.
   *
   * @param expected what the output should be, e.g. {@code a string, number or boolean}
   */
  static Difference missing(
      String path,
      JsonNode primary,
      boolean primaryOk,
      JsonNode shadow,
      boolean shadowOk,
      String expected) {
    String side = primaryOk ? "shadow" : "primary";
    JsonNode bad = primaryOk ? shadow : primary;
    String reason =
        side + " output at '" + path + "' is " + describe(bad) + ", expected " + expected;
    return new Difference(
        DifferenceKind.OUTPUT_MISSING,
        path,
        primary,
        shadow,
        DifferenceKind.OUTPUT_MISSING.defaultSeverity(),
        reason);
  }

  /** A text node, or {@code null} for {@code null}. */
  static JsonNode text(String s) {
    return s == null ? null : TextNode.valueOf(s);
  }

  /** Formats a measurement for a reason: up to 4 decimals, no trailing zeros. */
  static String fmt(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    BigDecimal d =
        BigDecimal.valueOf(v).setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }

  /** Formats a value for a reason with 6 significant digits, so that small score deltas do not print as 0. */
  static String fmtSignificant(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    BigDecimal d = BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }

  /** Checks a severity from configuration. */
  static Severity severity(String what, Severity s) {
    return Objects.requireNonNull(s, what + " must be info, warning or critical, not null");
  }

  /** Checks a threshold in [0, 1], NaN-proof. */
  static double unitInterval(String what, double v) {
    if (!(v >= 0 && v <= 1)) { // outside, or NaN
      throw new IllegalArgumentException(what + " must be between 0 and 1: " + v);
    }
    return v;
  }
}
