package dev.shadowpipeline.shadow.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.quality.ClassificationComparison;
import dev.shadowpipeline.shadow.quality.ClassificationQuality;
import dev.shadowpipeline.shadow.quality.Discordance;
import dev.shadowpipeline.shadow.quality.Metric;
import dev.shadowpipeline.shadow.quality.MetricDifference;
import dev.shadowpipeline.shadow.quality.MetricInterval;
import dev.shadowpipeline.shadow.quality.RegressionComparison;
import dev.shadowpipeline.shadow.quality.RegressionQuality;
import dev.shadowpipeline.shadow.record.RecordsFingerprint;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of {@code quality.json} (and of the {@code quality} object of {@code summary.json} and
 * {@code /summary}); field names are snake_case, an undefined number is {@code null}. The README documents each field.
 *
 * <p>Intervals are 95%: Wilson score intervals for the proportions (accuracy, precision, recall), percentile
 * intervals of a seeded paired bootstrap for everything else; {@code paired.differences} holds, per metric, the
 * one-sided 95% lower bound of the improvement that the gate's non-inferiority and superiority checks read.
 */
public final class QualityJson {

  /** The file's name in an output folder. */
  public static final String FILE = "quality.json";

  private QualityJson() {}

  /** The whole result, examples included. */
  public static ObjectNode toJson(QualityResult q, ObjectMapper mapper) {
    ObjectNode root = mapper.createObjectNode();
    root.put("task", q.task() == null ? null : q.task().key());
    JoinCounts c = q.counts();
    root.put("n_records", c.records());
    root.put("n_labels", c.labels());
    root.put("n_joined", c.joined());
    root.put("n_unmatched_labels", c.unmatchedLabels());
    root.put("n_unlabelled_records", c.unlabelledRecords());
    root.put("n_records_without_key", c.recordsWithoutKey());
    root.put("n_duplicate_labels", c.duplicateLabels());
    root.put("n_matched_records", c.matchedRecords());
    root.put("n_excluded_failed", c.excludedFailed());
    root.put("n_excluded_no_prediction", c.excludedNoPrediction());
    root.put("n_repeated_keys", c.repeatedKeys());
    root.put("n_evicted_predictions", c.evictedPredictions());
    root.put("n_dropped_for_memory", c.droppedForMemory());
    LabelJoin j = q.join();
    ObjectNode join = root.putObject("join");
    join.put("by", j.key().describe());
    join.put("label_key", j.labelKey());
    join.put("truth", j.truth());
    join.put("positive", j.positive());
    join.put("truth_positive", j.effectiveTruthPositive());
    join.put("label_pointer", j.labelPointer());
    join.put("score_pointer", j.scorePointer());
    ObjectNode bootstrap = root.putObject("bootstrap");
    bootstrap.put("method", "paired percentile bootstrap");
    bootstrap.put("replicates", q.bootstrap().replicates());
    bootstrap.put("seed", q.bootstrap().seed());
    bootstrap.put("alpha", q.bootstrap().alpha());
    if (q.classification() != null) {
      classification(root, q, q.classification());
    } else if (q.regression() != null) {
      regression(root, q, q.regression());
    } else {
      root.putNull("primary");
      root.putNull("shadow");
      root.putNull("paired");
    }
    ArrayNode flips = root.putArray("flips");
    for (Flip f : q.flips()) {
      ObjectNode n = flips.addObject();
      n.put("primary", f.primary());
      n.put("shadow", f.shadow());
      n.put("count", f.count());
      n.put("primary_right", f.primaryRight());
      n.put("shadow_right", f.shadowRight());
    }
    ObjectNode examples = root.putObject("examples");
    q.examples()
        .forEach(
            (category, list) -> {
              ArrayNode a = examples.putArray(category);
              for (Example e : list) {
                ObjectNode n = a.addObject();
                n.put("id", e.recordId());
                n.put("key", e.key());
                n.put("truth", e.truth());
                n.put("primary", e.primary());
                n.put("shadow", e.shadow());
                n.put("request", e.request());
                n.put("primary_answer", e.primaryAnswer());
                n.put("shadow_answer", e.shadowAnswer());
              }
            });
    ArrayNode notes = root.putArray("notes");
    q.notes().forEach(notes::add);
    return root;
  }

  /**
   * The result without its examples and without the records file it was joined with (which is {@code
   * quality.json}'s own, beside those records): what {@code summary.json} carries.
   */
  public static ObjectNode summaryJson(JsonNode quality) {
    ObjectNode copy = quality.deepCopy();
    copy.remove("examples");
    copy.remove(RecordsFingerprint.JSON_KEY);
    return copy;
  }

  private static void classification(ObjectNode root, QualityResult q, ClassificationComparison c) {
    root.set("primary", classifier(root, c.primary(), q.primaryIntervals()));
    root.set("shadow", classifier(root, c.shadow(), q.shadowIntervals()));
    ObjectNode paired = root.putObject("paired");
    Discordance d = c.discordance();
    ObjectNode discordant = paired.putObject("discordant");
    discordant.put("primary_right", d.onlyPrimaryRight());
    discordant.put("shadow_right", d.onlyShadowRight());
    ObjectNode concordant = paired.putObject("concordant");
    concordant.put("both_right", d.bothRight());
    concordant.put("both_wrong", d.bothWrong());
    number(paired, "mcnemar_p", c.mcnemarP());
    diff(paired, "accuracy_diff", c.differences().get(Metric.ACCURACY));
    diff(paired, "auc_diff", c.differences().get(Metric.ROC_AUC));
    paired.set("differences", differences(root, c.differences()));
  }

