package dev.shadowpipeline.report.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;

/** The lines a terminal user reads after {@code shadow labels}: the counts, both models' metrics, McNemar, flips. */
public final class QualityText {

  private static final String[] CLASSIFICATION = {
    "accuracy", "precision", "recall", "f1", "roc_auc", "brier", "log_loss"
  };
  private static final String[] REGRESSION = {"mae", "rmse", "r2"};

  private QualityText() {}

  /** Prints a {@code quality.json}. */
  public static void print(PrintWriter out, JsonNode q) {
    JsonNode join = q.path("join");
    out.printf(
        Locale.ROOT,
        "  joined             %d labelled pairs (%s) by %s (labels' '%s', truth '%s'%s)%n",
        q.path("n_joined").asLong(),
        q.path("task").asText("task unknown"),
        join.path("by").asText(),
        join.path("label_key").asText(),
        join.path("truth").asText(),
        join.hasNonNull("positive")
            ? ", positive '"
                + join.path("positive").asText()
                + "'"
                + (join.path("truth_positive").asText().equals(join.path("positive").asText())
                    ? ""
                    : " = truth '" + join.path("truth_positive").asText() + "'")
            : "");
    out.printf(
        Locale.ROOT,
        "  counted            %d labels (%d given twice, the last kept), %d records; without a record: %d "
            + "labels; without a label: %d records%s%n",
        q.path("n_labels").asLong(),
        q.path("n_duplicate_labels").asLong(),
        q.path("n_records").asLong(),
        q.path("n_unmatched_labels").asLong(),
        q.path("n_unlabelled_records").asLong(),
        q.path("n_records_without_key").asLong() > 0
            ? " (" + q.path("n_records_without_key").asLong() + " without a join key)"
            : "");
    long failed = q.path("n_excluded_failed").asLong();
    long noPrediction = q.path("n_excluded_no_prediction").asLong();
    if (failed + noPrediction > 0) {
      out.printf(
          Locale.ROOT,
          "  left out           %d labelled records where a model gave no answer, %d without a prediction%n",
          failed,
          noPrediction);
    }
    if (q.path("primary").isObject()) {
      boolean regression = "regression".equals(q.path("task").asText());
      out.printf(
          Locale.ROOT,
          "  %-9s %-26s %-26s %s%n",
          "metric",
          "primary [95% interval]",
          "shadow [95% interval]",
          "shadow − primary [95% interval]");
      for (String m : regression ? REGRESSION : CLASSIFICATION) {
        if (!q.path("primary").hasNonNull(m) && !q.path("shadow").hasNonNull(m)) {
          continue;
        }
        JsonNode d = q.path("paired").path("differences").path(m);
        out.printf(
            Locale.ROOT,
            "  %-9s %-26s %-26s %s%n",
            m,
            valueAndInterval(q.path("primary"), m),
            valueAndInterval(q.path("shadow"), m),
            d.isObject() ? signed(d.path("diff")) + " " + interval(d.path("ci95")) : "n/a");
      }
      JsonNode paired = q.path("paired");
      if (!regression) {
        out.printf(
            Locale.ROOT,
            "  McNemar            exact p = %s: only the primary right on %d inputs, only the shadow on %d, both "
                + "wrong on %d%n",
            p(paired.path("mcnemar_p")),
            paired.path("discordant").path("primary_right").asLong(),
            paired.path("discordant").path("shadow_right").asLong(),
            paired.path("concordant").path("both_wrong").asLong());
        int shown = 0;
        for (JsonNode f : q.path("flips")) {
          if (shown++ == 3) {
            break;
          }
          out.printf(
              Locale.ROOT,
              "  %-18s %s → %s on %d inputs: the primary right on %d, the shadow on %d%n",
              shown == 1 ? "flips" : "",
              f.path("primary").asText(),
              f.path("shadow").asText(),
              f.path("count").asLong(),
              f.path("primary_right").asLong(),
              f.path("shadow_right").asLong());
        }
      } else {
        out.printf(
            Locale.ROOT,
            "  closer             the primary on %d inputs, the shadow on %d, tied on %d%n",
            paired.path("closer").path("primary").asLong(),
            paired.path("closer").path("shadow").asLong(),
            paired.path("closer").path("ties").asLong());
      }
    }
    for (JsonNode note : q.path("notes")) {
      out.println("  note: " + note.asText());
    }
  }

  private static String valueAndInterval(JsonNode side, String metric) {
    return num(side.path(metric)) + " " + interval(side.path(metric + "_ci95"));
  }

  private static String num(JsonNode n) {
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

  private static String p(JsonNode n) {
    if (!n.isNumber()) {
      return "n/a";
    }
    double v = n.asDouble();
    return v < 1e-4 ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, "%.4f", v);
  }
}
