package dev.shadowpipeline.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the same state from being re-sent every run. For each subject ({@link AlertEvent#subjectKey()}) it
 * remembers the last state sent and when:
 *
 * <ul>
 *   <li>a changed state is sent at once (drift → healthy, healthy → drift);</li>
 *   <li>an unchanged bad state (drift, failed) is sent again only after {@code remindAfter};</li>
 *   <li>a healthy state is sent only as a recovery, i.e. when a bad state was sent before.</li>
 * </ul>
 *
 * <p>State is kept in memory or in a small JSON file (written atomically) so that it survives between scheduled
 * runs of separate processes; a scheduled job in CI should keep that file with its history database. An
 * unreadable file is logged and treated as empty: a duplicate alert is better than a lost one. Only deliveries that
 * reached at least one channel are recorded, so a failed send is tried again next run.
 */
public final class AlertCooldown {

  private static final Logger LOG = LoggerFactory.getLogger(AlertCooldown.class);

  private record Sent(AlertState state, Instant at) {}

  private final Path file;
  private final Duration remindAfter;
  private final Clock clock;
  private final Map<String, Sent> sent; // guarded by this

  private AlertCooldown(Path file, Duration remindAfter, Clock clock, Map<String, Sent> sent) {
    this.file = file;
    this.remindAfter = remindAfter;
    this.clock = clock;
    this.sent = sent;
  }

  /** Sends every event; nothing is remembered. */
  public static AlertCooldown none() {
    return new AlertCooldown(null, Duration.ZERO, Clock.systemUTC(), null);
  }

  /** Remembers in memory, for one long-running process. */
  public static AlertCooldown inMemory(Duration remindAfter, Clock clock) {
    return new AlertCooldown(
        null, checked(remindAfter), Objects.requireNonNull(clock, "clock"), new HashMap<>());
  }

  /** Remembers in {@code file} (created when first needed), for runs in separate processes. */
  public static AlertCooldown inFile(Path file, Duration remindAfter, Clock clock) {
    Objects.requireNonNull(file, "file");
    return new AlertCooldown(
        file, checked(remindAfter), Objects.requireNonNull(clock, "clock"), load(file));
  }

  /** Why this event must not be sent now, or empty when it should be. */
  public synchronized Optional<String> holdBack(AlertEvent event) {
    if (sent == null) {
      return Optional.empty();
    }
    Sent last = sent.get(event.subjectKey());
    if (last == null) {
      return event.state() == AlertState.HEALTHY
          ? Optional.of(
              "no alert was sent for " + event.subjectKey() + ", so there is no recovery to report")
          : Optional.empty();
    }
    if (last.state() != event.state()) {
      return Optional.empty();
    }
    if (!event.remindsWhileUnchanged()) {
      return Optional.of(
          event.subjectKey() + " is still " + event.state() + ", already reported at " + last.at());
    }
    Instant due = last.at().plus(remindAfter);
    if (clock.instant().isBefore(due)) {
      return Optional.of(
          event.subjectKey()
              + " is still "
              + event.state()
              + ", sent at "
              + last.at()
              + "; next reminder from "
              + due);
    }
    return Optional.empty();
  }

  /** Records that the event reached at least one channel. */
  public synchronized void recordSent(AlertEvent event) {
    if (sent == null) {
      return;
    }
    sent.put(event.subjectKey(), new Sent(event.state(), clock.instant()));
    if (file != null) {
      save();
    }
  }

  private static Duration checked(Duration remindAfter) {
    Objects.requireNonNull(remindAfter, "remindAfter");
    if (remindAfter.isNegative()) {
      throw new IllegalArgumentException("remindAfter must not be negative: " + remindAfter);
    }
    return remindAfter;
  }

  private static Map<String, Sent> load(Path file) {
    Map<String, Sent> states = new HashMap<>();
    if (!Files.exists(file)) {
      return states;
    }
    try {
      JsonNode subjects =
          AlertJson.MAPPER
              .readTree(Files.readString(file, StandardCharsets.UTF_8))
              .path("subjects");
      for (Map.Entry<String, JsonNode> entry : subjects.properties()) {
        states.put(
            entry.getKey(),
            new Sent(
                AlertState.valueOf(entry.getValue().path("state").asText()),
                Instant.parse(entry.getValue().path("sentAt").asText())));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "ignoring unreadable alert cooldown file {} (alerts may repeat once): {}",
          file,
          e.getMessage());
      states.clear();
    }
    return states;
  }

  private void save() {
    ObjectNode root = AlertJson.MAPPER.createObjectNode();
    root.put("version", 1);
    ObjectNode subjects = root.putObject("subjects");
    sent.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry ->
                subjects
                    .putObject(entry.getKey())
                    .put("state", entry.getValue().state().name())
                    .put("sentAt", entry.getValue().at().toString()));
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Files.writeString(temp, root.toPrettyString() + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.warn(
          "cannot write alert cooldown file {} (alerts may repeat next run): {}",
          file,
          e.getMessage());
    }
  }
}
