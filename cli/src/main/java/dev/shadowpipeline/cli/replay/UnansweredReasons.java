package dev.shadowpipeline.cli.replay;

import dev.shadowpipeline.shadow.compare.Difference;
import dev.shadowpipeline.shadow.compare.DifferenceKind;
import dev.shadowpipeline.shadow.proxy.HostPort;
import dev.shadowpipeline.shadow.proxy.UpstreamAddress;
import dev.shadowpipeline.shadow.replay.RegressionOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why the candidate gave no answer, grouped, for the line under regress's table: a wrong {@code --model} path gives
 * every input the same 404, a stopped model the same refused connection, and both should be seen without opening
 * regress.json.
 */
final class UnansweredReasons {

  /** Most reasons listed; the rest are counted together. */
  static final int MAX_LISTED = 3;

  private UnansweredReasons() {}

  /**
   * E.g. {@code status 404 where the primary answered 200 (361 inputs; e.g. POST
   * http://127.0.0.1:8002/predict/predict)}.
   */
  static String describe(List<RegressionOutcome> outcomes, UpstreamAddress model) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, String> examples = new LinkedHashMap<>();
    for (RegressionOutcome r : outcomes) {
      if (r.status() != RegressionOutcome.Status.UNANSWERED) {
        continue;
      }
      String reason = reason(r);
      counts.computeIfAbsent(reason, k -> new int[1])[0]++;
      examples.putIfAbsent(reason, r.entry().method() + " " + url(model, r.entry().uri()));
    }
    List<Map.Entry<String, int[]>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]));
    List<String> parts = new ArrayList<>();
    int rest = 0;
    for (int i = 0; i < sorted.size(); i++) {
      Map.Entry<String, int[]> e = sorted.get(i);
      int n = e.getValue()[0];
      if (i < MAX_LISTED) {
        parts.add(
            e.getKey()
                + " ("
                + n
                + (n == 1 ? " input" : " inputs")
                + "; e.g. "
                + examples.get(e.getKey())
                + ")");
      } else {
        rest += n;
      }
    }
    if (rest > 0) {
      parts.add("other reasons (" + rest + (rest == 1 ? " input)" : " inputs)"));
    }
    return String.join("; ", parts);
  }

  private static String reason(RegressionOutcome r) {
    for (Difference d : r.verdict().differences()) {
      if (d.kind() == DifferenceKind.SHADOW_ERROR || d.kind() == DifferenceKind.SHADOW_TIMEOUT) {
        return d.reason() != null ? d.reason() : d.kind().label();
      }
    }
    for (Difference d : r.verdict().differences()) {
      if (d.kind() == DifferenceKind.STATUS_CLASS && d.shadow() != null && d.primary() != null) {
        return "status "
            + d.shadow().asText()
            + " where the primary answered "
            + d.primary().asText();
      }
    }
    return "no JSON where the primary answered JSON";
  }

  private static String url(UpstreamAddress model, String uri) {
    return (model.ssl() ? "https" : "http")
        + "://"
        + HostPort.of(model.host(), model.port())
        + model.target(uri);
  }
}
