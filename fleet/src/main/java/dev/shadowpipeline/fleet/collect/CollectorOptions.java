package dev.shadowpipeline.fleet.collect;

import dev.shadowpipeline.fleet.kafka.KafkaAddress;
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a collector reads, where it keeps what it builds, and how often.
 *
 * @param from the topic of the fleet's records
 * @param kafka how to reach the brokers
 * @param group the consumer group: a collector restarted with the same group and folder resumes where it stopped
 * @param out the folder of the fleet's records, suite, summary and report
 * @param capture how the suite is kept (its caps); the records come judged and redacted already
 * @param refresh how often summary.json and report.html are rewritten
 * @param commitInterval how often the records are made durable and the offsets committed
 * @param windowGrace how long after a window's end (by the watermark) records may still come for it
 * @param db the history database for per-minute windows, or {@code null}
 * @param instanceId the windows' instance for records that carry none
 * @param env environment variables (the database's credentials)
 * @param clock the wall clock
 */
public record CollectorOptions(
    KafkaAddress from,
    KafkaSettings kafka,
    String group,
    Path out,
    CaptureSettings capture,
    Duration refresh,
    Duration commitInterval,
    Duration windowGrace,
    String db,
    String instanceId,
    Map<String, String> env,
    Clock clock) {

  /** How often summary.json and report.html are rewritten by default. */
  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);

  /** How often offsets are committed by default. */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(5);

  /** How late records may come for a window by default. */
  public static final Duration DEFAULT_WINDOW_GRACE = Duration.ofMinutes(2);

  public CollectorOptions {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(capture, "capture");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(clock, "clock");
    env = Map.copyOf(env);
    if (group == null || group.isBlank()) {
      throw new IllegalArgumentException("a consumer group is required");
    }
    positive("refresh", refresh);
    positive("commit interval", commitInterval);
    Objects.requireNonNull(windowGrace, "windowGrace");
    if (windowGrace.isNegative()) {
      throw new IllegalArgumentException("window grace must not be negative: " + windowGrace);
    }
  }

  private static void positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }
}
