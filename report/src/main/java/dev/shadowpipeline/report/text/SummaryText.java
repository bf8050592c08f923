package dev.shadowpipeline.report.text;

import dev.shadowpipeline.shadow.gate.GateCheck;
import dev.shadowpipeline.shadow.gate.GateResult;
import dev.shadowpipeline.shadow.metrics.LatencySummary;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.summary.LlmSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The few lines a terminal user reads after a comparison: agreement, severities, errors, latency, gate. */
public final class SummaryText {

  private SummaryText() {}

  // a fleet's records: how many replicas, and the ones whose every shadow copy failed, by name
  private static void printInstances(PrintWriter out, ComparisonSummary s) {
    long named = s.instances().stream().filter(i -> i.instanceId() != null).count();
    if (named < 2 && s.failingInstances().isEmpty()) {
      return;
    }
    List<String> failing = new ArrayList<>();
    for (ComparisonSummary.Instance i : s.failingInstances()) {
      failing.add(
          (i.instanceId() == null ? "(no instance id)" : i.instanceId())
              + " ("
              + i.shadowErrors()
              + " of "
              + i.pairs()
              + ")");
    }
    out.printf(
        Locale.ROOT,
        "  instances          %d%s%n",
        s.instances().size(),
        failing.isEmpty() ? "" : "; every shadow copy failed on " + String.join(", ", failing));
  }

  /** Prints the headline numbers of a comparison. */
  public static void print(PrintWriter out, ComparisonSummary s) {
    long compared = s.evidence().compared();
    out.printf(
        Locale.ROOT,
        "  pairs compared     %d%s%n",
        s.requests(),
        compared == s.requests() ? "" : " (" + compared + " where both models answered)");
    out.printf(
        Locale.ROOT,
        "  agreement          %s  (95%% interval %s – %s)%s%n",
        pct(s.agreement().proportion()),
        pct(s.agreement().lower()),
        pct(s.agreement().upper()),
        s.agreementLeftOut() == 0
            ? ""
            : String.format(
                Locale.ROOT,
                "; over %d pairs, %d where a side gave no answer left out",
                s.agreementPairs(),
                s.agreementLeftOut()));
    if (s.noise() != null) {
      printNoise(out, s.noise());
    }
    out.printf(
        Locale.ROOT,
        "  divergences        %d critical, %d warning, %d info%n",
        s.severity("critical"),
        s.severity("warning"),
        s.severity("info"));
    out.printf(
        Locale.ROOT,
        "  shadow errors      %d (%d timeouts); primary errors %d%n",
        s.shadowErrors(),
        s.shadowTimeouts(),
        s.primaryErrors());
    out.printf(
        Locale.ROOT,
        "  latency p50/p99    primary %s, shadow %s, delta %s%n",
        pair(s.primaryLatency()),
        pair(s.shadowLatency()),
        pair(s.latencyDelta()));
    if (s.llm() != null) {
      printLlm(out, s.llm());
    }
    printInstances(out, s);
    for (ComparisonSummary.MetricSummary m : s.metrics()) {
      if (m.metric().equals("semantic_cosine")) {
        printMeaning(out, m);
      }
    }
    // the field a reader should look at first: with a noise baseline, the most frequent real one
    ComparisonSummary.FieldCount top = null;
    for (ComparisonSummary.FieldCount f : s.fields()) {
      if (s.noise() == null || !s.noise().noisy(f.kind(), f.path())) {
        top = f;
        break;
      }
    }
    if (top != null) {
      out.printf(
          Locale.ROOT,
          "  most differing     %s %s (%d pairs)%s%n",
          top.kind(),
          top.path().isEmpty() ? "(whole answer)" : top.path(),
          top.count(),
          s.noise() == null ? "" : ", not noise");
    }
    if (s.trend().drifted()) {
      out.printf(
          Locale.ROOT,
          "  comparison drift   %s%n",
          s.trend().agreementFalling() ? "agreement is falling" : "the shadow is getting slower");
    }
  }

