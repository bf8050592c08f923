package dev.shadowpipeline.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.LoanModels;
import dev.shadowpipeline.demo.Applicant;
import dev.shadowpipeline.demo.ApplicantGenerator;
import dev.shadowpipeline.fleet.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's commands against a real KRaft broker on loopback: a replay sends its records to a topic, and report,
 * gate and regress decide from the topic what they decide from the replay's folder.
 */
class FleetCommandsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir static Path logs;
  static TestBroker broker;
  @RegisterExtension static final LoanModels MODELS = new LoanModels();
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.start(logs);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void reportGateAndRegressDecideFromTheTopicAsFromTheFolder() throws Exception {
    broker.createTopic("cli-fleet", 2);
    String topic = "kafka://" + broker.bootstrap() + "/cli-fleet";
    Path replayed = dir.resolve("replayed");
    CliRun replay =
        replay(150, replayed, topic, "--label", "/decision", "--critical-flip", "reject:approve");
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.out()).contains("Sent 150 records to " + topic);

    Path fromTopic = dir.resolve("from-topic");
    CliRun report = CliRun.run("report", "--records", topic, "--out", fromTopic.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.out()).contains("Read 150 records from " + topic);
    JsonNode viaTopic = MAPPER.readTree(fromTopic.resolve("summary.json").toFile());
    JsonNode viaFolder = MAPPER.readTree(replayed.resolve("summary.json").toFile());
    for (String field : List.of("requests", "matches")) {
      assertThat(viaTopic.get(field).asLong()).as(field).isEqualTo(viaFolder.get(field).asLong());
    }
    assertThat(MAPPER.readTree(fromTopic.resolve("regression_suite.json").toFile()).toString())
        .isEqualTo(MAPPER.readTree(replayed.resolve("regression_suite.json").toFile()).toString());

    CliRun gateTopic = CliRun.run("gate", "--records", topic, "--out", dir.toString());
    CliRun gateFolder = CliRun.run("gate", "--records", replayed.toString());
    assertThat(gateTopic.exitCode()).as(gateTopic.err()).isEqualTo(gateFolder.exitCode());
    assertThat(gateTopic.out()).contains("Gate on 150 pairs from " + topic);
    assertThat(MAPPER.readTree(dir.resolve("gate.json").toFile()).get("passed").asBoolean())
        .isEqualTo(gateFolder.exitCode() == 0);
    // a range after every record holds none of them
    CliRun later =
        CliRun.run(
            "gate",
            "--records",
            topic,
            "--from-time",
            Instant.now().plus(Duration.ofHours(1)).toString());
    // nothing to decide on is bad input, not a failed check
    assertThat(later.exitCode()).as(later.err()).isEqualTo(2);
    assertThat(later.errLines())
        .singleElement()
        .asString()
        .startsWith("error: --records: no records in ");

    CliRun regressTopic =
        CliRun.run(
            "regress",
            "--records",
            topic,
            "--model",
            MODELS.v2Url(),
            "--label",
            "/decision",
            "--critical-flip",
            "reject:approve",
            "--out",
            dir.resolve("regress-topic").toString());
    CliRun regressSuite =
        CliRun.run(
            "regress",
            "--suite",
            replayed.resolve("regression_suite.json").toString(),
            "--model",
            MODELS.v2Url(),
            "--label",
            "/decision",
            "--critical-flip",
            "reject:approve",
            "--out",
            dir.resolve("regress-suite").toString());
    assertThat(regressTopic.exitCode()).as(regressTopic.err()).isEqualTo(regressSuite.exitCode());
    assertThat(
            MAPPER
                .readTree(dir.resolve("regress-topic/regress.json").toFile())
                .get("inputs")
                .asInt())
        .isPositive()
        .isEqualTo(
            MAPPER
                .readTree(dir.resolve("regress-suite/regress.json").toFile())
                .get("inputs")
                .asInt());
  }

  @Test
  void aReplayWhoseSinkDeliveredNothingFailsAfterWritingEverythingToItsFolder() throws Exception {
    // nothing listens on port 1: the sink cannot deliver a record; before, the replay said so on
    // stdout and exited 0, and a pipeline took a topic missing every record for a replay that went
    // well
    Path replayed = dir.resolve("undelivered");
    CliRun replay = replay(20, replayed, "kafka://127.0.0.1:1/nowhere");
    assertThat(replay.exitCode()).as(replay.err()).isEqualTo(2);
    assertThat(replay.err())
        .contains(
            "error: --sink: 20 of 20 records were not delivered to kafka://127.0.0.1:1/nowhere (",
            replayed.resolve("records.jsonl") + " holds every record");
    assertThat(replay.out()).contains("Sent 0 records to kafka://127.0.0.1:1/nowhere");
    assertThat(Files.readAllLines(replayed.resolve("records.jsonl"))).hasSize(20);
    assertThat(replayed.resolve("summary.json")).exists();
    assertThat(replayed.resolve("report.html")).exists();
  }

  @Test
  void aTopicThatIsNotThereIsOneClearError() {
    String absent = "kafka://" + broker.bootstrap() + "/absent";
    CliRun collect =
        CliRun.run(
            "collect", "--from", absent, "--group", "g", "--out", dir.resolve("c").toString());
    assertThat(collect.exitCode()).isEqualTo(2);
    assertThat(collect.errLines()).hasSize(1);
    assertThat(collect.errLines()[0])
        .startsWith("error: --from: topic 'absent' does not exist on " + broker.bootstrap());

    CliRun report = CliRun.run("report", "--records", absent, "--out", dir.toString());
    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(report.errLines()).hasSize(1);
    assertThat(report.errLines()[0]).contains("topic 'absent' does not exist");
  }

  @Test
  void badAddressesAndRangesAreOneLineEach() {
    CliRun noPort = CliRun.run("report", "--records", "kafka://broker/t", "--out", dir.toString());
    assertThat(noPort.exitCode()).isEqualTo(2);
    assertThat(noPort.errLines())
        .containsExactly("error: --records: a broker is HOST:PORT: 'broker' in 'kafka://broker/t'");

    CliRun secret =
        CliRun.run("collect", "--from", "kafka://me:hunter2@broker:9092/t", "--group", "g");
    assertThat(secret.exitCode()).isEqualTo(2);
    assertThat(secret.err())
        .doesNotContain("hunter2")
        .contains("credentials do not go in a Kafka address");

    CliRun noOut = CliRun.run("report", "--records", "kafka://broker:9092/t");
    assertThat(noOut.exitCode()).isEqualTo(2);
    assertThat(noOut.errLines()[0]).contains("--out DIR is required with a topic");

    CliRun rangeOnFolder =
        CliRun.run("gate", "--records", dir.toString(), "--from-time", "2026-11-30");
    assertThat(rangeOnFolder.exitCode()).isEqualTo(2);
    assertThat(rangeOnFolder.errLines()[0])
        .contains("--from-time selects records of a Kafka topic");

    CliRun badTime =
        CliRun.run("gate", "--records", "kafka://broker:9092/t", "--to-time", "yesterday");
    assertThat(badTime.exitCode()).isEqualTo(2);
    assertThat(badTime.errLines()[0]).contains("--to-time: 'yesterday' is not a time");

    CliRun notASink =
        CliRun.run(
            "proxy",
            "--primary",
            "http://127.0.0.1:9",
            "--shadow",
            "http://127.0.0.1:9",
            "--sink",
            "http://user:pw@collector:8080/records");
    assertThat(notASink.exitCode()).isEqualTo(2);
    assertThat(notASink.errLines()).hasSize(1);
    assertThat(notASink.errLines()[0]).contains("--sink: not a sink").doesNotContain(":pw@");
  }

  @Test
  void collectStoppedBySigtermOrCtrlCSaysWhatItCollectedAndExitsAsTheSignalSays() throws Exception {
    broker.createTopic("cli-signals", 1);
    String topic = "kafka://" + broker.bootstrap() + "/cli-signals";
    // SIGTERM (what Docker and Kubernetes send) is 128 + 15, SIGINT (Ctrl-C) 128 + 2: the JVM's
    // exit status for a signal, after the shutdown hook drained the collector
    for (String[] signal : new String[][] {{"TERM", "143"}, {"INT", "130"}}) {
      Path out = dir.resolve("collect-" + signal[0]);
      Path log = dir.resolve("collect-" + signal[0] + ".log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process collect =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.shadowpipeline.cli.ShadowCli",
                  "collect",
                  "--from",
                  topic,
                  "--group",
                  "g-" + signal[0],
                  "--out",
                  out.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        // reading: the topic was found and the group joined
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> Files.readString(log).contains("collector: reading"));
        Process kill =
            new ProcessBuilder("kill", "-" + signal[0], Long.toString(collect.pid())).start();
        assertThat(kill.waitFor()).isZero();
        assertThat(collect.waitFor(60, TimeUnit.SECONDS)).as("collect exits").isTrue();
        String printed = Files.readString(log);
        assertThat(collect.exitValue()).as(printed).isEqualTo(Integer.parseInt(signal[1]));
        assertThat(printed).contains("Collected 0 records into " + out);
        assertThat(out.resolve("summary.json")).exists();
      } finally {
        collect.destroyForcibly();
      }
    }
  }

  private Path csv(int rows) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("age,income,debt_ratio,credit_score,loan_amount,employment_years");
    ApplicantGenerator gen = new ApplicantGenerator(11);
    for (int i = 0; i < rows; i++) {
      Applicant a = gen.next();
      lines.add(
          String.format(
              Locale.ROOT,
              "%d,%.2f,%.4f,%d,%.2f,%d",
              a.age(),
              a.income(),
              a.debtRatio(),
              a.creditScore(),
              a.loanAmount(),
              a.employmentYears()));
    }
    Path file = dir.resolve("inputs.csv");
    Files.write(file, lines);
    return file;
  }

  // a replay of that many rows from v1 to v2 into out, its records sent to sink too
  private CliRun replay(int rows, Path out, String sink, String... more) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "replay",
                "--input",
                csv(rows).toString(),
                "--primary",
                MODELS.v1Url(),
                "--shadow",
                MODELS.v2Url(),
                "--out",
                out.toString(),
                "--sink",
                sink));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }
}
