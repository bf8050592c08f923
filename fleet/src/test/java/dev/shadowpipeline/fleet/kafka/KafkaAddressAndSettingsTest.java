package dev.shadowpipeline.fleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.fleet.sink.KafkaRecordSink;
import dev.shadowpipeline.fleet.sink.RecordSinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Topic addresses and the kafka: section, read as the command line and the config file give them. */
class KafkaAddressAndSettingsTest {

  @Test
  void anAddressNamesItsBrokersAndItsTopic() {
    KafkaAddress a =
        KafkaAddress.parse("kafka://kafka-1:9092, kafka-2:9093,[::1]:9094/shadow-records.v1_x");
    assertThat(a.brokers()).containsExactly("kafka-1:9092", "kafka-2:9093", "[::1]:9094");
    assertThat(a.topic()).isEqualTo("shadow-records.v1_x");
    assertThat(a.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9093,[::1]:9094");
    assertThat(KafkaAddress.parse(a.toString())).isEqualTo(a);
  }

  @Test
  void aBadAddressSaysWhatIsWrongAndNeverRepeatsACredential() {
    assertThatThrownBy(() -> KafkaAddress.parse("kafka://broker/t"))
        .hasMessage("a broker is HOST:PORT: 'broker' in 'kafka://broker/t'");
    assertThatThrownBy(() -> KafkaAddress.parse("kafka://broker:70000/t"))
        .hasMessageContaining("between 1 and 65535");
    assertThatThrownBy(() -> KafkaAddress.parse("kafka://broker:9092/"))
        .hasMessageContaining("names its topic");
    assertThatThrownBy(() -> KafkaAddress.parse("kafka://broker:9092/two words"))
        .hasMessageContaining("not a Kafka topic name");
    assertThatThrownBy(() -> KafkaAddress.parse("kafka://broker:9092/t?acks=1"))
        .hasMessageContaining("without options");
    assertThatThrownBy(() -> KafkaAddress.parse("kafka://svc:hunter2@broker:9092/t"))
        .hasMessageContaining("credentials do not go in a Kafka address")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> KafkaAddress.parse("kafka://svc:hunter2@broker/"))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aConfigListOfSinksIsCutAtEachAddress() {
    // the config's list reaches the option as one value joined by commas, as the flags take lists
    List<KafkaAddress> two =
        RecordSinks.addresses(List.of("kafka://a:1,b:2/records,kafka://c:3/audit"));
    assertThat(two)
        .containsExactly(
            KafkaAddress.parse("kafka://a:1,b:2/records"), KafkaAddress.parse("kafka://c:3/audit"));
    assertThatThrownBy(() -> RecordSinks.addresses(List.of("kafka://a:1/t", "kafka://a:1/t")))
        .hasMessageContaining("the same topic twice");
    assertThatThrownBy(() -> RecordSinks.addresses(List.of("https://user:pw@collector/records")))
        .hasMessageContaining("not a sink")
        .hasMessageNotContaining(":pw@");
  }

  @Test
  void theKafkaSectionBuildsTheClientsSecurityAndMasksItsSecrets() {
    ConfigFile file =
        ConfigFile.parse(
            Path.of("shadow.yaml"),
            """
            kafka:
              security-protocol: sasl_ssl
              sasl-mechanism: SCRAM-SHA-512
              sasl-username: shadow
              sasl-password: ${KAFKA_PASSWORD}
              ssl-truststore: /etc/kafka/truststore.p12
              ssl-truststore-password: ${TRUST_PASSWORD}
              buffer: 16MiB
              compression: lz4
              delivery-timeout: 45s
            """,
            Map.of("KAFKA_PASSWORD", "pa\"ss\\word", "TRUST_PASSWORD", "store-secret"),
            w -> {});
    KafkaSettings s = KafkaSettings.fromFile(file);
    assertThat(s.securityProtocol()).isEqualTo("SASL_SSL");
    assertThat(s.bufferBytes()).isEqualTo(16L << 20);
    assertThat(s.compression()).isEqualTo("lz4");
    assertThat(s.deliveryTimeout()).isEqualTo(Duration.ofSeconds(45));
    Map<String, Object> p = s.connectionProperties();
    assertThat(p.get("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    // the JAAS parser reads quoted values with backslash escapes
    assertThat(p.get("sasl.jaas.config"))
        .isEqualTo(
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"shadow\""
                + " password=\"pa\\\"ss\\\\word\";");
    assertThat(p.get("ssl.truststore.type")).isEqualTo("PKCS12");
    assertThat(p.get("ssl.truststore.password")).isEqualTo("store-secret");
    assertThat(s.toString())
        .doesNotContain("ss\\word")
        .doesNotContain("store-secret")
        .contains("shadow:****");
  }

  @Test
  void aBadKafkaSectionIsOneLineNamingItsKey() {
    assertThatThrownBy(() -> read("kafka:\n  compresion: zstd\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("shadow.yaml: kafka.compresion: unknown key (did you mean 'compression'?)");
    assertThatThrownBy(() -> read("kafka:\n  security-protocol: SASL_SSL\n  sasl-username: u\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "shadow.yaml: kafka: security-protocol SASL_SSL needs sasl-username and sasl-password");
    assertThatThrownBy(() -> read("kafka:\n  buffer: lots\n"))
        .hasMessageStartingWith("shadow.yaml: kafka.buffer: 'lots' is not a size");
    assertThatThrownBy(() -> read("kafka:\n  create-topic: maybe\n"))
        .hasMessage("shadow.yaml: kafka.create-topic: must be true or false: 'maybe'");
    assertThatThrownBy(() -> read("kafka:\n  compression: brotli\n"))
        .hasMessageContaining("compression must be one of [zstd, lz4, gzip, snappy, none]: brotli");
    assertThat(read("other: 1\n")).isEqualTo(KafkaSettings.DEFAULTS);
  }

  @Test
  void aBrokerNoNameServerKnowsIsOneLineNamingTheAddress() {
    KafkaAddress nowhere = KafkaAddress.parse("kafka://nohost.invalid:9092/records");
    assertThatThrownBy(() -> KafkaClients.consumer(nowhere, KafkaSettings.DEFAULTS, "t", null))
        .isInstanceOf(KafkaSetupException.class)
        .hasMessage(
            "no broker of kafka://nohost.invalid:9092/records can be found: nohost.invalid is not"
                + " a known host");
    assertThatThrownBy(() -> KafkaClients.admin(nowhere, KafkaSettings.DEFAULTS, "t"))
        .isInstanceOf(KafkaSetupException.class)
        .hasMessageContaining("nohost.invalid is not a known host");
    // as the client itself: one broker that resolves is enough to start from
    KafkaClients.admin(
            KafkaAddress.parse("kafka://nohost.invalid:9092,127.0.0.1:9/records"),
            KafkaSettings.DEFAULTS,
            "t")
        .close(Duration.ZERO);
  }

  @Test
  void aTruststoreThatCannotBeReadIsOneLineNamingItsKeyAndNoPassword(@TempDir Path dir)
      throws Exception {
    Path missing = dir.resolve("truststore.p12");
    KafkaSettings settings =
        read(
            """
            kafka:
              security-protocol: SASL_SSL
              sasl-username: shadow
              sasl-password: ${KAFKA_PASSWORD}
              ssl-truststore: %s
              ssl-truststore-password: ${TRUST_PASSWORD}
            """
                .formatted(missing),
            Map.of("KAFKA_PASSWORD", "sasl-secret", "TRUST_PASSWORD", "store-secret"));
    KafkaAddress local = KafkaAddress.parse("kafka://127.0.0.1:9/records");
    assertThatThrownBy(() -> KafkaClients.consumer(local, settings, "t", "g"))
        .isInstanceOf(KafkaSetupException.class)
        .hasMessage("kafka.ssl-truststore: cannot read " + missing + ": no such file or folder")
        .satisfies(
            e -> assertThat(((KafkaSetupException) e).key()).isEqualTo("kafka.ssl-truststore"));

    // a file that is there but not a store: the client's own reason, never a password
    Files.writeString(missing, "not a PKCS12 store");
    assertThatThrownBy(() -> KafkaClients.producer(local, settings, "t", Duration.ofSeconds(1)))
        .isInstanceOf(KafkaSetupException.class)
        .hasMessageStartingWith("cannot start a Kafka client for kafka://127.0.0.1:9/records: ")
        .hasMessageNotContaining("sasl-secret")
        .hasMessageNotContaining("store-secret");
  }

  @Test
  void aSinkWhoseBrokerIsUnknownSaysSoInItsHealth() {
    KafkaRecordSink sink =
        KafkaRecordSink.start(
            KafkaAddress.parse("kafka://nohost.invalid:9092/records"),
            KafkaSettings.DEFAULTS,
            KafkaRecordSink.Mode.LIVE);
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> sink.stateJson().path("problem").isTextual());
      assertThat(sink.delivery()).isEqualTo(KafkaRecordSink.Delivery.UNREACHABLE);
      assertThat(sink.stateJson().get("problem").asText())
          .isEqualTo(
              "no broker of kafka://nohost.invalid:9092/records can be found: nohost.invalid is"
                  + " not a known host");
    } finally {
      sink.abandon();
    }
  }

  private static KafkaSettings read(String yaml, Map<String, String> env) {
    return KafkaSettings.fromFile(ConfigFile.parse(Path.of("shadow.yaml"), yaml, env, w -> {}));
  }

  private static KafkaSettings read(String yaml) {
    return KafkaSettings.fromFile(
        ConfigFile.parse(Path.of("shadow.yaml"), yaml, Map.of(), w -> {}));
  }
}
