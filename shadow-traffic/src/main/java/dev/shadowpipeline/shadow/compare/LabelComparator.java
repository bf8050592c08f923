package dev.shadowpipeline.shadow.compare;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * Compares a class label: the scalar at a JSON Pointer (a string, or a number or boolean read as text).
 *
 * <p><b>Measures</b>, on every comparable pair whose labels are both present: an {@link Observation#labels} with both
 * labels (metric {@code agreement}, 1 when equal, 0 otherwise) — the report builds the agreement rate and the
 * primary × shadow confusion matrix from these.
 *
 * <p><b>Diverges</b> when the labels differ (exact, case-sensitive comparison of the label text; numbers are
 * canonical, so {@code 1} and {@code 1.0} are the same label): one {@link DifferenceKind#LABEL_FLIP} whose reason is
 * {@code primary -> shadow} (e.g. {@code reject -> approve}) and whose severity is that of the first {@link FlipRule}
 * that matches the flip, or the spec's {@code defaultSeverity} (default {@link Severity#WARNING}) when none does.
 *
 * <p>Pairs with a transport error, a non-2xx status or a truncated body on either side are left to the
 * {@link ErrorComparator}; a label absent or not a scalar on one side is {@link DifferenceKind#OUTPUT_MISSING} (see
 * {@code Outputs}). Immutable and thread-safe.
 */
public final class LabelComparator implements ResponseComparator {

  /** The name in verdicts and observations. */
  public static final String NAME = "label";

  /**
   * What a flip is worth: a flip from a label matching {@code from} to one matching {@code to} has {@code severity}.
   * In both patterns {@code *} matches any run of characters (so {@code *} alone matches every label); everything
   * else matches itself, case-sensitively.
   *
   * @param from pattern for the primary's label, e.g. {@code reject}
   * @param to pattern for the shadow's label, e.g. {@code approve} or {@code *}
   * @param severity the severity of a flip this rule matches
   */
  public record FlipRule(String from, String to, Severity severity) {

    public FlipRule {
      if (from == null || from.isEmpty()) {
        throw new IllegalArgumentException(
            "flip rule 'from' must be a label or a pattern with *: '" + from + "'");
      }
      if (to == null || to.isEmpty()) {
        throw new IllegalArgumentException(
            "flip rule 'to' must be a label or a pattern with *: '" + to + "'");
      }
      Outputs.severity("flip rule severity", severity);
    }

    /** Whether this rule covers a flip from {@code primary} to {@code shadow}. */
    public boolean matches(String primary, String shadow) {
      return glob(from, primary) && glob(to, shadow);
    }

    // '*' matches any run of characters; iterative with one backtrack point, linear in practice
    static boolean glob(String pattern, String text) {
      int p = 0;
      int t = 0;
      int star = -1;
      int mark = 0;
      while (t < text.length()) {
        if (p < pattern.length()
            && pattern.charAt(p) != '*'
            && pattern.charAt(p) == text.charAt(t)) {
          p++;
          t++;
        } else if (p < pattern.length() && pattern.charAt(p) == '*') {
          star = p++;
          mark = t;
        } else if (star >= 0) {
          p = star + 1;
          t = ++mark;
        } else {
          return false;
        }
      }
      while (p < pattern.length() && pattern.charAt(p) == '*') {
        p++;
      }
      return p == pattern.length();
    }
  }

  /**
   * Configuration.
   *
   * @param pointer JSON Pointer of the label in each answer, e.g. {@code /decision} ({@code ""} is the whole body)
   * @param rules flip rules, tried in order; the first that matches gives the severity
   * @param defaultSeverity the severity of a flip no rule matches
   */
  public record Spec(String pointer, List<FlipRule> rules, Severity defaultSeverity) {

    public Spec {
      Outputs.pointer("label pointer", pointer);
      rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
      Outputs.severity("label default severity", defaultSeverity);
    }

    /** The label at {@code pointer}, no rules, flips are warnings. */
    public static Spec of(String pointer) {
      return new Spec(pointer, List.of(), Severity.WARNING);
    }

    /** This spec with these flip rules. */
    public Spec withRules(List<FlipRule> newRules) {
      return new Spec(pointer, newRules, defaultSeverity);
    }

    /** This spec with another default severity. */
    public Spec withDefaultSeverity(Severity severity) {
      return new Spec(pointer, rules, severity);
    }
  }

  private static final String EXPECTED = "a string, number or boolean label";

  private final Spec spec;
  private final JsonPointer pointer;

  public LabelComparator(Spec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.pointer = Outputs.pointer("label pointer", spec.pointer());
  }

  public Spec spec() {
    return spec;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Verdict compare(Answer primary, Answer shadow) {
    if (!Outputs.comparable(primary, shadow)) {
      return Verdict.of(NAME, List.of(), List.of());
    }
    String path = spec.pointer();
    JsonNode pNode = Outputs.at(primary, pointer);
    JsonNode sNode = Outputs.at(shadow, pointer);
    String p = Outputs.scalarText(pNode);
    String s = Outputs.scalarText(sNode);
    if (p == null || s == null) {
      if (p == null && s == null) {
        return Verdict.of(NAME, List.of(), List.of());
      }
      return Verdict.of(
          NAME,
          List.of(Outputs.missing(path, pNode, p != null, sNode, s != null, EXPECTED)),
          List.of());
    }
    List<Observation> observations = List.of(Observation.labels(NAME, path, p, s));
    if (p.equals(s)) {
      return Verdict.of(NAME, List.of(), observations);
    }
    Difference flip =
        new Difference(
            DifferenceKind.LABEL_FLIP, path, pNode, sNode, severityOf(p, s), p + " -> " + s);
    return Verdict.of(NAME, List.of(flip), observations);
  }

  /** The severity of a flip from {@code primary} to {@code shadow}: the first matching rule's, else the default. */
  public Severity severityOf(String primary, String shadow) {
    for (FlipRule rule : spec.rules()) {
      if (rule.matches(primary, shadow)) {
        return rule.severity();
      }
    }
    return spec.defaultSeverity();
  }
}
