package dev.shadowpipeline.fleet.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.fleet.kafka.KafkaAddress;
import dev.shadowpipeline.fleet.kafka.KafkaClients;
import dev.shadowpipeline.fleet.kafka.KafkaRefusal;
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
import dev.shadowpipeline.fleet.kafka.KafkaSetupException;
import dev.shadowpipeline.fleet.kafka.MissingTopicException;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.record.RecordLineConsumer;
import dev.shadowpipeline.shadow.record.RecordTimes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic's records once, for a decision made now ({@code report}, {@code gate}, {@code regress}): every
 * partition from its beginning, or from the first message produced at {@code from}, up to the end offsets taken when
 * reading starts, so that records produced meanwhile do not keep it reading. Records are selected by their own
 * {@code time} when a range is given; messages that are not records are skipped, counted and named; a record id seen
 * again is skipped as a duplicate. No consumer group is joined and no offset committed: the topic is left as it was.
 */
public final class TopicReader {

  /**
   * What a read found.
   *
   * @param records records handed on
   * @param skipped messages that are not records
   * @param problems the first few skipped, as "topic/partition@offset: why"
   * @param duplicates records whose id was seen already
   * @param outOfRange records outside the time range
   */
  public record Result(
      long records, long skipped, List<String> problems, long duplicates, long outOfRange) {
    public Result {
      problems = List.copyOf(problems);
    }
  }

  /** How late after its {@code time} a record may be produced: the shadow's answer and the comparison. */
  static final Duration LATE_PRODUCE = Duration.ofMinutes(15);

  private final KafkaAddress address;
  private final KafkaSettings settings;
  private final Duration stallTimeout;

  /**
   * @param stallTimeout how long reading may go without any progress before it fails (a broker gone away)
   */
  public TopicReader(KafkaAddress address, KafkaSettings settings, Duration stallTimeout) {
    this.address = Objects.requireNonNull(address, "address");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
  }

  /**
   * Reads the records produced in {@code [from, to)} (by their own time; {@code null} for open ends) into
   * {@code consumer}; a {@link RecordLineConsumer} also gets each record's line as the topic holds it.
   *
   * @throws IOException when the topic does not exist, no broker answers, or reading stalls: the message says which
   * @throws dev.shadowpipeline.fleet.kafka.KafkaSetupException when no broker of the address resolves, a TLS store
   *     cannot be read, or the brokers refuse the login or the read ({@link KafkaRefusal})
   */
  public Result read(Instant from, Instant to, RecordConsumer consumer) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    SkippedMessages skipped = new SkippedMessages();
    RecentIds ids = new RecentIds(RecentIds.DEFAULT_CAPACITY);
    long records = 0;
    long duplicates = 0;
    long outOfRange = 0;
    try (KafkaConsumer<byte[], byte[]> kafka =
        KafkaClients.consumer(address, settings, "shadow-reader", null)) {
      List<TopicPartition> partitions = partitions(kafka);
      kafka.assign(partitions);
      Map<TopicPartition, Long> stop = new HashMap<>(kafka.endOffsets(partitions, stallTimeout));
      if (to != null) {
        endAt(kafka, stop, to.plus(LATE_PRODUCE));
      }
      if (from == null) {
        kafka.seekToBeginning(partitions);
      } else {
        startAt(kafka, partitions, stop, from);
      }
      long progressNanos = System.nanoTime();
      while (!done(kafka, stop)) {
        ConsumerRecords<byte[], byte[]> batch = kafka.poll(Duration.ofMillis(500));
        if (batch.isEmpty()) {
          if (System.nanoTime() - progressNanos > stallTimeout.toNanos()) {
            throw new IOException(
                "stopped reading "
                    + address
                    + ": nothing came for "
                    + stallTimeout.toSeconds()
                    + " s before the end offsets taken at the start ("
                    + behind(kafka, stop)
                    + ")");
          }
          continue;
        }
        progressNanos = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> m : batch) {
          TopicPartition tp = new TopicPartition(m.topic(), m.partition());
          if (m.offset() >= stop.getOrDefault(tp, 0L)) {
            continue; // produced after reading began
          }
          TopicMessage message = TopicMessage.read(m, mapper);
          if (!message.isRecord()) {
            skipped.note(message);
            continue;
          }
          if (from != null || to != null) {
            Instant time = RecordTimes.parse(message.record().path("time").asText(""));
            if (time == null
                || (from != null && time.isBefore(from))
                || (to != null && !time.isBefore(to))) {
              outOfRange++;
              continue;
            }
          }
          if (!ids.add(message.id())) {
            duplicates++;
            continue;
          }
          if (consumer instanceof RecordLineConsumer lines) {
            lines.acceptLine(message.record(), message.line());
          } else {
            consumer.accept(message.record());
          }
          records++;
        }
      }
    } catch (KafkaException e) {
      KafkaSetupException refused = KafkaRefusal.of(e, address, settings, "read");
      if (refused != null) {
        throw refused;
      }
      throw new IOException("cannot read " + address + ": " + settings.mask(e.getMessage()), e);
    }
    return new Result(records, skipped.count(), skipped.listed(), duplicates, outOfRange);
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> kafka) throws IOException {
    List<PartitionInfo> infos;
    try {
      infos = kafka.partitionsFor(address.topic(), stallTimeout);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IOException(
          "cannot reach "
              + address
              + ": no broker answered within "
              + stallTimeout.toSeconds()
              + " s",
          e);
    }
    if (infos == null || infos.isEmpty()) {
      throw new MissingTopicException(address);
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo p : infos) {
      partitions.add(new TopicPartition(p.topic(), p.partition()));
    }
    return partitions;
  }

  // the first message produced at or after `from`: a record of that time cannot have been produced
  // earlier
  private void startAt(
      KafkaConsumer<byte[], byte[]> kafka,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> stop,
      Instant from) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(tp -> query.put(tp, from.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = kafka.offsetsForTimes(query, stallTimeout);
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp at = found.get(tp);
      kafka.seek(tp, at == null ? stop.get(tp) : at.offset());
    }
  }

  // the first message produced well after `to`: no record of the range comes after it
  private void endAt(
      KafkaConsumer<byte[], byte[]> kafka, Map<TopicPartition, Long> stop, Instant at) {
    Map<TopicPartition, Long> query = new HashMap<>();
    stop.keySet().forEach(tp -> query.put(tp, at.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = kafka.offsetsForTimes(query, stallTimeout);
    for (Map.Entry<TopicPartition, OffsetAndTimestamp> e : found.entrySet()) {
      if (e.getValue() != null) {
        stop.merge(e.getKey(), e.getValue().offset(), Math::min);
      }
    }
  }

  private static boolean done(KafkaConsumer<byte[], byte[]> kafka, Map<TopicPartition, Long> stop) {
    for (Map.Entry<TopicPartition, Long> e : stop.entrySet()) {
      if (kafka.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static String behind(
      KafkaConsumer<byte[], byte[]> kafka, Map<TopicPartition, Long> stop) {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<TopicPartition, Long> e : stop.entrySet()) {
      long at = kafka.position(e.getKey());
      if (at < e.getValue()) {
        s.append(s.length() == 0 ? "" : ", ")
            .append("partition ")
            .append(e.getKey().partition())
            .append(" at ")
            .append(at)
            .append(" of ")
            .append(e.getValue());
      }
    }
    return s.toString();
  }
}
