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
    checks.add(
        new GateCheck(
            "requests",
            Long.toString(s.requests()),
            ">= " + c.minRequests(),
            s.requests() >= c.minRequests(),
            "pairs compared"));
    double lower = s.agreement().lower();
    // with a noise baseline the summary's agreement and severities count real differences only:
    // the checks say so, and show the raw figure beside
    ComparisonSummary.Noise noise = s.noise();
    checks.add(
        new GateCheck(
            "agreement",
            fixed(lower),
            ">= " + fixed(c.minAgreement()),
            s.requests() > 0 && lower >= c.minAgreement(),
            String.format(
                    Locale.ROOT,
                    "95%% Wilson lower bound%s; observed %d of %d = %s",
                    noise == null ? "" : " on real differences",
                    s.matches(),
                    s.requests(),
                    s.requests() == 0 ? "n/a" : fixed(s.agreement().proportion()))
                + (noise == null
                    ? ""
                    : String.format(
                        Locale.ROOT,
                        "; %d of %d differing fields are noise, raw agreement %s",
                        noise.noiseKeys().size(),
                        noise.keysClassified(),
                        s.requests() == 0 ? "n/a" : fixed(noise.rawAgreement().proportion())))));
    long critical = s.severity("critical");
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
    double p99 = s.latencyDelta().p99Millis();
    boolean measured = s.latencyDelta().count() > 0;
    checks.add(
        new GateCheck(
            "latency delta p99",
            measured ? millis(p99) : "n/a",
            "<= " + millis(c.maxLatencyDeltaP99Millis()),
            !measured || p99 <= c.maxLatencyDeltaP99Millis(),
            measured
                ? "shadow minus primary, pairs where both answered"
                : "no pair where both answered"));
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

  /** The verdict as written to {@code gate.json}. */
  public static ObjectNode toJson(
      GateResult result, GateCriteria criteria, ComparisonSummary s, ObjectMapper mapper) {
    ObjectNode root = mapper.createObjectNode();
    root.put("passed", result.passed());
    root.put("requests", s.requests());
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
