package dev.shadowpipeline.shadow.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.shadowpipeline.shadow.exchange.BodyDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares two answers as an API client would see them: the status, then the bodies — structurally when both are
 * JSON (numbers within a tolerance, some fields ignored), byte for byte otherwise. Transport errors on either side
 * are differences of their own kind.
 */
public final class JsonComparator implements ResponseComparator {

  /** Differences listed per verdict; more are counted but not listed, so one huge diff cannot bloat a record. */
  public static final int DEFAULT_MAX_LISTED = 20;

  private final NumericTolerance tolerance;
  private final List<JsonPointerPattern> ignored;
  private final int maxListed;
  private final boolean reportsErrors;

  /**
   * @param tolerance when two numbers are equal
   * @param ignored fields left out of the comparison, with everything under them
   * @param maxListed how many differences a verdict lists (all are counted)
   */
  public JsonComparator(
      NumericTolerance tolerance, List<JsonPointerPattern> ignored, int maxListed) {
    this(tolerance, ignored, maxListed, true);
  }

  private JsonComparator(
      NumericTolerance tolerance,
      List<JsonPointerPattern> ignored,
      int maxListed,
      boolean reportsErrors) {
    this.reportsErrors = reportsErrors;
    this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
    this.ignored = List.copyOf(ignored);
    if (maxListed < 1) {
      throw new IllegalArgumentException("maxListed must be at least 1: " + maxListed);
    }
    this.maxListed = maxListed;
  }

  /** Relative tolerance and ignored fields, listing up to {@value #DEFAULT_MAX_LISTED} differences. */
  public JsonComparator(NumericTolerance tolerance, List<JsonPointerPattern> ignored) {
    this(tolerance, ignored, DEFAULT_MAX_LISTED);
  }

  /**
   * A comparator that leaves transport errors to an {@link ErrorComparator} running beside it: when either side gave
   * no answer it reports nothing, so a failure is not counted twice.
   */
  public static JsonComparator bodiesOnly(
      NumericTolerance tolerance, List<JsonPointerPattern> ignored) {
    return new JsonComparator(tolerance, ignored, DEFAULT_MAX_LISTED, false);
  }

  @Override
  public String name() {
    return "json";
  }

  @Override
  public Verdict compare(Answer primary, Answer shadow) {
    Collector out = new Collector(maxListed);
    if (!reportsErrors && (primary.error() != null || shadow.error() != null)) {
      return new Verdict(name(), true, List.of(), 0);
    }
    if (primary.error() != null) {
      out.add(
          DifferenceKind.PRIMARY_ERROR, "", TextNode.valueOf(primary.error().kind().label()), null);
    }
    if (shadow.error() != null) {
      out.add(
          DifferenceKind.SHADOW_ERROR, "", null, TextNode.valueOf(shadow.error().kind().label()));
    }
    if (primary.error() == null && shadow.error() == null) {
      if (primary.status() != shadow.status()) {
        out.add(
            DifferenceKind.STATUS,
            "",
            IntNode.valueOf(primary.status()),
            IntNode.valueOf(shadow.status()));
      }
      compareBodies(primary, shadow, out);
    }
    return new Verdict(name(), out.count == 0, out.listed, out.count);
  }

  private void compareBodies(Answer primary, Answer shadow, Collector out) {
    if (primary.body().truncated() || shadow.body().truncated()) {
      compareDigests(primary, shadow, out);
      return;
    }
    if (primary.json() != null && shadow.json() != null) {
      if (sameTree(primary, shadow)) {
        return; // one tree for two byte-identical bodies (Answer.of): nothing to walk
      }
      compareNodes(primary.json(), shadow.json(), new ArrayList<>(), out);
      return;
    }
    byte[] p = primary.body().bytes();
    byte[] s = shadow.body().bytes();
    if (!Arrays.equals(p, s)) {
      out.add(DifferenceKind.BODY_BYTES, "", describe(primary), describe(shadow));
    }
  }

  // identity, not equality, is the point: Answer.of shares the tree of byte-identical bodies, and
  // equals() would walk both trees, the very work this skips
  @SuppressWarnings("ReferenceEquality")
  private static boolean sameTree(Answer primary, Answer shadow) {
    return primary.json() == shadow.json();
  }

  // Bodies over the capture limit are compared whole by size and SHA-256 of their bytes as sent.
  // That is exact when
  // both sides use the same content coding; with different codings (gzip against none, say) the
  // bytes cannot be
  // compared and the pair says so.
  private static void compareDigests(Answer primary, Answer shadow, Collector out) {
    String pe = coding(primary);
    String se = coding(shadow);
    if (!pe.equals(se) || undigested(primary) || undigested(shadow)) {
      out.add(
          DifferenceKind.NOT_COMPARED, "", truncatedNote(primary, pe), truncatedNote(shadow, se));
      return;
    }
    BodyDigest p = digest(primary);
    BodyDigest s = digest(shadow);
    if (!p.equals(s)) {
      out.add(
          DifferenceKind.BODY_BYTES,
          "",
          TextNode.valueOf(p.describe()),
          TextNode.valueOf(s.describe()));
    }
  }

