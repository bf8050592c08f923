package dev.shadowpipeline.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.fleet.TestBroker;
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
import dev.shadowpipeline.fleet.sink.KafkaRecordSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials the brokers refuse, against a real KRaft broker on loopback that takes SASL PLAIN logins and grants
 * topics to its admin only. A refused login or a topic the user may not read is the user's to fix: one line naming
 * the address and the user, exit 2, never the password, and never a collector that waits for the brokers forever.
 */
// a command that retried forever would hang the build: this fails it instead
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KafkaLoginTest {

  @TempDir static Path logs;
  static TestBroker broker;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.startSasl(logs);
    broker.createTopic("records", 1);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private Path config(String user) throws Exception {
    Path config = dir.resolve("shadow-" + user + ".yaml");
    Files.writeString(
        config,
        """
        kafka:
          security-protocol: SASL_PLAINTEXT
          sasl-mechanism: PLAIN
          sasl-username: %s
          sasl-password: ${KAFKA_PASSWORD}
        """
            .formatted(user));
    return config;
  }

  private CliRun collect(Path config, String password) {
    return withLogin(config, password, "collect", "--from", address(), "--group", "g");
  }

  private CliRun report(Path config, String password) {
    return withLogin(config, password, "report", "--records", address());
  }

  // the command with the config's kafka: section, the password from the environment, an output
  // folder of its own
  private CliRun withLogin(Path config, String password, String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(args));
    all.addAll(List.of("--config", config.toString(), "--out", dir.resolve(command).toString()));
    return CliRun.run(Map.of("KAFKA_PASSWORD", password), all.toArray(String[]::new));
  }

  private static String address() {
    return "kafka://" + broker.bootstrap() + "/records";
  }

  @Test
  void aPasswordTheBrokersRefuseIsOneLineNamingTheUserAndExit2() throws Exception {
    Path config = config(TestBroker.SASL_USER);
    String expected =
        "error: "
            + config.getFileName()
            + ": kafka: the brokers of "
            + address()
            + " refused the login of sasl-username 'plain-user1' (SaslAuthenticationException:"
            + " Authentication failed: Invalid username or password): check security-protocol,"
            + " sasl-mechanism, sasl-username and sasl-password";

    // before: the collector took the refusal for brokers not answering yet and waited for ever
    CliRun collect = collect(config, "not-the-s3cret");
    assertThat(collect.exitCode()).as(collect.err()).isEqualTo(2);
    assertThat(collect.errLines()).containsExactly(expected);
    assertThat(collect.out() + collect.err()).doesNotContain("s3cret");

    CliRun report = report(config, "not-the-s3cret");
    assertThat(report.exitCode()).as(report.err()).isEqualTo(2);
    assertThat(report.errLines()).containsExactly(expected);
    assertThat(report.out() + report.err()).doesNotContain("s3cret");
  }

  @Test
  void aTopicTheUserMayNotUseIsOneLineAndExit2() throws Exception {
    Path config = config(TestBroker.SASL_USER);

    CliRun collect = collect(config, TestBroker.SASL_USER_PASSWORD);
    assertThat(collect.exitCode()).as(collect.err()).isEqualTo(2);
    assertThat(collect.errLines())
        .containsExactly(
            "error: --from: sasl-username 'plain-user1' may not describe "
                + address()
                + " (TopicAuthorizationException: Topic authorization failed.): the brokers' ACLs"
                + " must allow it, or the kafka: section must name a user they allow");
    assertThat(collect.out() + collect.err()).doesNotContain(TestBroker.SASL_USER_PASSWORD);

    CliRun report = report(config, TestBroker.SASL_USER_PASSWORD);
    assertThat(report.exitCode()).as(report.err()).isEqualTo(2);
    assertThat(report.errLines())
        .containsExactly(
            "error: --records: sasl-username 'plain-user1' may not read "
                + address()
                + " (TopicAuthorizationException: Not authorized to access topics: [records]): the"
                + " brokers' ACLs must allow it, or the kafka: section must name a user they allow");
  }

  @Test
  void aGroupTheUserMayNotJoinEndsTheCollectorWithOneLine() throws Exception {
    // the topic's check passes; the refusal comes from the consumer's poll, which retried for ever
    broker.createTopic("grouped", 1);
    broker.allowToRead(TestBroker.SASL_USER, "grouped");
    String grouped = "kafka://" + broker.bootstrap() + "/grouped";
    CliRun collect =
        withLogin(
            config(TestBroker.SASL_USER),
            TestBroker.SASL_USER_PASSWORD,
            "collect",
            "--from",
            grouped,
            "--group",
            "g");
    assertThat(collect.exitCode()).as(collect.err()).isEqualTo(2);
    assertThat(collect.errLines()).hasSize(1);
    assertThat(collect.errLines()[0])
        .startsWith(
            "error: --from: sasl-username 'plain-user1' may not read, as group 'g', "
                + grouped
                + " (GroupAuthorizationException: ");
  }

  @Test
  void aUserTheBrokersAllowReadsTheTopic() throws Exception {
    // the same settings with the admin's login: what refused the others was the login and the ACLs
    CliRun report = report(config(TestBroker.SASL_ADMIN), TestBroker.SASL_ADMIN_PASSWORD);
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.out()).contains("Read 0 records from " + address());
  }

  @Test
  void aProxysSinkKeepsTryingAndShowsTheRefusalAsItsProblem() throws Exception {
    // a live proxy keeps serving: its sink does not stop, it says why nothing is delivered
    KafkaSettings settings =
        KafkaSettings.fromFile(
            config(TestBroker.SASL_USER), Map.of("KAFKA_PASSWORD", "not-the-s3cret"), w -> {});
    KafkaRecordSink sink =
        KafkaRecordSink.start(broker.address("records"), settings, KafkaRecordSink.Mode.LIVE);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> sink.delivery() == KafkaRecordSink.Delivery.UNREACHABLE);
      ObjectNode state = sink.stateJson();
      assertThat(state.get("state").asText()).isEqualTo("unreachable");
      assertThat(state.get("problem").asText())
          .contains("refused the login of sasl-username 'plain-user1'")
          .doesNotContain("s3cret");
    } finally {
      sink.close();
    }
  }
}
