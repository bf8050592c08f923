package dev.shadowpipeline.fleet.kafka;

import dev.shadowpipeline.shadow.redact.UrlSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A topic on a Kafka cluster, as the command line writes it: {@code kafka://HOST:PORT[,HOST:PORT]/TOPIC}. Credentials
 * never go in the address (it is printed in logs, {@code /health} and reports); they come from the config's
 * {@code kafka:} section.
 *
 * @param brokers the bootstrap brokers, {@code host:port} each
 * @param topic the topic's name
 */
public record KafkaAddress(List<String> brokers, String topic) {

  /** The scheme of a topic address. */
  public static final String SCHEME = "kafka://";

  // Kafka's own rule for topic names (Topic.validate): ASCII letters, digits, '.', '_' and '-'
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:/\\[\\]@,]+):(\\d{1,5})");

  public KafkaAddress {
    brokers = List.copyOf(brokers);
    if (brokers.isEmpty()) {
      throw new IllegalArgumentException("a topic address needs at least one broker");
    }
    if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      throw new IllegalArgumentException(
          "not a Kafka topic name (letters, digits, '.', '_' and '-', at most 249): '"
              + topic
              + "'");
    }
  }

  /** Whether a value is meant as a topic address (it starts with {@code kafka://}). */
  public static boolean isAddress(String value) {
    return value != null && value.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * Reads {@code kafka://HOST:PORT[,HOST:PORT]/TOPIC}.
   *
   * @throws IllegalArgumentException naming what is wrong; the message never repeats a credential
   */
  public static KafkaAddress parse(String value) {
    if (!isAddress(value)) {
      throw new IllegalArgumentException(
          "not a Kafka topic address (kafka://HOST:PORT[,HOST:PORT]/TOPIC): '"
              + UrlSecrets.maskAll(value)
              + "'");
    }
    String rest = value.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    if (slash < 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException(
          "a Kafka topic address names its topic: kafka://HOST:PORT/TOPIC, not '"
              + printable(value)
              + "'");
    }
    String hosts = rest.substring(0, slash);
    String topic = rest.substring(slash + 1);
    if (hosts.contains("@")) {
      throw new IllegalArgumentException(
          "credentials do not go in a Kafka address (it is printed): give them in the config's kafka: section "
              + "(sasl-username, sasl-password: ${VAR})");
    }
    if (topic.contains("?") || topic.contains("/")) {
      throw new IllegalArgumentException(
          "a Kafka address is kafka://HOST:PORT[,HOST:PORT]/TOPIC, without options or further path: '"
              + UrlSecrets.maskAll(value)
              + "'");
    }
    List<String> brokers = new ArrayList<>();
    for (String broker : hosts.split(",", -1)) {
      String b = broker.strip();
      var m = HOST_PORT.matcher(b);
      if (!m.matches()) {
        throw new IllegalArgumentException("a broker is HOST:PORT: '" + b + "' in '" + value + "'");
      }
      int port = Integer.parseInt(m.group(2));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "a broker's port is between 1 and 65535: '" + b + "' in '" + value + "'");
      }
      brokers.add(b);
    }
    return new KafkaAddress(brokers, topic);
  }

  // the value as given, but for what an '@' may hide
  private static String printable(String value) {
    int at = value.lastIndexOf('@');
    return at < 0 ? value : SCHEME + "****" + value.substring(at);
  }

  /** The brokers as the clients' {@code bootstrap.servers} takes them. */
  public String bootstrapServers() {
    return String.join(",", brokers);
  }

  /** {@code kafka://HOST:PORT[,HOST:PORT]/TOPIC}. */
  @Override
  public String toString() {
    return SCHEME + bootstrapServers() + "/" + topic;
  }
}