  // cut on the wire without a digest of the whole (a capture from an older or foreign source):
  // nothing to compare by
  private static boolean undigested(Answer a) {
    return a.response().bodyTruncated() && a.response().digest() == null;
  }

  private static BodyDigest digest(Answer a) {
    BodyDigest recorded = a.response().digest();
    return recorded != null ? recorded : BodyDigest.of(a.response().body());
  }

  private static String coding(Answer a) {
    String coding = a.response().header("content-encoding");
    return coding == null ? "identity" : coding.trim().toLowerCase(java.util.Locale.ROOT);
  }

  private static JsonNode truncatedNote(Answer a, String coding) {
    return TextNode.valueOf(
        (a.body().truncated() ? "body over the capture limit" : "body")
            + ", content coding "
            + coding);
  }

  private static JsonNode describe(Answer a) {
    String kind = a.json() != null ? "JSON" : "non-JSON";
    return TextNode.valueOf(kind + " body, " + a.body().bytes().length + " bytes");
  }

  private void compareNodes(JsonNode p, JsonNode s, List<String> path, Collector out) {
    if (isIgnored(path)) {
      return;
    }
    if (p.isNumber() && s.isNumber()) {
      if (!numbersEqual(p, s)) {
        out.add(DifferenceKind.VALUE_CHANGED, pointer(path), p, s);
      }
      return;
    }
    if (p.getNodeType() != s.getNodeType()) {
      out.add(DifferenceKind.TYPE_CHANGED, pointer(path), p, s);
      return;
    }
    if (p.isObject()) {
      compareObjects(p, s, path, out);
    } else if (p.isArray()) {
      compareArrays(p, s, path, out);
    } else if (!p.equals(s)) {
      out.add(DifferenceKind.VALUE_CHANGED, pointer(path), p, s);
    }
  }

  private void compareObjects(JsonNode p, JsonNode s, List<String> path, Collector out) {
    for (Map.Entry<String, JsonNode> field : p.properties()) {
      path.add(field.getKey());
      JsonNode other = s.get(field.getKey());
      if (other == null) {
        if (!isIgnored(path)) {
          out.add(DifferenceKind.MISSING_FIELD, pointer(path), field.getValue(), null);
        }
      } else {
        compareNodes(field.getValue(), other, path, out);
      }
      path.remove(path.size() - 1);
    }
    for (Map.Entry<String, JsonNode> field : s.properties()) {
      if (!p.has(field.getKey())) {
        path.add(field.getKey());
        if (!isIgnored(path)) {
          out.add(DifferenceKind.EXTRA_FIELD, pointer(path), null, field.getValue());
        }
        path.remove(path.size() - 1);
      }
    }
  }

  private void compareArrays(JsonNode p, JsonNode s, List<String> path, Collector out) {
    if (p.size() != s.size()) {
      out.add(
          DifferenceKind.ARRAY_LENGTH,
          pointer(path),
          IntNode.valueOf(p.size()),
          IntNode.valueOf(s.size()));
    }
    int common = Math.min(p.size(), s.size());
    for (int i = 0; i < common; i++) {
      path.add(Integer.toString(i));
      compareNodes(p.get(i), s.get(i), path, out);
      path.remove(path.size() - 1);
    }
  }

  private boolean numbersEqual(JsonNode p, JsonNode s) {
    if (p.isIntegralNumber() && s.isIntegralNumber()) {
      // compared exactly first: beyond 2^53 two different integers can share one double
      boolean bothLong = p.canConvertToLong() && s.canConvertToLong();
      boolean same =
          bothLong
              ? p.longValue() == s.longValue()
              : p.bigIntegerValue().equals(s.bigIntegerValue());
      if (same || tolerance.equals(NumericTolerance.EXACT)) {
        return same;
      }
    } else if ((p.isBigDecimal() || s.isBigDecimal())
        && p.decimalValue().compareTo(s.decimalValue()) == 0) {
      return true;
    }
    return tolerance.equal(p.doubleValue(), s.doubleValue());
  }

  private boolean isIgnored(List<String> path) {
    for (JsonPointerPattern pattern : ignored) {
      if (pattern.matches(path)) {
        return true;
      }
    }
    return false;
  }

  private static String pointer(List<String> path) {
    if (path.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (String segment : path) {
      sb.append('/').append(JsonPointerPattern.escape(segment));
    }
    return sb.toString();
  }

  /** Lists the first few differences and counts them all. */
  private static final class Collector {
    final List<Difference> listed = new ArrayList<>();
    final int cap;
    int count;

    Collector(int cap) {
      this.cap = cap;
    }

    void add(DifferenceKind kind, String path, JsonNode primary, JsonNode shadow) {
      count++;
      if (listed.size() < cap) {
        listed.add(new Difference(kind, path, primary, shadow));
      }
    }
  }
}
