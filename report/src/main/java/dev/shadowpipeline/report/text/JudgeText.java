package dev.shadowpipeline.report.text;

import dev.shadowpipeline.shadow.judge.JudgeSummary;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** The pairwise judge's verdicts in one line for a terminal. */
public final class JudgeText {

  private JudgeText() {}

  /**
   * E.g. {@code shadow better 12, tie 5, primary better 3: win rate 72.5% (95% interval 51.0% – 87.0%); errors:
   * timeout 1; not judged: max calls 4}.
   */
  public static String line(JudgeSummary j) {
    double[] ci = j.winRateInterval();
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "shadow better %d, tie %d, primary better %d: win rate %s",
                j.shadowBetter(),
                j.tie(),
                j.primaryBetter(),
                pct(j.winRate())));
    if (j.decided() > 0) {
      out.append(String.format(Locale.ROOT, " (95%% interval %s – %s)", pct(ci[0]), pct(ci[1])));
    } else {
      out.append(" (no verdicts)");
    }
    out.append("; errors: ").append(counts(j.errors()));
    out.append("; not judged: ").append(counts(j.skipped()));
    if (j.unmatched() > 0) {
      out.append("; ").append(j.unmatched()).append(" matching no record left out");
    }
    return out.toString();
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
