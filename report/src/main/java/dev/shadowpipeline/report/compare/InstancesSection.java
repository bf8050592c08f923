package dev.shadowpipeline.report.compare;

import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.summary.ComparisonSummary.Instance;
import dev.shadowpipeline.shadow.summary.ComparisonSummary.InstanceStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's fleet section: one row per proxy (or replay) that wrote records, by {@code instance_id}. A replica
 * whose shadow copies all failed stands out by its status text and a warning sign, not by colour alone, and is named
 * in a banner at the top of the report. Drops not known (a summary rebuilt from records) read "n/a", never zero.
 */
final class InstancesSection {

  static final String NO_ID = "(no instance id)";

  private InstancesSection() {}

  /** The template's model, or an empty map when the records name no instance (written before instance ids). */
  static Map<String, Object> model(ComparisonSummary s) {
    List<Instance> instances = s.instances();
    if (instances.isEmpty() || (instances.size() == 1 && instances.get(0).instanceId() == null)) {
      return Map.of();
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Instance i : instances) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", i.instanceId() == null ? NO_ID : i.instanceId());
      row.put("status", i.status().key());
      row.put("failing", i.status() == InstanceStatus.SHADOW_FAILING);
      row.put("statusText", statusText(i));
      row.put("pairs", i.pairs());
      row.put("agreement", i.pairs() == 0 ? "n/a" : pct(i.agreement().proportion()));
      row.put(
          "agreementInterval",
          i.pairs() == 0 ? "" : pct(i.agreement().lower()) + " – " + pct(i.agreement().upper()));
      row.put("critical", i.severity("critical"));
      row.put("warning", i.severity("warning"));
      row.put("info", i.severity("info"));
      row.put("shadowErrors", i.shadowErrors());
      row.put("shadowErrorRate", i.pairs() == 0 ? "n/a" : pct(i.shadowErrorRate()));
      row.put("shadowTimeouts", i.shadowTimeouts());
      row.put("primaryErrors", i.primaryErrors());
      row.put(
          "drops",
          i.drops() == null
              ? "n/a"
              : i.drops().copies()
                  + " copies, "
                  + i.drops().records()
                  + " records"
                  + (i.drops().shed() > 0
                      ? ", " + i.drops().shed() + " shed (records are a sample)"
                      : ""));
      rows.add(row);
    }
    List<String> failing = new ArrayList<>();
    for (Instance i : s.failingInstances()) {
      failing.add(
          (i.instanceId() == null ? NO_ID : i.instanceId())
              + " ("
              + i.shadowErrors()
              + " of "
              + i.pairs()
              + " copies failed)");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", rows);
    m.put("failing", failing);
    m.put("count", instances.size());
    m.put("noiseCounted", s.noise() != null);
    return m;
  }

  private static String statusText(Instance i) {
    return switch (i.status()) {
      case OK -> "ok";
      case SHADOW_FAILING -> "⚠ shadow failing: every copy failed";
      case NO_PAIRS -> "no pairs recorded";
    };
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : "n/a";
  }
}
