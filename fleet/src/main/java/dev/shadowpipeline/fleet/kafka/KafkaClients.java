package dev.shadowpipeline.fleet.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Builds the Kafka clients of a topic address and its settings: the sink's producer, readers' consumers, the admin. */
public final class KafkaClients {

  /**
   * The largest record the sink sends (and a created topic accepts): three captured bodies of the default 1 MiB and
   * their record around them fit. A topic created elsewhere keeps the broker's limit (1 MB by default); larger records
   * are refused by the broker and counted.
   */
  public static final int MAX_RECORD_BYTES = 8 << 20;

  private KafkaClients() {}

  /**
   * The sink's producer: idempotent (a retried batch is never written twice), every in-sync replica acknowledges,
   * compressed; sending waits for metadata at most {@code maxBlock} (the sink calls it from its own thread).
   */
  public static KafkaProducer<byte[], byte[]> producer(
      KafkaAddress address, KafkaSettings settings, String clientId, Duration maxBlock) {
    Map<String, Object> p = common(address, settings, clientId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
    // the sink bounds what it holds itself (its records until acknowledged); the producer's own
    // buffer gets the same room and a little more, so that sending never waits on it
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, settings.bufferBytes() + (1L << 20));
    long delivery = settings.deliveryTimeout().toMillis();
    // delivery.timeout.ms must cover linger.ms + request.timeout.ms
    long request = Math.max(1000, Math.min(30_000, delivery / 3));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, delivery));
    // a broker that went away is tried again soon, not after the default 1 s growing to 1 s
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    return built(
        address,
        settings,
        () -> new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()));
  }

  /**
   * A consumer of raw messages; offsets are never committed automatically.
   *
   * @param group the consumer group, or {@code null} for a reader that assigns partitions itself
   */
  public static KafkaConsumer<byte[], byte[]> consumer(
      KafkaAddress address, KafkaSettings settings, String clientId, String group) {
    Map<String, Object> p = common(address, settings, clientId);
    if (group != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_RECORD_BYTES);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return built(
        address,
        settings,
        () -> new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
  }

  /** An admin client, for checking and creating topics. */
  public static Admin admin(KafkaAddress address, KafkaSettings settings, String clientId) {
    Map<String, Object> p = common(address, settings, clientId);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    return built(address, settings, () -> Admin.create(p));
  }

  /**
   * Builds a client. What fails here is what the user gave (a store the client cannot load, a setting it refuses),
   * never the brokers, which it reaches only later: a {@link KafkaSetupException} with the client's own reason,
   * secrets masked.
   */
  private static <C> C built(KafkaAddress address, KafkaSettings settings, Supplier<C> client) {
    try {
      return client.get();
    } catch (KafkaException e) {
      throw new KafkaSetupException(
          null, "cannot start a Kafka client for " + address + ": " + settings.mask(reason(e)), e);
    }
  }

  // "Failed to construct kafka consumer" says nothing: its causes say why, the outer ones what
  // (the store), the inner ones why (its password)
  private static String reason(KafkaException e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e.getCause(); t != null && parts.size() < 3; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null
          && !m.isBlank()
          && (parts.isEmpty() || !parts.get(parts.size() - 1).contains(m))) {
        parts.add(m);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return parts.isEmpty() ? String.valueOf(e.getMessage()) : String.join(": ", parts);
  }

  // checked first, so that a missing store or an unknown host is one clear line (KafkaPreflight)
  private static Map<String, Object> common(
      KafkaAddress address, KafkaSettings settings, String clientId) {
    KafkaPreflight.check(address, settings);
    Map<String, Object> p = new HashMap<>(settings.connectionProperties());
    p.put("bootstrap.servers", address.bootstrapServers());
    p.put("client.id", clientId);
    // the client's own telemetry push (KIP-714) is for the broker operator; off, so that brokers
    // without it do not log a refusal
    p.put("enable.metrics.push", false);
    return p;
  }
}
