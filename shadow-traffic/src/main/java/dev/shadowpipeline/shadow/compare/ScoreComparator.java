package dev.shadowpipeline.shadow.compare;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * Compares a score or probability: the number at a JSON Pointer.
 *
 * <p><b>Measures</b>, on every comparable pair with a finite number on both sides: metric {@code delta} =
 * shadow − primary (signed, so the report can show the distribution of deltas and its bias).
 *
 * <p><b>Diverges</b>, with {@code p} the primary's and {@code s} the shadow's number and {@code d = s - p}:
 * <ol>
 *   <li>when a decision threshold {@code t} is set and {@code (p >= t) != (s >= t)}: one
 *       {@link DifferenceKind#DECISION_FLIP} with the spec's {@code decisionFlipSeverity} (default
 *       {@link Severity#WARNING}), whatever the tolerance says;
 *   <li>otherwise when {@code |d| > absolute} <em>and</em> {@code |d| > relative * max(|p|, |s|)}: one
 *       {@link DifferenceKind#SCORE_DELTA} with the spec's {@code deltaSeverity} (default {@link Severity#WARNING}).
 *       This is exactly "not {@link NumericTolerance#equal}": a difference within either tolerance is forgiven.
 * </ol>
 * Default tolerance: absolute {@value #DEFAULT_ABSOLUTE}, relative {@value #DEFAULT_RELATIVE} — only numeric noise
 * is forgiven; set a tolerance that suits the model (e.g. absolute 0.01 for a probability). No threshold by default.
 *
 * <p>Only JSON numbers count: a numeric string, {@code null} or a non-finite value (e.g. {@code 1e400}) on one side is
 * {@link DifferenceKind#OUTPUT_MISSING}. Pairs with a transport error, a non-2xx status or a truncated body on either
 * side are left to the {@link ErrorComparator}. Immutable and thread-safe.
 */
public final class ScoreComparator implements ResponseComparator {

  /** The name in verdicts and observations. */
  public static final String NAME = "score";

  /** Default absolute tolerance. */
  public static final double DEFAULT_ABSOLUTE = 1e-9;

  /** Default relative tolerance. */
  public static final double DEFAULT_RELATIVE = 1e-6;

  /**
   * Configuration.
   *
   * @param pointer JSON Pointer of the number in each answer, e.g. {@code /probability}
   * @param tolerance when two numbers count as equal: {@code |d| <= absolute} or {@code |d| <= relative·max(|p|,|s|)}
   * @param deltaSeverity severity of a {@code score_delta}
   * @param decisionThreshold the decision threshold {@code t}, or {@code null} for none; a score {@code >= t} is on the
   *     upper side
   * @param decisionFlipSeverity severity of a {@code decision_flip}
   */
  public record Spec(
      String pointer,
      NumericTolerance tolerance,
      Severity deltaSeverity,
      Double decisionThreshold,
      Severity decisionFlipSeverity) {

    public Spec {
      Outputs.pointer("score pointer", pointer);
      Objects.requireNonNull(tolerance, "score tolerance");
      Outputs.severity("score delta severity", deltaSeverity);
      if (decisionThreshold != null && !Double.isFinite(decisionThreshold)) {
        throw new IllegalArgumentException(
            "score decision threshold must be a finite number: " + decisionThreshold);
      }
      Outputs.severity("score decision flip severity", decisionFlipSeverity);
    }

    /** The number at {@code pointer}, default tolerance, no threshold, warnings. */
    public static Spec of(String pointer) {
      return new Spec(
          pointer,
          new NumericTolerance(DEFAULT_RELATIVE, DEFAULT_ABSOLUTE),
          Severity.WARNING,
          null,
          Severity.WARNING);
    }

    /** This spec with these tolerances (each a finite number {@code >= 0}). */
    public Spec withTolerance(double absolute, double relative) {
      return new Spec(
          pointer,
          new NumericTolerance(relative, absolute),
          deltaSeverity,
          decisionThreshold,
          decisionFlipSeverity);
    }

    /** This spec with a decision threshold and the severity of crossing it. */
    public Spec withDecision(double threshold, Severity flipSeverity) {
      return new Spec(pointer, tolerance, deltaSeverity, threshold, flipSeverity);
    }

    /** This spec with another severity for a score delta. */
    public Spec withDeltaSeverity(Severity severity) {
      return new Spec(pointer, tolerance, severity, decisionThreshold, decisionFlipSeverity);
    }
  }

  private static final String EXPECTED = "a finite JSON number";

  private final Spec spec;
  private final JsonPointer pointer;

  public ScoreComparator(Spec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.pointer = Outputs.pointer("score pointer", spec.pointer());
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
    boolean pOk = isFiniteNumber(pNode);
    boolean sOk = isFiniteNumber(sNode);
    if (!pOk || !sOk) {
      if (!pOk && !sOk) {
        return Verdict.of(NAME, List.of(), List.of());
      }
      return Verdict.of(
          NAME, List.of(Outputs.missing(path, pNode, pOk, sNode, sOk, EXPECTED)), List.of());
    }
    double p = pNode.doubleValue();
    double s = sNode.doubleValue();
    double delta = s - p;
    List<Observation> observations = List.of(Observation.measure(NAME, path, "delta", delta));
    Double t = spec.decisionThreshold();
    if (t != null && (p >= t) != (s >= t)) {
      String reason = side(p, t) + " -> " + side(s, t);
      return Verdict.of(
          NAME,
          List.of(
              new Difference(
                  DifferenceKind.DECISION_FLIP,
                  path,
                  pNode,
                  sNode,
                  spec.decisionFlipSeverity(),
                  reason)),
          observations);
    }
    if (!spec.tolerance().equal(p, s)) {
      String reason =
          "delta "
              + (delta > 0 ? "+" : "")
              + Outputs.fmtSignificant(delta)
              + " ("
              + Outputs.fmtSignificant(p)
              + " -> "
              + Outputs.fmtSignificant(s)
              + ")";
      return Verdict.of(
          NAME,
          List.of(
              new Difference(
                  DifferenceKind.SCORE_DELTA, path, pNode, sNode, spec.deltaSeverity(), reason)),
          observations);
    }
    return Verdict.of(NAME, List.of(), observations);
  }

  private static String side(double v, double t) {
    return Outputs.fmtSignificant(v) + (v >= t ? " >= " : " < ") + Outputs.fmtSignificant(t);
  }

  private static boolean isFiniteNumber(JsonNode n) {
    return n != null && n.isNumber() && Double.isFinite(n.doubleValue());
  }
}
