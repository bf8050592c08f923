package dev.shadowpipeline.report.compare;

import dev.shadowpipeline.shadow.metrics.LatencySummary;
import dev.shadowpipeline.shadow.summary.LlmSummary;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's LLM section: time to first token and between tokens for both models side by side (table and
 * overlaid distributions), tokens, and what 1,000 requests cost with each, with the difference. Something not measured
 * or not priced reads "n/a" or "unpriced", never zero.
 */
final class LlmSection {

  private LlmSection() {}

  /** The template's model of the section, or {@code null} without LLM answers. */
  static Map<String, Object> model(LlmSummary l) {
    if (l == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(side("primary", l.primary()));
    rows.add(side("shadow", l.shadow()));
    if (l.secondary() != null) {
      rows.add(side("secondary", l.secondary()));
    }
    m.put("sides", rows);
    m.put("pricedPairs", l.pricedPairs());
    BigDecimal delta = l.costDelta();
    m.put(
        "costDelta",
        delta == null ? "n/a" : String.format(Locale.ROOT, "%+.6f", delta.doubleValue()));
    m.put(
        "costRatio",
        Double.isFinite(l.costRatio())
            ? String.format(Locale.ROOT, "%.1f%%", 100 * l.costRatio())
            : "n/a");
    Map<String, Object> charts = new LinkedHashMap<>();
    charts.put("ttftPrimary", ComparisonReport.hist(l.primary().ttftShape()));
    charts.put("ttftShadow", ComparisonReport.hist(l.shadow().ttftShape()));
    charts.put("itlPrimary", ComparisonReport.hist(l.primary().itlShape()));
    charts.put("itlShadow", ComparisonReport.hist(l.shadow().itlShape()));
    m.put("charts", charts);
    return m;
  }

  private static Map<String, Object> side(String name, LlmSummary.Side s) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", name);
    row.put("models", String.join(", ", new TreeMap<>(s.models()).keySet()));
    row.put("answers", s.answers());
    row.put("streams", s.streams());
    row.put("ttftP50", ms(s.ttft(), s.ttft().p50Millis()));
    row.put("ttftP99", ms(s.ttft(), s.ttft().p99Millis()));
    row.put("itlP50", ms(s.itl(), s.itl().p50Millis()));
    row.put("itlP99", ms(s.itl(), s.itl().p99Millis()));
    row.put(
        "tokensPerSecond",
        s.outputTokensPerSecond().count() == 0
            ? "n/a"
            : String.format(Locale.ROOT, "%.0f", s.outputTokensPerSecond().p50()));
    row.put("inputTokens", s.inputTokens());
    row.put("outputTokens", s.outputTokens());
    row.put("estimated", s.estimated());
    row.put(
        "costPerThousand",
        s.priced() == 0
            ? (s.answers() == 0 ? "n/a" : "unpriced")
            : String.format(Locale.ROOT, "%.4f", s.costPerThousand()));
    row.put("unpriced", s.unpriced());
    row.put("unpricedModels", String.join(", ", s.unpricedModels()));
    row.put("malformed", s.malformedStreams());
    return row;
  }

  private static String ms(LatencySummary l, double v) {
    return l.count() == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f ms", v);
  }
}
