package dev.shadowpipeline.alert;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alert events to channels. {@link #send} returns at once; requests, waits and retries run on the HTTP
 * client's threads and timers, so a slow or rate-limiting platform never holds up a drift run or the proxy. The
 * returned future always completes normally with one {@link DeliveryResult} per channel.
 *
 * <pre>{@code
 * Notifier notifier = Notifier.builder()
 *     .channel(DiscordChannel.of(new Secret(env.get("DISCORD_WEBHOOK_URL"))))
 *     .cooldown(AlertCooldown.inFile(dir.resolve("alert-state.json"), Duration.ofHours(24), Clock.systemUTC()))
 *     .build();
 * AlertReport report = notifier.send(event).join();
 * }</pre>
 *
 * <p>In dry-run mode nothing is sent: each result carries the payload that would have gone out, and the cooldown
 * is consulted but not updated.
 */
public final class Notifier {

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private final List<Channel> channels;
  private final AlertCooldown cooldown;
  private final boolean dryRun;
  private final HttpDelivery delivery;

  private Notifier(Builder builder) {
    this.channels = List.copyOf(builder.channels);
    this.cooldown = builder.cooldown;
    this.dryRun = builder.dryRun;
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(builder.policy.connectTimeout())
            .followRedirects(
                HttpClient.Redirect
                    .NEVER) // a redirect would resend the body to a host we did not choose
            .build();
    this.delivery = new HttpDelivery(client, builder.policy);
  }

  /** A builder with no channels, default policy, no cooldown, sending for real. */
  public static Builder builder() {
    return new Builder();
  }

  /** The configured channels. */
  public List<Channel> channels() {
    return channels;
  }

  /** Whether this notifier only builds payloads. */
  public boolean dryRun() {
    return dryRun;
  }

  /** Sends the event to every channel unless the cooldown holds it back. */
  public CompletableFuture<AlertReport> send(AlertEvent event) {
    Objects.requireNonNull(event, "event");
    Optional<String> held = cooldown.holdBack(event);
    if (held.isPresent()) {
      LOG.info("alert {} for {} not sent: {}", event.kind(), event.subjectKey(), held.get());
      List<DeliveryResult> results = new ArrayList<>();
      for (Channel channel : channels) {
        results.add(
            new DeliveryResult(
                channel.name(), DeliveryResult.Outcome.SUPPRESSED, 0, 0, held.get(), ""));
      }
      return CompletableFuture.completedFuture(new AlertReport(event, results));
    }
    List<CompletableFuture<DeliveryResult>> pending = new ArrayList<>();
    for (Channel channel : channels) {
      String payload = channel.payload(event);
      if (dryRun) {
        pending.add(
            CompletableFuture.completedFuture(
                new DeliveryResult(
                    channel.name(), DeliveryResult.Outcome.DRY_RUN, 0, 0, "", payload)));
      } else {
        pending.add(delivery.deliver(channel, event, payload));
      }
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              AlertReport report =
                  new AlertReport(event, pending.stream().map(CompletableFuture::join).toList());
              if (report.anyDelivered()) {
                cooldown.recordSent(event);
              }
              return report;
            });
  }

  /** Configuration of a {@link Notifier}; {@link #build()} makes an immutable notifier. */
  public static final class Builder {

    private final List<Channel> channels = new ArrayList<>();
    private DeliveryPolicy policy = DeliveryPolicy.defaults();
    private AlertCooldown cooldown = AlertCooldown.none();
    private boolean dryRun;

    private Builder() {}

    public Builder channel(Channel channel) {
      channels.add(Objects.requireNonNull(channel, "channel"));
      return this;
    }

    public Builder channels(List<? extends Channel> more) {
      more.forEach(this::channel);
      return this;
    }

    public Builder policy(DeliveryPolicy newPolicy) {
      this.policy = Objects.requireNonNull(newPolicy, "policy");
      return this;
    }

    public Builder cooldown(AlertCooldown newCooldown) {
      this.cooldown = Objects.requireNonNull(newCooldown, "cooldown");
      return this;
    }

    public Builder dryRun(boolean newDryRun) {
      this.dryRun = newDryRun;
      return this;
    }

    /**
     * Builds the notifier.
     *
     * @throws IllegalArgumentException when two channels share a name (results would be ambiguous)
     */
    public Notifier build() {
      long distinct = channels.stream().map(Channel::name).distinct().count();
      if (distinct != channels.size()) {
        throw new IllegalArgumentException(
            "channel names must be unique: " + channels.stream().map(Channel::name).toList());
      }
      return new Notifier(this);
    }
  }
}
