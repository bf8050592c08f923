package dev.shadowpipeline.fleet.kafka;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Whether a topic exists, creating it when the settings allow ({@code create-topic: true}). The sink never lets a
 * broker create a topic as a side effect of sending (its auto-creation would give it the broker's defaults, and a typo
 * in a topic name would go unnoticed): a missing topic is either created here, with the partitions, replicas and
 * largest record the settings give, or reported as one clear error.
 */
public final class TopicCheck {

  /** What the check found. */
  public enum Outcome {
    /** The topic was there. */
    EXISTS,
    /** The topic was missing and has been created. */
    CREATED,
    /** The topic is missing and may not be created. */
    MISSING
  }

  private TopicCheck() {}

  /**
   * Checks (and creates, when allowed) the topic of {@code address}.
   *
   * @throws IOException when the brokers do not answer within {@code timeout}: the message says why, without
   *     credentials
   * @throws KafkaSetupException when the brokers refuse the login or the operation ({@link KafkaRefusal})
   */
  public static Outcome ensure(
      Admin admin, KafkaAddress address, KafkaSettings settings, Duration timeout)
      throws IOException {
    String topic = address.topic();
    try {
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Outcome.EXISTS;
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
        throw problem(address, settings, "describe", e.getCause());
      }
    } catch (TimeoutException e) {
      throw problem(address, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while checking " + address);
    }
    if (!settings.createTopic()) {
      return Outcome.MISSING;
    }
    NewTopic created =
        new NewTopic(
                topic,
                settings.partitions() == 0 ? Optional.empty() : Optional.of(settings.partitions()),
                settings.replicationFactor() == 0
                    ? Optional.empty()
                    : Optional.of(settings.replicationFactor()))
            .configs(Map.of("max.message.bytes", Integer.toString(KafkaClients.MAX_RECORD_BYTES)));
    try {
      admin.createTopics(List.of(created)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Outcome.CREATED;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return Outcome.EXISTS; // another proxy of the fleet created it first
      }
      throw problem(address, settings, "create", e.getCause());
    } catch (TimeoutException e) {
      throw problem(address, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while creating " + address);
    }
  }

  /** The one-line error for a missing topic that may not be created. */
  public static String missingMessage(KafkaAddress address) {
    return "topic '"
        + address.topic()
        + "' does not exist on "
        + address.bootstrapServers()
        + ": create it (kafka-topics.sh --create --topic "
        + address.topic()
        + ") or set 'create-topic: true' in the config's kafka: section";
  }

  // a refused login or operation is thrown as it is: retrying cannot fix it
  private static IOException problem(
      KafkaAddress address, KafkaSettings settings, String doing, Throwable cause) {
    KafkaSetupException refused = KafkaRefusal.of(cause, address, settings, doing);
    if (refused != null) {
      throw refused;
    }
    return problem(address, cause);
  }

  private static IOException problem(KafkaAddress address, Throwable cause) {
    String why =
        cause instanceof TimeoutException
                || cause instanceof org.apache.kafka.common.errors.TimeoutException
            ? "no broker answered"
            : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return new IOException("cannot reach " + address + ": " + why, cause);
  }
}
