package dev.shadowpipeline.shadow.gate;

import java.util.List;

/**
 * The gate's verdict.
 *
 * @param passed whether every check passed
 * @param checks each criterion in turn
 */
public record GateResult(boolean passed, List<GateCheck> checks) {
  public GateResult {
    checks = List.copyOf(checks);
  }
}
