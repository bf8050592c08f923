package dev.shadowpipeline.fleet.kafka;

import dev.shadowpipeline.app.config.ConfigException;

/**
 * A Kafka client cannot even be built from what the user gave: no broker of the address resolves, a TLS store file
 * cannot be read, or the client refuses its settings. The user's to fix, not a bug: one line, exit 2. The message
 * never holds a password ({@link KafkaSettings#mask}).
 */
public final class KafkaSetupException extends ConfigException {

  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * @param key the {@code kafka:} section's key at fault, e.g. {@code kafka.ssl-truststore}, or {@code null} when
   *     the topic address is (its message then names the address, and a command puts its flag before it)
   */
  public KafkaSetupException(String key, String message, Throwable cause) {
    super(key == null ? message : key + ": " + message, cause);
    this.key = key;
  }

  /** The config key at fault, or {@code null} when it is the address. */
  public String key() {
    return key;
  }
}
