package dev.shadowpipeline.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.cli.CliRun;
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
  private static final String NO_BROKER =
      "no broker of " + NOWHERE + " can be found: nohost.invalid is not a known host";

  @TempDir Path dir;

  @Test
  void aBrokerNoNameServerKnowsIsOneLineNamingTheFlag() {
    Path out = dir.resolve("c");
    CliRun collect =
        CliRun.run("collect", "--from", NOWHERE, "--group", "g", "--out", out.toString());
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
}
