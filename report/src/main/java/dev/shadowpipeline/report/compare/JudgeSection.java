package dev.shadowpipeline.report.compare;

import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.judge.Judgement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The report's "Judge" section: the verdict counts, the shadow's win rate with its 95% Wilson interval, the errors and
 * skipped pairs by kind, the judgements left out because they match no record, and a few verdicts with the judge's reason, the request and both answers (wrapped; the texts
 * come from the redacted records). Empty when no judge ran.
 */
final class JudgeSection {

  private JudgeSection() {}

  static Map<String, Object> model(JudgeSummary j) {
    if (j == null) {
      return Map.of();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("decided", j.decided());
    m.put("shadowBetter", j.shadowBetter());
    m.put("tie", j.tie());
    m.put("primaryBetter", j.primaryBetter());
    double[] ci = j.winRateInterval();
    m.put("winRate", pct(j.winRate()));
    m.put("lower", pct(ci[0]));
    m.put("upper", pct(ci[1]));
    m.put("errorCount", j.errorCount());
    m.put("errors", counts(j.errors()));
    m.put("skippedCount", j.skippedCount());
    m.put("skipped", counts(j.skipped()));
    m.put("unmatched", j.unmatched());
    List<Map<String, Object>> examples = new ArrayList<>();
    for (Judgement e : j.examples()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("winner", e.winner().label());
      row.put(
          "winnerText",
          switch (e.winner()) {
            case SHADOW -> "shadow better";
            case PRIMARY -> "primary better";
            case TIE -> "tie";
          });
      row.put("recordId", e.recordId());
      row.put("order", e.order().replace('_', ' '));
      row.put(
          "latency",
          Double.isFinite(e.latencyMillis())
              ? String.format(Locale.ROOT, "%.0f ms", e.latencyMillis())
              : "n/a");
      row.put("reason", e.reason().isEmpty() ? "(no reason given)" : e.reason());
      row.put("prompt", e.prompt());
      row.put("primary", e.primary());
      row.put("shadow", e.shadow());
      examples.add(row);
    }
    m.put("examples", examples);
    return m;
  }

  private static String counts(Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringJoiner out = new StringJoiner(", ");
    counts.forEach((k, v) -> out.add(k.replace('_', ' ') + " " + v));
    return out.toString();
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : "n/a";
  }
}
