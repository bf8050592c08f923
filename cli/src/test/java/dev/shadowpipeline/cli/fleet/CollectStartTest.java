package dev.shadowpipeline.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.TakenTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code shadow collect} (and the commands reading {@code --records kafka://…}) refuse before they consume
 * anything: one line naming the flag, or the config file and key, that was given, exit 2, and the folder untouched.
 * No broker is needed: a host no name server knows ({@code .invalid} is reserved for that) is refused first.
 */
class CollectStartTest {

  private static final String NOWHERE = "kafka://nohost.invalid:9092/records";
  private static final String[] COLLECT_NOWHERE = {"collect", "--from", NOWHERE, "--group", "g"};
  private static final String NO_BROKER =
      "no broker of " + NOWHERE + " can be found: nohost.invalid is not a known host";

  @TempDir Path dir;

  @Test
  void aBrokerNoNameServerKnowsIsOneLineNamingTheFlag() {
    Path out = dir.resolve("c");
    CliRun collect = CliRun.run(COLLECT_NOWHERE, "--out", out.toString());
    assertThat(collect.exitCode()).as(collect.err()).isEqualTo(2);
    assertThat(collect.errLines()).containsExactly("error: --from: " + NO_BROKER);
    // refused before the folder was made a collection
    assertThat(out.resolve("collector-checkpoint.json")).doesNotExist();

    for (String command : new String[] {"report", "gate"}) {
      CliRun read = CliRun.run(command, "--records", NOWHERE, "--out", dir.toString());
      assertThat(read.exitCode()).as(read.err()).isEqualTo(2);
      assertThat(read.errLines()).containsExactly("error: --records: " + NO_BROKER);
    }
    CliRun regress =
        CliRun.run(
            "regress",
            "--records",
            NOWHERE,
            "--model",
            "http://127.0.0.1:9/predict",
            "--out",
            dir.resolve("r").toString());
    assertThat(regress.exitCode()).as(regress.err()).isEqualTo(2);
    assertThat(regress.errLines()).containsExactly("error: --records: " + NO_BROKER);
  }

  @Test
  void aTruststoreThatIsNotThereIsOneLineNamingItsKeyAndNoPassword() throws Exception {
    Path store = dir.resolve("ca.p12");
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(
        config,
        """
        collect:
          from: kafka://127.0.0.1:9/records
          group: g
        kafka:
          security-protocol: SASL_SSL
          sasl-username: shadow
          sasl-password: ${KAFKA_PASSWORD}
          ssl-truststore: %s
          ssl-truststore-password: ${TRUST_PASSWORD}
        """
            .formatted(store));
    Map<String, String> env =
        Map.of("KAFKA_PASSWORD", "sasl-s3cret", "TRUST_PASSWORD", "store-s3cret");
    String expected =
        "error: shadow.yaml: kafka.ssl-truststore: cannot read "
            + store
            + ": no such file or folder";

    CliRun collect =
        CliRun.run(
            env, "collect", "--config", config.toString(), "--out", dir.resolve("c").toString());
    assertThat(collect.exitCode()).as(collect.err()).isEqualTo(2);
    assertThat(collect.errLines()).containsExactly(expected);
    assertThat(collect.out() + collect.err()).doesNotContain("s3cret");

    CliRun report =
        CliRun.run(
            env,
            "report",
            "--records",
            "kafka://127.0.0.1:9/records",
            "--config",
            config.toString(),
            "--out",
            dir.resolve("r").toString());
    assertThat(report.exitCode()).as(report.err()).isEqualTo(2);
    assertThat(report.errLines()).containsExactly(expected);
    assertThat(report.out() + report.err()).doesNotContain("s3cret");
  }

  @Test
  void anOutputFileTakenByAFolderIsNamedBeforeAnythingIsConsumed() throws Exception {
    Path out = dir.resolve("c");
    Files.createDirectories(out);
    for (String name :
        new String[] {
          "summary.json",
          "report.html",
          "records.jsonl",
          "regression_suite.json",
          "collector-checkpoint.json"
        }) {
      Path taken = TakenTarget.byAFolder(out, name);
      CliRun collect = CliRun.run(COLLECT_NOWHERE, "--out", out.toString());
      assertThat(collect.exitCode()).as(collect.err()).isEqualTo(2);
      assertThat(collect.errLines())
          .containsExactly("error: --out: cannot write " + taken + ": it is a directory");
      assertThat(Files.readString(taken.resolve("keep.txt"))).isEqualTo("the user's");
      Files.delete(taken.resolve("keep.txt"));
      Files.delete(taken);
      try (var left = Files.list(out)) {
        assertThat(left).as("nothing written for " + name).isEmpty();
      }
    }
  }

  @Test
  void aDatabaseThatCannotBeOpenedNamesItsKeyAndLeavesTheFolderAsItWas() throws Exception {
    Path db = Files.createDirectories(dir.resolve("history.db"));
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(
        config, "collect:\n  from: kafka://127.0.0.1:9/records\n  group: g\n  db: " + db + "\n");
    Path out = dir.resolve("c");
    CliRun collect = CliRun.run("collect", "--config", config.toString(), "--out", out.toString());
    assertThat(collect.exitCode()).as(collect.err()).isEqualTo(2);
    assertThat(collect.errLines()).hasSize(1);
    assertThat(collect.errLines()[0]).startsWith("error: shadow.yaml: collect.db: ");
    assertThat(out.resolve("collector-checkpoint.json")).doesNotExist();
  }

  @Test
  void badValuesNameTheFlagOrTheConfigKey() throws Exception {
    CliRun blank =
        CliRun.run(COLLECT_NOWHERE, "--instance-id", " ", "--out", dir.resolve("c").toString());
    assertThat(blank.exitCode()).as(blank.err()).isEqualTo(2);
    assertThat(blank.errLines())
        .containsExactly("error: --instance-id: an instance id must not be blank");

    CliRun refresh =
        CliRun.run(COLLECT_NOWHERE, "--refresh", "0s", "--out", dir.resolve("c").toString());
    assertThat(refresh.exitCode()).as(refresh.err()).isEqualTo(2);
    assertThat(refresh.errLines()).containsExactly("error: --refresh must be positive: 0s");

    Path config = dir.resolve("shadow.yaml");
    Files.writeString(
        config,
        """
        collect:
          from: kafka://broker/records
          group: g
        """);
    CliRun badFrom =
        CliRun.run("collect", "--config", config.toString(), "--out", dir.resolve("c").toString());
    assertThat(badFrom.exitCode()).as(badFrom.err()).isEqualTo(2);
    assertThat(badFrom.errLines())
        .containsExactly(
            "error: shadow.yaml: collect.from: a broker is HOST:PORT: 'broker' in"
                + " 'kafka://broker/records'");

    for (String[] bad :
        new String[][] {
          {
            "instance-id",
            "' '",
            "error: shadow.yaml: collect.instance-id: an instance id must not be blank"
          },
          {"suite-max", "0", "error: shadow.yaml: collect.suite-max must be at least 1: 0"},
          {
            "commit-interval",
            "0s",
            "error: shadow.yaml: collect.commit-interval must be positive: 0s"
          },
          {
            "window-grace",
            "PT-1M",
            "error: shadow.yaml: collect.window-grace must not be negative: -60s"
          },
        }) {
      Files.writeString(
          config,
          "collect:\n  from: " + NOWHERE + "\n  group: g\n  " + bad[0] + ": " + bad[1] + "\n");
      CliRun run =
          CliRun.run(
              "collect", "--config", config.toString(), "--out", dir.resolve("c").toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.errLines()).as(bad[0]).containsExactly(bad[2]);
    }
  }
}
