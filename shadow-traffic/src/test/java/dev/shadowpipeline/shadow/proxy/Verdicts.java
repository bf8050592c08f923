package dev.shadowpipeline.shadow.proxy;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading verdicts in proxy tests, where loopback latency under load is not what is being tested. */
final class Verdicts {

  private Verdicts() {}

  /**
   * Whether the answers agreed: no difference above {@code info}. A latency over budget is an info-level divergence,
   * and a busy CI machine can produce one at any time.
   */
  static boolean agrees(JsonNode record) {
    for (JsonNode d : record.at("/verdict/differences")) {
      if (!d.path("severity").asText().equals("info")) {
        return false;
      }
    }
    return true;
  }
}
