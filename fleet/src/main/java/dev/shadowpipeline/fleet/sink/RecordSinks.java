package dev.shadowpipeline.fleet.sink;

import dev.shadowpipeline.fleet.kafka.KafkaAddress;
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The record sinks a command's {@code --sink URL} values name, besides the records file it always writes. */
public final class RecordSinks {

  private static final Pattern NEXT_ADDRESS = Pattern.compile("(?i),\\s*(?=kafka://)");

  private RecordSinks() {}

  /**
   * Reads every address first, then starts one sink per address (none when one is bad).
   *
   * @throws IllegalArgumentException naming the value that is not a sink's address
   */
  public static List<KafkaRecordSink> start(
      List<String> urls, KafkaSettings settings, KafkaRecordSink.Mode mode) {
    List<KafkaRecordSink> sinks = new ArrayList<>();
    for (KafkaAddress address : addresses(urls)) {
      sinks.add(KafkaRecordSink.start(address, settings, mode));
    }
    return sinks;
  }

  /**
   * The addresses the values name. A config file's list reaches the command as one value joined by commas, and an
   * address holds commas of its own (between brokers): a value is cut before each {@code ,kafka://}.
   *
   * @throws IllegalArgumentException naming the value that is not a sink's address, or a topic named twice
   */
  public static List<KafkaAddress> addresses(List<String> urls) {
    List<String> values = new ArrayList<>();
    for (String url : urls) {
      for (String part : NEXT_ADDRESS.split(url, -1)) {
        values.add(part);
      }
    }
    List<KafkaAddress> addresses = new ArrayList<>();
    for (String url : values) {
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
    return addresses;
  }
}
