package dev.shadowpipeline.alert;

import java.util.Objects;

/**
 * What happened to one event on one channel.
 *
 * @param channel the channel's name
 * @param outcome delivered, failed, dry run or suppressed
 * @param attempts requests made (0 for dry runs and suppressed events)
 * @param lastStatus HTTP status of the last answer, or 0 when none came
 * @param reason why it failed or was suppressed; empty otherwise. Never contains the channel's secret.
 * @param payload the JSON body that was (or would have been) sent
 */
public record DeliveryResult(
    String channel, Outcome outcome, int attempts, int lastStatus, String reason, String payload) {

  /** How a delivery ended. */
  public enum Outcome {
    /** The platform accepted the message (2xx). */
    DELIVERED,
    /** Every attempt failed or the platform refused it; see the reason. */
    FAILED,
    /** Not sent: dry-run mode; the payload is what would have been sent. */
    DRY_RUN,
    /** Not sent: the cooldown holds this state back. */
    SUPPRESSED
  }

  public DeliveryResult {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
  }
}
