package dev.shadowpipeline.alert.action;

import java.util.Objects;

/**
 * How an {@code on-drift} action ended.
 *
 * @param outcome succeeded, failed, timed out or dry run
 * @param exitCode the command's exit code, or the HTTP status for a POST; -1 when there was none
 * @param output captured stdout and stderr (commands) or the start of the answer body (POST), possibly cut
 * @param reason why it failed; empty on success
 */
public record ActionResult(Outcome outcome, int exitCode, String output, String reason) {

  /** How an action ended. */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    /** Not run: dry-run mode; {@code output} describes what would have run. */
    DRY_RUN
  }

  public ActionResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(reason, "reason");
  }
}
