package dev.shadowpipeline.cli.fleet;

import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.fleet.kafka.KafkaAddress;
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
import dev.shadowpipeline.fleet.kafka.KafkaSetupException;
import dev.shadowpipeline.fleet.read.TimeBounds;
import dev.shadowpipeline.fleet.read.TopicReader;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code --records kafka://HOST:PORT[,HOST:PORT]/TOPIC} with {@code --from-time} and {@code --to-time}: a topic's
 * records read once for {@code report}, {@code gate} and {@code regress}, up to the end offsets taken at the start.
 */
public final class TopicInput {

  /** How long reading may go without progress before it fails. */
  static final Duration STALL = Duration.ofSeconds(30);

  private TopicInput() {}

  /** Whether a {@code --records} value names a topic. */
  public static boolean isTopic(String records) {
    return KafkaAddress.isAddress(records);
  }

  /**
   * The range's ends; bad values and ends given without a topic are usage errors.
   *
   * @return {@code [from, to]}, each {@code null} when not given
   */
  public static Instant[] range(String records, String fromTime, String toTime) {
    if (!isTopic(records) && (fromTime != null || toTime != null)) {
      throw new UsageException(
          (fromTime != null ? "--from-time" : "--to-time")
              + " selects records of a Kafka topic: give --records kafka://HOST:PORT/TOPIC");
    }
    Instant from = time("--from-time", fromTime);
    Instant to = time("--to-time", toTime);
    if (from != null && to != null && !from.isBefore(to)) {
      throw new UsageException("--from-time (" + from + ") must be before --to-time (" + to + ")");
    }
    return new Instant[] {from, to};
  }

  private static Instant time(String option, String value) {
    if (value == null) {
      return null;
    }
    try {
      return TimeBounds.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  /**
   * Reads the topic's records in {@code [from, to)} into {@code consumer}, printing what was skipped to stderr.
   *
   * @param config the --config file, whose {@code kafka:} section says how to reach the brokers, or {@code null}
   * @throws UsageException when the address is bad, names no known host, a TLS store cannot be read, the topic
   *     does not exist or no broker answers
   */
  public static TopicReader.Result read(
      String records,
      Path config,
      Instant from,
      Instant to,
      RecordConsumer consumer,
      CliContext ctx) {
    KafkaAddress address;
    try {
      address = KafkaAddress.parse(records);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--records: " + e.getMessage());
    }
    KafkaSettings settings = KafkaSettings.fromFile(config, ctx.env(), ctx::warn);
    TopicReader.Result result;
    try {
      result = new TopicReader(address, settings, STALL).read(from, to, consumer);
    } catch (IOException e) {
      throw new UsageException("--records: " + e.getMessage());
    } catch (KafkaSetupException e) {
      throw setupError("--records", config, e);
    }
    if (result.skipped() > 0) {
      ctx.err()
          .printf(
              "warning: skipped %d messages of %s that are not records:%n",
              result.skipped(), address);
      result.problems().forEach(p -> ctx.err().println("  " + p));
    }
    if (result.duplicates() > 0) {
      ctx.err()
          .printf(
              "warning: skipped %d records of %s seen already (the same record id twice)%n",
              result.duplicates(), address);
    }
    return result;
  }

  /**
   * A Kafka client that cannot be built, as one line naming where the fault was given: the flag of the address (an
   * unknown host), or the config file and its key (a store that cannot be read).
   */
  static UsageException setupError(String flag, Path config, KafkaSetupException e) {
    if (e.key() == null || config == null) {
      return new UsageException(flag + ": " + e.getMessage(), e);
    }
    return new UsageException(config.getFileName() + ": " + e.getMessage(), e);
  }

  /** How a read is described in output: the topic and its range. */
  public static String describe(String records, Instant from, Instant to) {
    return records
        + (from == null && to == null
            ? ""
            : " (records from "
                + (from == null ? "the start" : from)
                + " to "
                + (to == null ? "the end" : to)
                + ")");
  }
}
