package dev.shadowpipeline.shadow.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.labels.QualityJson;
import dev.shadowpipeline.shadow.quality.Metric;
import dev.shadowpipeline.shadow.quality.MetricDifference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gate's checks of quality against ground truth, read from {@code quality.json}. Non-inferior with margin m passes
 * when the one-sided 95% lower bound of the improvement (shadow − primary, or primary − shadow for an error metric
 * such as MAE) is above −m; superior when it is above 0 ({@link MetricDifference}). A check that cannot be decided —
 * no labels, no labelled pair, a metric the task or the data does not have, a value in quality.json that is not a
 * finite number — fails, and the outcome says why: there
 * were no labels to decide on.
 */
public final class QualityGate {

  private QualityGate() {}

  /**
   * The checks and, when one or more could not be decided, why.
   *
   * @param checks one per criterion, in order
   * @param undecided why the labels could not decide, one reason per undecided check; empty when all were decided
   */
  public record Outcome(List<GateCheck> checks, List<String> undecided) {
    public Outcome {
      checks = List.copyOf(checks);
      undecided = List.copyOf(undecided);
    }

    /** True when every check was decided and passed. */
    public boolean passed() {
      return undecided.isEmpty() && checks.stream().allMatch(GateCheck::passed);
    }
  }

  /**
   * Checks every criterion against a {@code quality.json}.
   *
   * @param quality the file's content, or {@code null} when there is none
   */
  public static Outcome evaluate(JsonNode quality, List<QualityCriterion> criteria) {
    return evaluate(quality, null, criteria);
  }

  /**
   * Checks every criterion against a {@code quality.json} that may describe other records than those the gate read:
   * then every criterion is undecided, as the labels were not joined with the records being judged.
   *
   * @param quality the file's content, or {@code null} when there is none
   * @param stale how the records it was joined with differ from those read (see {@link
   *     dev.shadowpipeline.shadow.record.RecordsFingerprint#changeTo}), or {@code null} when they are the same
   */
  public static Outcome evaluate(JsonNode quality, String stale, List<QualityCriterion> criteria) {
    List<GateCheck> checks = new ArrayList<>();
    List<String> undecided = new ArrayList<>();
    Map<Metric, MetricDifference> differences =
        quality == null ? Map.of() : QualityJson.differences(quality);
    for (QualityCriterion c : criteria) {
      String reason =
          quality != null && stale != null
              ? "quality.json no longer matches the records: "
                  + stale
                  + "; run 'shadow labels' again"
              : reason(quality, c, differences);
      if (reason != null) {
        undecided.add(c.flag() + ": " + reason);
        checks.add(new GateCheck(c.name(), "n/a", limit(c), false, "undecided: " + reason));
        continue;
      }
      MetricDifference d = differences.get(c.metric());
      boolean passed =
          c.kind() == QualityCriterion.Kind.NON_INFERIOR ? d.nonInferior(c.margin()) : d.superior();
      checks.add(
          new GateCheck(c.name(), signed(d.improvementLowerBound()), limit(c), passed, detail(d)));
    }
    return new Outcome(checks, undecided);
  }

  private static String reason(
      JsonNode quality, QualityCriterion c, Map<Metric, MetricDifference> differences) {
    if (quality == null) {
      return "no labels (no quality.json; run 'shadow labels' first)";
    }
    if (quality.path("n_joined").asLong(0) == 0) {
      return "no labelled pair (quality.json has n_joined = 0)";
    }
    String task = quality.path("task").asText("");
    if (!c.metric().task().key().equals(task)) {
      return c.metric().key()
          + " is a "
          + c.metric().task().key()
          + " metric, but the labels are a "
          + (task.isEmpty() ? "task that could not be told" : task);
    }
    MetricDifference d = differences.get(c.metric());
    if (d == null) {
      return c.metric().needsScores()
          ? c.metric().key() + " needs both models' scores, and quality.json has none"
          : "quality.json has no " + c.metric().key() + " difference";
    }
    if (Double.isNaN(d.improvementLowerBound())) {
      return c.metric().key()
          + " is undefined on these labels"
          + (c.metric() == Metric.ROC_AUC ? " (one class only)" : "");
    }
    String infinite = infiniteField(d);
    if (infinite != null) {
      // quality.json writes an undefined number as null, never as one beyond a double's range: a
      // 1e999 there was written by hand or damaged, and an infinite bound would pass any margin
      return "quality.json's "
          + c.metric().key()
          + " difference has "
          + infinite
          + ", not a finite number; run 'shadow labels' again";
    }
    return null;
  }

  /** The first field of the difference that is infinite, as quality.json names it with its value, or null. */
  private static String infiniteField(MetricDifference d) {
    Map<String, Double> fields = new LinkedHashMap<>();
    fields.put("improvement_lower_95", d.improvementLowerBound());
    fields.put("primary", d.primary());
    fields.put("shadow", d.shadow());
    fields.put("ci95[0]", d.lower());
    fields.put("ci95[1]", d.upper());
    for (Map.Entry<String, Double> f : fields.entrySet()) {
      if (Double.isInfinite(f.getValue())) {
        return f.getKey() + " = " + (f.getValue() > 0 ? "Infinity" : "-Infinity");
      }
    }
    return null;
  }

  private static String limit(QualityCriterion c) {
    return c.kind() == QualityCriterion.Kind.NON_INFERIOR && c.margin() > 0
        ? "> " + signed(-c.margin())
        : "> 0";
  }

  private static String detail(MetricDifference d) {
    Metric m = d.metric();
    String improvement =
        m.higherIsBetter()
            ? "shadow − primary"
            : "primary − shadow (" + m.key() + ": lower is better)";
    return String.format(
        Locale.ROOT,
        "one-sided %.0f%% lower bound of %s; shadow − primary = %s, %.0f%% CI [%s, %s]",
        100 * d.confidence(),
        improvement,
        signed(d.difference()),
        100 * d.confidence(),
        signed(d.lower()),
        signed(d.upper()));
  }

  /** The criteria as {@code gate.json} lists them: {@code non_inferior} and {@code superior}. */
  public static void criteriaJson(ObjectNode criteria, List<QualityCriterion> all) {
    ArrayNode nonInferior = criteria.putArray("non_inferior");
    ArrayNode superior = criteria.putArray("superior");
    for (QualityCriterion c : all) {
      if (c.kind() == QualityCriterion.Kind.NON_INFERIOR) {
        ObjectNode n = nonInferior.addObject();
        n.put("metric", c.metric().key());
        n.put("margin", c.margin());
      } else {
        superior.add(c.metric().key());
      }
    }
  }

  private static String signed(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.4f", v) : "n/a";
  }
}