  private static void regression(ObjectNode root, QualityResult q, RegressionComparison c) {
    root.set("primary", regressor(root, c.primary(), q.primaryIntervals()));
    root.set("shadow", regressor(root, c.shadow(), q.shadowIntervals()));
    ObjectNode paired = root.putObject("paired");
    diff(paired, "mae_diff", c.differences().get(Metric.MAE));
    diff(paired, "rmse_diff", c.differences().get(Metric.RMSE));
    diff(paired, "r2_diff", c.differences().get(Metric.R2));
    QualityResult.Closeness closeness = q.closeness();
    if (closeness != null) {
      ObjectNode closer = paired.putObject("closer");
      closer.put("primary", closeness.primary());
      closer.put("shadow", closeness.shadow());
      closer.put("ties", closeness.ties());
    }
    paired.set("differences", differences(root, c.differences()));
  }

  private static ObjectNode classifier(
      ObjectNode root, ClassificationQuality q, Map<Metric, MetricInterval> intervals) {
    ObjectNode n = root.objectNode();
    n.put("n", q.n());
    for (Metric m :
        List.of(
            Metric.ACCURACY,
            Metric.PRECISION,
            Metric.RECALL,
            Metric.F1,
            Metric.ROC_AUC,
            Metric.BRIER,
            Metric.LOG_LOSS)) {
      number(n, m.key(), q.value(m));
      interval(n, intervals.get(m));
    }
    n.put("tp", q.truePositives());
    n.put("fp", q.falsePositives());
    n.put("tn", q.trueNegatives());
    n.put("fn", q.falseNegatives());
    return n;
  }

  private static ObjectNode regressor(
      ObjectNode root, RegressionQuality q, Map<Metric, MetricInterval> intervals) {
    ObjectNode n = root.objectNode();
    n.put("n", q.n());
    for (Metric m : List.of(Metric.MAE, Metric.RMSE, Metric.R2)) {
      number(n, m.key(), q.value(m));
      interval(n, intervals.get(m));
    }
    return n;
  }

  private static void interval(ObjectNode n, MetricInterval interval) {
    if (interval == null) {
      return;
    }
    pair(n, interval.metric().key() + "_ci95", interval.lower(), interval.upper());
    n.put(interval.metric().key() + "_ci95_method", interval.method().key());
  }

  private static void diff(ObjectNode paired, String name, MetricDifference d) {
    if (d == null) {
      return;
    }
    number(paired, name, d.difference());
    pair(paired, name + "_ci95", d.lower(), d.upper());
  }

  private static ObjectNode differences(ObjectNode root, Map<Metric, MetricDifference> all) {
    ObjectNode differences = root.objectNode();
    all.forEach(
        (metric, d) -> {
          ObjectNode n = differences.putObject(metric.key());
          number(n, "primary", d.primary());
          number(n, "shadow", d.shadow());
          number(n, "diff", d.difference());
          pair(n, "ci95", d.lower(), d.upper());
          number(n, "improvement_lower_95", d.improvementLowerBound());
          n.put("higher_is_better", metric.higherIsBetter());
          n.put("used_replicates", d.usedReplicates());
        });
    return differences;
  }

  /**
   * The metric differences of a {@code quality.json}, as the gate checks them: each one's values, interval and
   * one-sided bound, with the bootstrap's settings. Empty when the file holds no comparison.
   */
  public static Map<Metric, MetricDifference> differences(JsonNode quality) {
    Map<Metric, MetricDifference> result = new EnumMap<>(Metric.class);
    JsonNode all = quality.path("paired").path("differences");
    JsonNode b = quality.path("bootstrap");
    for (Map.Entry<String, JsonNode> e : all.properties()) {
      Metric metric;
      try {
        metric = Metric.fromKey(e.getKey());
      } catch (IllegalArgumentException unknown) {
        continue; // written by a newer version: not a metric this one can check
      }
      JsonNode d = e.getValue();
      int replicates = b.path("replicates").asInt(0);
      result.put(
          metric,
          new MetricDifference(
              metric,
              real(d.get("primary")),
              real(d.get("shadow")),
              real(d.path("ci95").get(0)),
              real(d.path("ci95").get(1)),
              real(d.get("improvement_lower_95")),
              b.path("alpha").asDouble(0.05),
              replicates,
              Math.min(replicates, d.path("used_replicates").asInt(0)),
              b.path("seed").asLong(0)));
    }
    return Collections.unmodifiableMap(result);
  }

  private static double real(JsonNode n) {
    return n == null || !n.isNumber() ? Double.NaN : n.doubleValue();
  }

  private static void pair(ObjectNode n, String field, double lower, double upper) {
    ArrayNode a = n.putArray(field);
    add(a, lower);
    add(a, upper);
  }

  private static void add(ArrayNode a, double v) {
    if (Double.isFinite(v)) {
      a.add(v);
    } else {
      a.addNull();
    }
  }

  // JSON has no NaN: an undefined value is null
  private static void number(ObjectNode n, String field, double value) {
    if (Double.isFinite(value)) {
      n.put(field, value);
    } else {
      n.putNull(field);
    }
  }
}
