package dev.shadowpipeline.fleet.sink;

import dev.shadowpipeline.fleet.kafka.KafkaAddress;
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
import java.util.ArrayList;
import java.util.List;

/** The record sinks a command's {@code --sink URL} values name, besides the records file it always writes. */
public final class RecordSinks {

  private RecordSinks() {}

  /**
   * Reads every address first, then starts one sink per address (none when one is bad).
   *
   * @throws IllegalArgumentException naming the value that is not a sink's address
   */
  public static List<KafkaRecordSink> start(
      List<String> urls, KafkaSettings settings, KafkaRecordSink.Mode mode) {
    List<KafkaAddress> addresses = new ArrayList<>();
    for (String url : urls) {
      String value = url.strip();
      if (!KafkaAddress.isAddress(value)) {
        throw new IllegalArgumentException(
            "not a sink: '"
                + dev.shadowpipeline.shadow.redact.UrlSecrets.mask(value)
                + "' (records.jsonl is always written; a sink beside it is a Kafka topic,"
                + " kafka://HOST:PORT[,HOST:PORT]/TOPIC)");
      }
      KafkaAddress address = KafkaAddress.parse(value);
      if (addresses.contains(address)) {
        throw new IllegalArgumentException("the same topic twice: " + address);
      }
      addresses.add(address);
    }
    List<KafkaRecordSink> sinks = new ArrayList<>();
    for (KafkaAddress address : addresses) {
      sinks.add(KafkaRecordSink.start(address, settings, mode));
    }
    return sinks;
  }
}
