package dev.shadowpipeline.alert;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Notifier} did with one event: one result per channel.
 *
 * @param event the event
 * @param results per-channel results, in channel order
 */
public record AlertReport(AlertEvent event, List<DeliveryResult> results) {

  public AlertReport {
    Objects.requireNonNull(event, "event");
    results = List.copyOf(results);
  }

  /** Whether at least one channel accepted the message. */
  public boolean anyDelivered() {
    return results.stream().anyMatch(r -> r.outcome() == DeliveryResult.Outcome.DELIVERED);
  }

  /** Whether the cooldown held the event back. */
  public boolean suppressed() {
    return !results.isEmpty()
        && results.stream().allMatch(r -> r.outcome() == DeliveryResult.Outcome.SUPPRESSED);
  }
}
