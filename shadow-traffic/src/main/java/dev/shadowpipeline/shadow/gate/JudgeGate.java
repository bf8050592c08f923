package dev.shadowpipeline.shadow.gate;

import dev.shadowpipeline.shadow.judge.JudgeSummary;
import java.util.Locale;

/**
 * The gate's check on the pairwise judge: the lower bound of the 95% Wilson interval of the shadow's win rate (ties
 * counted as half a win) must be at least the minimum. 0.5 asks for "at least as good, with confidence"; 0.45 for
 * "not clearly worse". Without verdicts the check cannot be decided: it fails, and the gate says it was undecided.
 */
public final class JudgeGate {

  private JudgeGate() {}

  /** Whether there is no verdict to decide on ({@code null}: no judgements at all). */
  public static boolean undecided(JudgeSummary s) {
    return s == null || s.decided() == 0;
  }

  /**
   * The check.
   *
   * @param s the judge's verdicts, or {@code null} when there are none
   * @param minWinRate the least lower bound, in [0, 1]
   */
  public static GateCheck check(JudgeSummary s, double minWinRate) {
    String limit = ">= " + fixed(minWinRate);
    if (undecided(s)) {
      return new GateCheck(
          "judge win rate",
          "n/a",
          limit,
          false,
          s == null
              ? "undecided: no judge verdicts (no judgements.jsonl; configure compare.judge or run 'shadow judge')"
              : String.format(
                  Locale.ROOT,
                  "undecided: no judge verdicts (%d judge errors, %d skipped%s)",
                  s.errorCount(),
                  s.skippedCount(),
                  unmatched(s)));
    }
    double[] ci = s.winRateInterval();
    return new GateCheck(
        "judge win rate",
        fixed(ci[0]),
        limit,
        ci[0] >= minWinRate,
        String.format(
                Locale.ROOT,
                "95%% Wilson lower bound, ties as half; shadow better %d, tie %d, primary better %d: win rate %s "
                    + "[%s, %s]",
                s.shadowBetter(),
                s.tie(),
                s.primaryBetter(),
                fixed(s.winRate()),
                fixed(ci[0]),
                fixed(ci[1]))
            + unmatched(s));
  }

  // verdicts on pairs the records do not hold (another run's judgements, a rotated records file)
  // are no evidence about these records: they are left out, and the check says how many
  private static String unmatched(JudgeSummary s) {
    return s.unmatched() == 0
        ? ""
        : String.format(
            Locale.ROOT,
            "; %d %s no record, left out",
            s.unmatched(),
            s.unmatched() == 1 ? "judgement matches" : "judgements match");
  }

  private static String fixed(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
