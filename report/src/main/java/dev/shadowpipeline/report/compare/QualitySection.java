package dev.shadowpipeline.report.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The template model of the report's two ground-truth sections, "Quality against ground truth" and "Who is right
 * when they disagree", built from a {@code quality.json} (so that {@code shadow report} renders the same sections
 * from the file that {@code shadow labels} wrote).
 */
final class QualitySection {

  private static final List<String[]> CLASSIFICATION_METRICS =
      List.of(
          new String[] {"accuracy", "accuracy"},
          new String[] {"precision", "precision"},
          new String[] {"recall", "recall"},
          new String[] {"f1", "F1"},
          new String[] {"roc_auc", "ROC AUC"},
          new String[] {"brier", "Brier score"},
          new String[] {"log_loss", "log loss"});
  private static final List<String[]> REGRESSION_METRICS =
      List.of(
          new String[] {"mae", "MAE"}, new String[] {"rmse", "RMSE"}, new String[] {"r2", "R²"});

  private QualitySection() {}

  /** The model, or an empty map when there is no quality. */
  static Map<String, Object> model(JsonNode q) {
    if (q == null || !q.isObject()) {
      return Map.of();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    boolean regression = "regression".equals(q.path("task").asText());
    boolean compared = q.path("primary").isObject() && q.path("shadow").isObject();
    m.put("compared", compared);
    m.put("regression", regression);
    m.put("task", q.path("task").isTextual() ? q.path("task").asText() : "unknown");
    m.put("joinText", joinText(q.path("join")));
    JsonNode b = q.path("bootstrap");
    m.put(
        "bootstrapText",
        "95% intervals: Wilson for proportions, paired percentile bootstrap (B = "
            + b.path("replicates").asText()
            + ", seed "
            + b.path("seed").asText()
            + ") for the rest");
    m.put("counts", counts(q));
    m.put("notes", texts(q.path("notes")));
    List<Map<String, Object>> metrics = new ArrayList<>();
    if (compared) {
      for (String[] metric : regression ? REGRESSION_METRICS : CLASSIFICATION_METRICS) {
        JsonNode p = q.path("primary");
        if (!p.hasNonNull(metric[0]) && !q.path("shadow").hasNonNull(metric[0])) {
          continue; // not computed: a scored metric without scores
        }
        JsonNode d = q.path("paired").path("differences").path(metric[0]);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", metric[0]);
        row.put("name", metric[1]);
        row.put("primary", num(p.path(metric[0])));
        row.put("primaryCi", interval(p.path(metric[0] + "_ci95")));
        row.put("shadow", num(q.path("shadow").path(metric[0])));
        row.put("shadowCi", interval(q.path("shadow").path(metric[0] + "_ci95")));
        row.put("diff", d.isObject() ? signed(d.path("diff")) : "n/a");
        row.put("diffCi", d.isObject() ? interval(d.path("ci95")) : "");
        row.put(
            "direction",
            d.path("higher_is_better").asBoolean(true) ? "higher is better" : "lower is better");
        row.put("verdict", verdict(d));
        metrics.add(row);
      }
    }
    m.put("metrics", metrics);
    JsonNode paired = q.path("paired");
    m.put("mcnemar", paired.hasNonNull("mcnemar_p") ? pValue(paired.get("mcnemar_p")) : "");
    m.put("primaryRight", paired.path("discordant").path("primary_right").asLong());
    m.put("shadowRight", paired.path("discordant").path("shadow_right").asLong());
    m.put("bothRight", paired.path("concordant").path("both_right").asLong());
    m.put("bothWrong", paired.path("concordant").path("both_wrong").asLong());
    m.put("primaryCloser", paired.path("closer").path("primary").asLong());
    m.put("shadowCloser", paired.path("closer").path("shadow").asLong());
    m.put("ties", paired.path("closer").path("ties").asLong());
    List<Map<String, Object>> flips = new ArrayList<>();
    for (JsonNode f : q.path("flips")) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("primary", f.path("primary").asText());
      row.put("shadow", f.path("shadow").asText());
      row.put("count", f.path("count").asLong());
      row.put("primaryRight", f.path("primary_right").asLong());
      row.put("shadowRight", f.path("shadow_right").asLong());
      flips.add(row);
    }
    m.put("flips", flips);
    List<Map<String, Object>> groups = new ArrayList<>();
    String[][] categories =
        regression
            ? new String[][] {
              {"primary_closer", "The primary was closer to the truth"},
              {"shadow_closer", "The shadow was closer to the truth"}
            }
            : new String[][] {
              {"only_primary_right", "Only the primary was right"},
              {"only_shadow_right", "Only the shadow was right"},
              {"both_wrong", "Both were wrong"}
            };
    int n = 0;
    for (String[] category : categories) {
      List<Map<String, Object>> examples = new ArrayList<>();
      for (JsonNode e : q.path("examples").path(category[0])) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", "truth-" + n++);
        row.put("recordId", e.path("id").asText(""));
        row.put("key", e.path("key").asText(""));
        row.put("truth", e.path("truth").asText(""));
        row.put("primary", e.path("primary").asText(""));
        row.put("shadow", e.path("shadow").asText(""));
        row.put("request", text(e.path("request")));
        row.put("primaryAnswer", text(e.path("primary_answer")));
        row.put("shadowAnswer", text(e.path("shadow_answer")));
        examples.add(row);
      }
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("category", category[0]);
      group.put("title", category[1]);
      group.put("examples", examples);
      groups.add(group);
    }
    m.put("examples", groups);
    return m;
  }

  private static List<Map<String, Object>> counts(JsonNode q) {
    String[][] rows = {
      {"n_joined", "labelled pairs compared"},
      {"n_labels", "labels"},
      {"n_records", "records"},
      {"n_unmatched_labels", "labels that matched no record"},
      {"n_unlabelled_records", "records without a label"},
      {"n_duplicate_labels", "labels given twice (the last kept)"},
      {"n_excluded_failed", "labelled, left out: a model gave no answer"},
      {"n_excluded_no_prediction", "labelled, left out: an answer had no prediction"},
      {"n_records_without_key", "records without a join key"},
      {"n_repeated_keys", "records sharing a label with an earlier one"},
      {"n_evicted_predictions", "predictions evicted before their label came"},
      {"n_dropped_for_memory", "pairs dropped at the memory bound"}
    };
    List<Map<String, Object>> out = new ArrayList<>();
    for (String[] row : rows) {
      long v = q.path(row[0]).asLong(0);
      // the first three always; the rest when something happened
      if (out.size() < 3 || v > 0) {
        out.add(Map.of("key", row[0], "label", row[1], "value", v));
      }
    }
    return out;
  }

  private static String joinText(JsonNode j) {
    StringBuilder sb = new StringBuilder("joined by ").append(j.path("by").asText());
    sb.append(" (labels' '").append(j.path("label_key").asText()).append("')");
    sb.append(", truth '").append(j.path("truth").asText()).append("'");
    if (j.hasNonNull("positive")) {
      sb.append(", positive class '").append(j.path("positive").asText()).append("'");
      if (!j.path("truth_positive").asText().equals(j.path("positive").asText())) {
        sb.append(" (truth '").append(j.path("truth_positive").asText()).append("')");
      }
    }
    if (j.hasNonNull("label_pointer")) {
      sb.append("; labels at ").append(j.path("label_pointer").asText());
    }
    if (j.hasNonNull("score_pointer")) {
      sb.append("; scores at ").append(j.path("score_pointer").asText());
    }
    return sb.toString();
  }

  private static String verdict(JsonNode d) {
    if (!d.isObject() || !d.path("ci95").path(0).isNumber()) {
      return "";
    }
    double lower = d.path("ci95").path(0).asDouble();
    double upper = d.path("ci95").path(1).asDouble();
    boolean higher = d.path("higher_is_better").asBoolean(true);
    if (lower > 0) {
      return higher ? "shadow better" : "shadow worse";
    }
    if (upper < 0) {
      return higher ? "shadow worse" : "shadow better";
    }
    return "no clear difference";
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String text(JsonNode n) {
    return n.isTextual() ? n.asText() : "(not kept)";
  }

  static String num(JsonNode n) {
    return n.isNumber() ? String.format(Locale.ROOT, "%.4f", n.asDouble()) : "n/a";
  }

  private static String signed(JsonNode n) {
    return n.isNumber() ? String.format(Locale.ROOT, "%+.4f", n.asDouble()) : "n/a";
  }

  private static String interval(JsonNode pair) {
    if (!pair.path(0).isNumber() || !pair.path(1).isNumber()) {
      return "";
    }
    return String.format(
        Locale.ROOT, "[%.4f, %.4f]", pair.path(0).asDouble(), pair.path(1).asDouble());
  }

  private static String pValue(JsonNode n) {
    double p = n.asDouble();
    return p < 1e-4 ? String.format(Locale.ROOT, "%.3e", p) : String.format(Locale.ROOT, "%.4f", p);
  }
}
