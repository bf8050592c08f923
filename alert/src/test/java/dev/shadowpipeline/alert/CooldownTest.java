package dev.shadowpipeline.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.alert.DeliveryResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CooldownTest {

  @TempDir Path dir;

  private Receiver receiver;
  private final MutableClock clock = new MutableClock(Events.T0);

  @BeforeEach
  void start() throws Exception {
    receiver = new Receiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private Notifier notifier(AlertCooldown cooldown) {
    return Notifier.builder()
        .channel(DiscordChannel.of(new Secret(receiver.url("/d"))))
        .cooldown(cooldown)
        .policy(DeliveryPolicy.defaults().withMaxAttempts(1))
        .build();
  }

  private Outcome send(Notifier notifier, AlertEvent event) throws Exception {
    return notifier.send(event).get(10, TimeUnit.SECONDS).results().get(0).outcome();
  }

  @Test
  void sameDriftIsHeldBackUntilTheReminderIsDue() throws Exception {
    Notifier notifier = notifier(AlertCooldown.inMemory(Duration.ofHours(24), clock));

    assertThat(send(notifier, Events.smallDrift())).isEqualTo(Outcome.DELIVERED);
    clock.advance(Duration.ofHours(23));
    assertThat(send(notifier, Events.smallDrift())).isEqualTo(Outcome.SUPPRESSED);
    clock.advance(Duration.ofHours(1));
    assertThat(send(notifier, Events.smallDrift())).isEqualTo(Outcome.DELIVERED);
    assertThat(receiver.received()).hasSize(2);
  }

  @Test
  void recoveryIsSentOnceAndOnlyAfterADrift() throws Exception {
    Notifier notifier = notifier(AlertCooldown.inMemory(Duration.ofHours(24), clock));

    assertThat(send(notifier, Events.recovered())).isEqualTo(Outcome.SUPPRESSED);
    assertThat(send(notifier, Events.smallDrift())).isEqualTo(Outcome.DELIVERED);
    assertThat(send(notifier, Events.recovered())).isEqualTo(Outcome.DELIVERED);
    clock.advance(Duration.ofDays(3));
    assertThat(send(notifier, Events.recovered())).isEqualTo(Outcome.SUPPRESSED);
    // drift again right after recovering is a change of state: sent at once
    assertThat(send(notifier, Events.smallDrift())).isEqualTo(Outcome.DELIVERED);
  }

  @Test
  void aFailedDeliveryIsNotRecordedSoItIsTriedAgain() throws Exception {
    receiver.always(500);
    Notifier notifier = notifier(AlertCooldown.inMemory(Duration.ofHours(24), clock));

    assertThat(send(notifier, Events.smallDrift())).isEqualTo(Outcome.FAILED);
    receiver.always(204);
    assertThat(send(notifier, Events.smallDrift())).isEqualTo(Outcome.DELIVERED);
  }

  @Test
  void stateInAFileSurvivesBetweenProcessesAndAnUnreadableFileIsIgnored() throws Exception {
    Path file = dir.resolve("state/alert-state.json");
    assertThat(
            send(
                notifier(AlertCooldown.inFile(file, Duration.ofHours(24), clock)),
                Events.smallDrift()))
        .isEqualTo(Outcome.DELIVERED);
    assertThat(Files.readString(file)).contains("\"drift:credit\"").contains("\"DRIFT\"");

    // the next scheduled run is a new process with a new cooldown object
    assertThat(
            send(
                notifier(AlertCooldown.inFile(file, Duration.ofHours(24), clock)),
                Events.smallDrift()))
        .isEqualTo(Outcome.SUPPRESSED);

    Files.writeString(file, "{ not json");
    assertThat(
            send(
                notifier(AlertCooldown.inFile(file, Duration.ofHours(24), clock)),
                Events.smallDrift()))
        .isEqualTo(Outcome.DELIVERED);
  }

  @Test
  void dryRunConsultsTheCooldownButDoesNotUpdateIt() throws Exception {
    AlertCooldown cooldown = AlertCooldown.inMemory(Duration.ofHours(24), clock);
    Notifier dry =
        Notifier.builder()
            .channel(SlackChannel.of(new Secret(receiver.url("/s"))))
            .cooldown(cooldown)
            .dryRun(true)
            .build();

    assertThat(send(dry, Events.smallDrift())).isEqualTo(Outcome.DRY_RUN);
    assertThat(send(notifier(cooldown), Events.smallDrift())).isEqualTo(Outcome.DELIVERED);
    assertThat(send(dry, Events.smallDrift())).isEqualTo(Outcome.SUPPRESSED);
  }

  @Test
  void differentSubjectsHaveTheirOwnState() throws Exception {
    Notifier notifier = notifier(AlertCooldown.inMemory(Duration.ofHours(24), clock));

    assertThat(send(notifier, Events.smallDrift())).isEqualTo(Outcome.DELIVERED);
    assertThat(send(notifier, new AlertEvent.PipelineFailed("daily", "r", Events.T0, "boom", null)))
        .isEqualTo(Outcome.DELIVERED);
    assertThat(
            send(
                notifier,
                new AlertEvent.GateFailed("candidate", Events.T0, java.util.List.of("x"), null)))
        .isEqualTo(Outcome.DELIVERED);
  }
}
