package dev.shadowpipeline.shadow.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides promotion from a comparison summary. Agreement is judged by the lower bound of its 95% Wilson interval, so
 * a handful of agreeing requests cannot pass a strict gate by luck: 3 of 3 has a lower bound of 0.44.
 */
public final class Gate {

  /** The gate's file name in an output folder. */
  public static final String FILE = "gate.json";

  private Gate() {}

  /** Checks every criterion. */
  public static GateResult evaluate(ComparisonSummary s, GateCriteria c) {
    List<GateCheck> checks = new ArrayList<>();
    ComparisonSummary.Evidence evidence = s.evidence();
    // a pair where a side gave no answer compares nothing: counting it would let a run in which the
    // primary never answered pass on "pairs" and "agreement" alone
    checks.add(
        new GateCheck(
            "pairs compared",
            Long.toString(evidence.compared()),
            ">= " + c.minRequests(),
            evidence.compared() >= c.minRequests(),
            String.format(
                Locale.ROOT,
                "%d of %d pairs where both models answered",
                evidence.compared(),
                s.requests())));
    checks.add(agreement(s, c));
    long critical = s.severity("critical");
    ComparisonSummary.Noise noise = s.noise();
    checks.add(
        new GateCheck(
            "critical divergences",
            Long.toString(critical),
            "<= " + c.maxCritical(),
            critical <= c.maxCritical(),
            noise == null
                ? "pairs with a critical difference"
                : "pairs with a real critical difference; "
                    + noise.rawSeverity("critical")
                    + " with noise included"));
    checks.add(latency(s, c));
    checks.add(
        new GateCheck(
            "shadow error rate",
            fixed(s.shadowErrorRate()),
            "<= " + fixed(c.maxShadowErrorRate()),
            s.shadowErrorRate() <= c.maxShadowErrorRate(),
            s.shadowErrors() + " errors (" + s.shadowTimeouts() + " timeouts)"));
    boolean passed = checks.stream().allMatch(GateCheck::passed);
    return new GateResult(passed, checks);
  }

  // pairs that count as agreeing though a side gave no answer (a primary failure is graded info by
  // default) are left out, so the bound is over answers that were compared; a shadow failure graded
  // warning stays in, as the disagreement it is. The summary's agreement is over the same pairs
  private static GateCheck agreement(ComparisonSummary s, GateCriteria c) {
    long leftOut = s.agreementLeftOut();
    long matches = s.agreementMatches();
    long trials = s.agreementPairs();
    double lower = s.agreement().lower();
    // with a noise baseline the summary's agreement and severities count real differences only:
    // the check says so, and shows the raw figure beside
    ComparisonSummary.Noise noise = s.noise();
    String detail =
        String.format(
                Locale.ROOT,
                "95%% Wilson lower bound%s; observed %d of %d = %s",
                noise == null ? "" : " on real differences",
                matches,
                trials,
                trials == 0 ? "n/a" : fixed((double) matches / trials))
            + (leftOut == 0
                ? ""
                : String.format(
                    Locale.ROOT,
                    "; %d pairs where a side gave no answer left out, though graded as agreeing",
                    leftOut))
            + (noise == null
                ? ""
                : String.format(
                    Locale.ROOT,
                    "; %d of %d differing fields are noise, raw agreement %s",
                    noise.noiseKeys().size(),
                    noise.keysClassified(),
                    trials == 0 ? "n/a" : fixed(noise.rawAgreement().proportion())));
    return new GateCheck(
        "agreement",
        trials == 0 ? "n/a" : fixed(lower),
        ">= " + fixed(c.minAgreement()),
        trials > 0 && lower >= c.minAgreement(),
        detail);
  }

  // a latency check that could not be computed fails, and says why: a p99 over the pairs whose
  // latencies could be read would silently leave out the very ones (an infinite one) that matter
  private static GateCheck latency(ComparisonSummary s, GateCriteria c) {
    String limit = "<= " + millis(c.maxLatencyDeltaP99Millis());
    long compared = s.evidence().compared();
    long unreadable = s.evidence().unreadableLatencies();
    double p99 = s.latencyDelta().p99Millis();
    // every pair where both answered is either measured or unreadable
    String actual = s.latencyDelta().count() > 0 ? millis(p99) : "n/a";
    if (compared == 0) {
      return new GateCheck(
          "latency delta p99", actual, limit, false, "not measured: no pair where both answered");
    }
    if (unreadable > 0) {
      return new GateCheck(
          "latency delta p99",
          actual,
          limit,
          false,
          String.format(
              Locale.ROOT,
              "not measured: %d of %d pairs where both answered have an unreadable latency_ms "
                  + "(missing, not a number, negative or infinite)",
              unreadable,
              compared));
    }
    return new GateCheck(
        "latency delta p99",
        actual,
        limit,
        p99 <= c.maxLatencyDeltaP99Millis(),
        "shadow minus primary, pairs where both answered");
  }

  /** The verdict as written to {@code gate.json}. */
  public static ObjectNode toJson(
      GateResult result, GateCriteria criteria, ComparisonSummary s, ObjectMapper mapper) {
    ObjectNode root = mapper.createObjectNode();
    root.put("passed", result.passed());
    root.put("requests", s.requests());
    root.put("compared", s.evidence().compared());
    ObjectNode crit = root.putObject("criteria");
    crit.put("min_agreement", criteria.minAgreement());
    crit.put("max_critical", criteria.maxCritical());
    crit.put("max_latency_delta_p99_ms", criteria.maxLatencyDeltaP99Millis());
    crit.put("max_shadow_error_rate", criteria.maxShadowErrorRate());
    crit.put("min_requests", criteria.minRequests());
    ArrayNode checks = root.putArray("checks");
    for (GateCheck check : result.checks()) {
      ObjectNode n = checks.addObject();
      n.put("name", check.name());
      n.put("actual", check.actual());
      n.put("limit", check.limit());
      n.put("passed", check.passed());
      n.put("detail", check.detail());
    }
    return root;
  }

  private static String fixed(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String millis(double v) {
    return String.format(Locale.ROOT, "%.1f ms", v);
  }
}
