package dev.shadowpipeline.fleet.kafka;

import dev.shadowpipeline.app.config.ByteSizes;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.app.config.ConfigKeys;
import dev.shadowpipeline.app.config.ConfigTree;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to reach the brokers and how the record sink uses them, from the config file's {@code kafka:} section (shared by
 * every command that reaches a broker: {@code proxy}, {@code replay}, {@code collect}, {@code report}, {@code gate},
 * {@code regress}). Secrets ({@code sasl-password} and the TLS store passwords) are written {@code ${VAR}} in the
 * file, so they come from the environment; {@link #toString()} and every message masks them, and the Kafka clients
 * log them as {@code [hidden]}.
 *
 * @param securityProtocol PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param saslMechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (with a SASL protocol)
 * @param saslUsername the SASL user, or {@code null}
 * @param saslPassword the SASL password, or {@code null}
 * @param truststore trusted CA certificates (PEM, PKCS12 or JKS by the file's extension), or {@code null}
 * @param truststorePassword the truststore's password, or {@code null}
 * @param keystore this client's certificate and key for mutual TLS, or {@code null}
 * @param keystorePassword the keystore's password, or {@code null}
 * @param keyPassword the private key's password, or {@code null}
 * @param createTopic whether a missing topic is created (else it is an error)
 * @param partitions partitions of a created topic; 0 for the broker's default
 * @param replicationFactor replicas of a created topic; 0 for the broker's default
 * @param bufferBytes the sink's records not yet acknowledged by the broker, in bytes; beyond it new records are
 *     dropped and counted
 * @param compression zstd, lz4, gzip, snappy or none
 * @param deliveryTimeout how long the sink's producer keeps trying to deliver a record before it is dropped and
 *     counted
 */
public record KafkaSettings(
    String securityProtocol,
    String saslMechanism,
    String saslUsername,
    String saslPassword,
    Path truststore,
    String truststorePassword,
    Path keystore,
    String keystorePassword,
    String keyPassword,
    boolean createTopic,
    int partitions,
    short replicationFactor,
    long bufferBytes,
    String compression,
    Duration deliveryTimeout) {

  /** The config file's section. */
  public static final String SECTION = "kafka";

  // before DEFAULTS: its constructor checks against them
  private static final java.util.List<String> PROTOCOLS =
      java.util.List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
  private static final java.util.List<String> MECHANISMS =
      java.util.List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
  private static final java.util.List<String> COMPRESSIONS =
      java.util.List.of("zstd", "lz4", "gzip", "snappy", "none");

  /** What the sink holds unacknowledged when the config does not say: 32 MiB, or an eighth of the heap if less. */
  public static final long DEFAULT_BUFFER_BYTES =
      Math.max(1L << 20, Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 8));

  /** Plain connections, a topic that must exist, zstd, 30 s to deliver. */
  public static final KafkaSettings DEFAULTS =
      new KafkaSettings(
          "PLAINTEXT",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          false,
          0,
          (short) 0,
          DEFAULT_BUFFER_BYTES,
          "zstd",
          Duration.ofSeconds(30));

  static final ConfigKeys KEYS =
      ConfigKeys.of(
          "security-protocol",
          "sasl-mechanism",
          "sasl-username",
          "sasl-password",
          "ssl-truststore",
          "ssl-truststore-password",
          "ssl-keystore",
          "ssl-keystore-password",
          "ssl-key-password",
          "create-topic",
          "partitions",
          "replication-factor",
          "buffer",
          "compression",
          "delivery-timeout");

  public KafkaSettings {
    securityProtocol = securityProtocol.toUpperCase(Locale.ROOT).replace('-', '_');
    if (!PROTOCOLS.contains(securityProtocol)) {
      throw new IllegalArgumentException(
          "security-protocol must be one of " + PROTOCOLS + ": " + securityProtocol);
    }
    if (saslMechanism != null) {
      saslMechanism = saslMechanism.toUpperCase(Locale.ROOT).replace('_', '-');
      if (!MECHANISMS.contains(saslMechanism)) {
        throw new IllegalArgumentException(
            "sasl-mechanism must be one of " + MECHANISMS + ": " + saslMechanism);
      }
    }
    boolean sasl = securityProtocol.startsWith("SASL");
    if (sasl && (saslUsername == null || saslPassword == null)) {
      throw new IllegalArgumentException(
          "security-protocol " + securityProtocol + " needs sasl-username and sasl-password");
    }
    if (!sasl && (saslUsername != null || saslPassword != null || saslMechanism != null)) {
      throw new IllegalArgumentException(
          "sasl-username, sasl-password and sasl-mechanism need security-protocol SASL_SSL or SASL_PLAINTEXT");
    }
    boolean tls = securityProtocol.endsWith("SSL");
    if (!tls && (truststore != null || keystore != null)) {
      throw new IllegalArgumentException(
          "ssl-truststore and ssl-keystore need security-protocol SSL or SASL_SSL");
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
    }
    if (replicationFactor < 0) {
      throw new IllegalArgumentException(
          "replication-factor must be at least 1: " + replicationFactor);
    }
    if (bufferBytes < 1024) {
      throw new IllegalArgumentException("buffer must be at least 1KiB: " + bufferBytes);
    }
    compression = compression.toLowerCase(Locale.ROOT);
    if (!COMPRESSIONS.contains(compression)) {
      throw new IllegalArgumentException(
          "compression must be one of " + COMPRESSIONS + ": " + compression);
    }
    Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
    if (deliveryTimeout.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new IllegalArgumentException(
          "delivery-timeout must be at least 2s: " + deliveryTimeout.toMillis() + "ms");
    }
  }

  /**
   * The settings of a config file's {@code kafka:} section, or {@link #DEFAULTS} without a file or section.
   *
   * @throws dev.shadowpipeline.app.config.ConfigException naming the file and key of a bad value
   */
  public static KafkaSettings fromFile(Path file, Map<String, String> env, Consumer<String> warn) {
    return file == null ? DEFAULTS : fromFile(ConfigFile.load(file, env, warn));
  }

  /** The settings of {@code file}'s {@code kafka:} section, or {@link #DEFAULTS}. */
  public static KafkaSettings fromFile(ConfigFile file) {
    ConfigTree section = file.section(SECTION);
    return section == null ? DEFAULTS : read(section);
  }

  /** Reads a {@code kafka:} section; a bad value is reported naming its key. */
  public static KafkaSettings read(ConfigTree section) {
    ConfigTree k = section.keys(KEYS);
    String protocol = k.text("security-protocol", DEFAULTS.securityProtocol());
    String mechanism = k.text("sasl-mechanism", null);
    String user = k.text("sasl-username", null);
    if (mechanism == null && user != null) {
      mechanism = "PLAIN";
    }
    String finalMechanism = mechanism;
    return k.build(
        () ->
            new KafkaSettings(
                protocol,
                finalMechanism,
                user,
                k.text("sasl-password", null),
                path(k, "ssl-truststore"),
                k.text("ssl-truststore-password", null),
                path(k, "ssl-keystore"),
                k.text("ssl-keystore-password", null),
                k.text("ssl-key-password", null),
                bool(k, "create-topic", DEFAULTS.createTopic()),
                k.integer("partitions", 0, 1),
                (short) k.integer("replication-factor", 0, 1),
                k.parsed("buffer", DEFAULTS.bufferBytes(), ByteSizes::parse),
                k.text("compression", DEFAULTS.compression()),
                k.duration("delivery-timeout", DEFAULTS.deliveryTimeout())));
  }

  private static Path path(ConfigTree k, String key) {
    String v = k.text(key, null);
    return v == null || v.isBlank() ? null : Path.of(v.strip());
  }

  private static boolean bool(ConfigTree k, String key, boolean fallback) {
    String v = k.text(key, null);
    if (v == null) {
      return fallback;
    }
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw k.error(key, "must be true or false: '" + v + "'");
    };
  }

  /** The same settings with another byte bound on the sink's unacknowledged records. */
  public KafkaSettings withBufferBytes(long bytes) {
    return new KafkaSettings(
        securityProtocol,
        saslMechanism,
        saslUsername,
        saslPassword,
        truststore,
        truststorePassword,
        keystore,
        keystorePassword,
        keyPassword,
        createTopic,
        partitions,
        replicationFactor,
        bytes,
        compression,
        deliveryTimeout);
  }

  /** The same settings with another delivery timeout. */
  public KafkaSettings withDeliveryTimeout(Duration timeout) {
    return new KafkaSettings(
        securityProtocol,
        saslMechanism,
        saslUsername,
        saslPassword,
        truststore,
        truststorePassword,
        keystore,
        keystorePassword,
        keyPassword,
        createTopic,
        partitions,
        replicationFactor,
        bufferBytes,
        compression,
        timeout);
  }

  /** The same settings, creating a missing topic or not. */
  public KafkaSettings withCreateTopic(boolean create) {
    return new KafkaSettings(
        securityProtocol,
        saslMechanism,
        saslUsername,
        saslPassword,
        truststore,
        truststorePassword,
        keystore,
        keystorePassword,
        keyPassword,
        create,
        partitions,
        replicationFactor,
        bufferBytes,
        compression,
        deliveryTimeout);
  }

  /**
   * The connection properties every client of these settings shares: security protocol, SASL login and TLS stores.
   * Holds the secrets: hand it to a Kafka client only (which logs them as {@code [hidden]}), never print it.
   */
  public Map<String, Object> connectionProperties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("security.protocol", securityProtocol);
    if (saslUsername != null) {
      p.put("sasl.mechanism", saslMechanism);
      String module =
          saslMechanism.equals("PLAIN")
              ? "org.apache.kafka.common.security.plain.PlainLoginModule"
              : "org.apache.kafka.common.security.scram.ScramLoginModule";
      p.put(
          "sasl.jaas.config",
          module
              + " required username=\""
              + jaasQuoted(saslUsername)
              + "\" password=\""
              + jaasQuoted(saslPassword)
              + "\";");
    }
    if (truststore != null) {
      p.put("ssl.truststore.location", truststore.toString());
      p.put("ssl.truststore.type", storeType(truststore));
      if (truststorePassword != null) {
        p.put("ssl.truststore.password", truststorePassword);
      }
    }
    if (keystore != null) {
      p.put("ssl.keystore.location", keystore.toString());
      p.put("ssl.keystore.type", storeType(keystore));
      if (keystorePassword != null) {
        p.put("ssl.keystore.password", keystorePassword);
      }
      if (keyPassword != null) {
        p.put("ssl.key.password", keyPassword);
      }
    }
    return p;
  }

  // the JAAS parser reads a quoted value with backslash escapes
  private static String jaasQuoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String storeType(Path store) {
    String name = store.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".p12") || name.endsWith(".pfx")) {
      return "PKCS12";
    }
    if (name.endsWith(".jks")) {
      return "JKS";
    }
    return "PEM";
  }

  /**
   * {@code text} with every secret of these settings in it replaced by {@code ****}: for a client's own error
   * message, which is shown to the user.
   */
  public String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = text;
    for (String secret :
        new String[] {saslPassword, truststorePassword, keystorePassword, keyPassword}) {
      if (secret != null && !secret.isEmpty()) {
        masked = masked.replace(secret, "****");
      }
    }
    return masked;
  }

  /** The settings with every secret masked. */
  @Override
  public String toString() {
    return "KafkaSettings[security-protocol="
        + securityProtocol
        + (saslUsername == null ? "" : ", sasl " + saslMechanism + " as " + saslUsername + ":****")
        + (truststore == null ? "" : ", truststore " + truststore)
        + (keystore == null ? "" : ", keystore " + keystore)
        + ", create-topic="
        + createTopic
        + ", buffer="
        + bufferBytes
        + ", compression="
        + compression
        + ", delivery-timeout="
        + deliveryTimeout
        + "]";
  }
}