  // with a noise baseline the agreement above counts real differences: this line says what was set
  // aside, and the figure with noise included
  private static void printNoise(PrintWriter out, ComparisonSummary.Noise n) {
    java.util.List<String> noisy = new java.util.ArrayList<>();
    for (ComparisonSummary.NoiseField f : n.entries()) {
      if (f.noise() && f.candidateCount() > 0 && noisy.size() < 3) {
        noisy.add(f.path().isEmpty() ? f.kind() : f.path());
      }
    }
    out.printf(
        Locale.ROOT,
        "  noise baseline     %d pairs with a secondary answer: %d of %d differing fields are noise%s; "
            + "agreement with noise counted %s%n",
        n.pairs(),
        n.noiseKeys().size(),
        n.keysClassified(),
        noisy.isEmpty() ? "" : " (" + String.join(", ", noisy) + ")",
        pct(n.rawAgreement().proportion()));
  }

  // LLM answers: how soon each model starts answering, and what a thousand requests cost with it
  private static void printLlm(PrintWriter out, LlmSummary l) {
    out.printf(
        Locale.ROOT,
        "  first token p50/p99 primary %s, shadow %s; between tokens primary %s, shadow %s%n",
        pair(l.primary().ttft()),
        pair(l.shadow().ttft()),
        pair(l.primary().itl()),
        pair(l.shadow().itl()));
    out.printf(
        Locale.ROOT,
        "  cost / 1,000 req   primary %s %s, shadow %s %s%s%n",
        models(l.primary()),
        cost(l.primary()),
        models(l.shadow()),
        cost(l.shadow()),
        Double.isFinite(l.costRatio())
            ? String.format(Locale.ROOT, " (shadow %.1f%% of primary)", 100 * l.costRatio())
            : "");
    long malformed = l.primary().malformedStreams() + l.shadow().malformedStreams();
    if (malformed > 0) {
      out.printf(
          Locale.ROOT,
          "  malformed streams  primary %d, shadow %d%n",
          l.primary().malformedStreams(),
          l.shadow().malformedStreams());
    }
  }

  private static String models(LlmSummary.Side side) {
    List<String> names = new ArrayList<>(side.models().keySet());
    java.util.Collections.sort(names);
    return names.isEmpty() ? "" : String.join("+", names.subList(0, Math.min(2, names.size())));
  }

  // what could not be priced is said, never shown as a cost of zero
  private static String cost(LlmSummary.Side side) {
    if (side.priced() == 0) {
      return side.answers() == 0 ? "n/a" : "unpriced";
    }
    String cost = String.format(Locale.ROOT, "%.4f", side.costPerThousand());
    return side.unpriced() == 0 ? cost : cost + " (" + side.unpriced() + " unpriced)";
  }

  // the local embedding model's cosine: the meaning, not the wording; pairs it could not measure
  // say
  // so rather than vanish
  private static void printMeaning(PrintWriter out, ComparisonSummary.MetricSummary m) {
    out.printf(
        Locale.ROOT,
        "  meaning            semantic cosine p5/p50 %.2f/%.2f, lowest %.2f over %d pairs%s%n",
        m.p05(),
        m.p50(),
        m.min(),
        m.count(),
        m.unmeasured() > 0 ? " (" + m.unmeasured() + " not measured)" : "");
  }

  /** Prints the gate's table and verdict. */
  public static void print(PrintWriter out, GateResult gate) {
    out.printf(Locale.ROOT, "  %-22s %-12s %-12s %s%n", "check", "actual", "required", "");
    for (GateCheck c : gate.checks()) {
      out.printf(
          Locale.ROOT,
          "  %-22s %-12s %-12s %s  %s%n",
          c.name(),
          c.actual(),
          c.limit(),
          c.passed() ? "pass" : "FAIL",
          c.detail());
    }
    out.println("Gate: " + (gate.passed() ? "PASS" : "FAIL"));
  }

  private static String pair(LatencySummary l) {
    return l.count() == 0
        ? "n/a"
        : String.format(Locale.ROOT, "%.1f/%.1f ms", l.p50Millis(), l.p99Millis());
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : "n/a";
  }
}
