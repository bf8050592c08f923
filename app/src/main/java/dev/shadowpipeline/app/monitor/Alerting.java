package dev.shadowpipeline.app.monitor;

import dev.shadowpipeline.alert.AlertCooldown;
import dev.shadowpipeline.alert.DeliveryPolicy;
import dev.shadowpipeline.alert.Notifier;
import dev.shadowpipeline.alert.action.ActionRunner;
import dev.shadowpipeline.alert.action.OnDriftAction;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a drift job's news goes: the notifier (channels plus cooldown), the {@code on-drift} action, and the public
 * base URL used for report links.
 *
 * @param notifier sends alert events
 * @param onDrift what to run when drift is found, or null
 * @param actions runs {@code onDrift}
 * @param site the dashboard configuration (for report links), or null
 */
public record Alerting(
    Notifier notifier, OnDriftAction onDrift, ActionRunner actions, MonitorConfig.Site site) {

  public Alerting {
    Objects.requireNonNull(notifier, "notifier");
    Objects.requireNonNull(actions, "actions");
  }

  /** No channels and no action: runs are recorded, nobody is told. */
  public static Alerting none() {
    return new Alerting(Notifier.builder().build(), null, new ActionRunner(false), null);
  }

  /**
   * From a monitor configuration, with the cooldown state kept in its {@link MonitorConfig#stateFile()}.
   *
   * @param dryRun print payloads and describe actions instead of sending and running them
   */
  public static Alerting from(MonitorConfig config, boolean dryRun, Clock clock) {
    return from(config, dryRun, clock, DeliveryPolicy.defaults());
  }

  static Alerting from(MonitorConfig config, boolean dryRun, Clock clock, DeliveryPolicy policy) {
    Notifier notifier =
        Notifier.builder()
            .channels(config.alerts())
            .policy(policy)
            .cooldown(cooldown(config.stateFile(), config.cooldown(), clock))
            .dryRun(dryRun)
            .build();
    return new Alerting(notifier, config.onDrift(), new ActionRunner(dryRun), config.site());
  }

  private static AlertCooldown cooldown(Path stateFile, Duration remindAfter, Clock clock) {
    return AlertCooldown.inFile(stateFile, remindAfter, clock);
  }

  /** The public link of a run's report, or null. */
  String reportUrl(String runId) {
    return site == null ? null : site.reportUrl(runId);
  }

  /** The public link of the dashboard, or null. */
  String siteUrl() {
    return site == null ? null : site.url();
  }
}
