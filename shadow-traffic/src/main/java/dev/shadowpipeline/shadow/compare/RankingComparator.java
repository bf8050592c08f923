package dev.shadowpipeline.shadow.compare;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a ranking: the list of ids at a JSON Pointer (search results, recommendations).
 *
 * <p>The list is a JSON array of strings or numbers (numbers in canonical form, {@code 7} = {@code 7.0}), or of
 * objects whose id sits at a relative pointer such as {@code /id}. Repeated ids keep their first (best) rank only.
 * Both lists are then cut to their first {@code k} ids (default {@value #DEFAULT_K}).
 *
 * <p><b>Measures</b>, on every comparable pair: {@code overlap_at_k}, {@code jaccard_at_k} and {@code rbo} (see
 * {@link Metric}; formulas in {@code RankingMetrics}: overlap@k = |A∩B| / max(|A|,|B|), i.e. k unless both lists are
 * shorter than k; Jaccard@k = |A∩B| / |A∪B|; RBO<sub>ext</sub> of Webber, Moffat &amp; Zobel 2010, eq. 32, with
 * persistence p, default {@value #DEFAULT_PERSISTENCE}). Two empty lists score 1 on all three; one empty list scores
 * 0.
 *
 * <p><b>Diverges</b> when the deciding metric (default {@code rbo}) is below the threshold (default
 * {@value #DEFAULT_THRESHOLD}): one {@link DifferenceKind#RANKING} whose values are the two top-k id lists and whose
 * reason is e.g. {@code rbo 0.62 < 0.8}; severity default {@link Severity#WARNING}.
 *
 * <p>A list absent or malformed on one side (not an array, an element that is not a string/number, an object without
 * the id) is {@link DifferenceKind#OUTPUT_MISSING}. Pairs with a transport error, a non-2xx status or a truncated body
 * on either side are left to the {@link ErrorComparator}. Immutable and thread-safe.
 */
public final class RankingComparator implements ResponseComparator {

  /** The name in verdicts and observations. */
  public static final String NAME = "ranking";

  /** Default depth. */
  public static final int DEFAULT_K = 10;

  /** Default RBO persistence. */
  public static final double DEFAULT_PERSISTENCE = 0.9;

  /** Default threshold of the deciding metric. */
  public static final double DEFAULT_THRESHOLD = 0.8;

  /** The ranking agreement measures; each is in [0, 1], 1 for identical top-k lists. */
  public enum Metric {
    /** |A∩B| / max(|A|, |B|) over the top k. */
    OVERLAP_AT_K,
    /** |A∩B| / |A∪B| over the top k. */
    JACCARD_AT_K,
    /** Extrapolated rank-biased overlap over the top k. */
    RBO;

    /** The observation metric name, e.g. {@code overlap_at_k}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code overlap_at_k} (or {@code overlap}), {@code jaccard_at_k} (or {@code jaccard}), {@code rbo}. */
    public static Metric parse(String text) {
      String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      return switch (t) {
        case "overlap", "overlap_at_k", "overlap@k" -> OVERLAP_AT_K;
        case "jaccard", "jaccard_at_k", "jaccard@k" -> JACCARD_AT_K;
        case "rbo" -> RBO;
        default ->
            throw new IllegalArgumentException(
                "unknown ranking metric '"
                    + text
                    + "' (expected overlap_at_k, jaccard_at_k or rbo)");
      };
    }
  }

  /**
   * Configuration.
   *
   * @param pointer JSON Pointer of the array in each answer, e.g. {@code /results}
   * @param idPointer pointer of the id inside each element when the elements are objects, e.g. {@code /id}; {@code null}
   *     when the elements are the ids themselves
   * @param k depth: only the first k ids of each list are compared, at least 1
   * @param persistence RBO persistence p, in (0, 1)
   * @param metric which metric decides
   * @param threshold the pair diverges when the deciding metric is below this, in [0, 1]
   * @param severity the severity of a divergence
   */
  public record Spec(
      String pointer,
      String idPointer,
      int k,
      double persistence,
      Metric metric,
      double threshold,
      Severity severity) {

    public Spec {
      Outputs.pointer("ranking pointer", pointer);
      if (idPointer != null) {
        if (idPointer.isEmpty()) {
          throw new IllegalArgumentException(
              "ranking id pointer must name a field such as /id, not ''");
        }
        Outputs.pointer("ranking id pointer", idPointer);
      }
      if (k < 1) {
        throw new IllegalArgumentException("ranking k must be at least 1: " + k);
      }
      if (!(persistence > 0 && persistence < 1)) { // outside, or NaN
        throw new IllegalArgumentException(
            "ranking persistence must be between 0 and 1 (exclusive): " + persistence);
      }
      Objects.requireNonNull(metric, "ranking metric");
      Outputs.unitInterval("ranking threshold", threshold);
      Outputs.severity("ranking severity", severity);
    }

    /** The ids at {@code pointer}; k 10, p 0.9, diverge when rbo &lt; 0.8, warning. */
    public static Spec of(String pointer) {
      return new Spec(
          pointer,
          null,
          DEFAULT_K,
          DEFAULT_PERSISTENCE,
          Metric.RBO,
          DEFAULT_THRESHOLD,
          Severity.WARNING);
    }

    /** This spec reading each element's id at {@code idPointer}. */
    public Spec withIdPointer(String newIdPointer) {
      return new Spec(pointer, newIdPointer, k, persistence, metric, threshold, severity);
    }

    /** This spec with another depth. */
    public Spec withK(int newK) {
      return new Spec(pointer, idPointer, newK, persistence, metric, threshold, severity);
    }

    /** This spec with another RBO persistence. */
    public Spec withPersistence(double p) {
      return new Spec(pointer, idPointer, k, p, metric, threshold, severity);
    }

    /** This spec deciding on {@code newMetric} below {@code newThreshold}. */
    public Spec withDecision(Metric newMetric, double newThreshold) {
      return new Spec(pointer, idPointer, k, persistence, newMetric, newThreshold, severity);
    }

    /** This spec with another severity. */
    public Spec withSeverity(Severity newSeverity) {
      return new Spec(pointer, idPointer, k, persistence, metric, threshold, newSeverity);
    }
  }

  private final Spec spec;
  private final JsonPointer pointer;
  private final JsonPointer idPointer;

  public RankingComparator(Spec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.pointer = Outputs.pointer("ranking pointer", spec.pointer());
    this.idPointer =
        spec.idPointer() == null ? null : Outputs.pointer("ranking id pointer", spec.idPointer());
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
    List<String> p = ids(pNode);
    List<String> s = ids(sNode);
    if (p == null || s == null) {
      if (p == null && s == null) {
        return Verdict.of(NAME, List.of(), List.of());
      }
      String expected =
          idPointer == null
              ? "an array of string or number ids"
              : "an array of objects with a string or number id at " + spec.idPointer();
      return Verdict.of(
          NAME,
          List.of(Outputs.missing(path, pNode, p != null, sNode, s != null, expected)),
          List.of());
    }
    double overlap = RankingMetrics.overlap(p, s);
    double jaccard = RankingMetrics.jaccard(p, s);
    double rbo = RankingMetrics.rbo(p, s, spec.persistence());
    List<Observation> observations =
        List.of(
            Observation.measure(NAME, path, Metric.OVERLAP_AT_K.label(), overlap),
            Observation.measure(NAME, path, Metric.JACCARD_AT_K.label(), jaccard),
            Observation.measure(NAME, path, Metric.RBO.label(), rbo));
    double deciding =
        switch (spec.metric()) {
          case OVERLAP_AT_K -> overlap;
          case JACCARD_AT_K -> jaccard;
          case RBO -> rbo;
        };
    if (deciding >= spec.threshold()) {
      return Verdict.of(NAME, List.of(), observations);
    }
    String reason =
        spec.metric().label() + " " + Outputs.fmt(deciding) + " < " + Outputs.fmt(spec.threshold());
    Difference d =
        new Difference(DifferenceKind.RANKING, path, array(p), array(s), spec.severity(), reason);
    return Verdict.of(NAME, List.of(d), observations);
  }

  /**
   * The first k distinct ids in rank order; {@code null} when the node is not an array or an element among those read
   * has no string or number id.
   */
  private List<String> ids(JsonNode node) {
    if (node == null || !node.isArray()) {
      return null;
    }
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode element : node) {
      if (ids.size() == spec.k()) {
        break; // what lies below the top k is not looked at
      }
      JsonNode idNode = idPointer == null ? element : Outputs.at(element, idPointer);
      if (idNode == null || !(idNode.isTextual() || idNode.isNumber())) {
        return null;
      }
      ids.add(Outputs.scalarText(idNode));
    }
    return new ArrayList<>(ids);
  }

  private static ArrayNode array(List<String> ids) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode(ids.size());
    ids.forEach(a::add);
    return a;
  }
}
