package dev.shadowpipeline.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unreachable PostgreSQL URL with a password: the one error line names the option or key and never the password,
 * which the driver repeats bare in its own message.
 */
class DatabasePasswordTest {

  @TempDir Path dir;
  private String url;

  @BeforeEach
  void closedPort() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    url = "jdbc:postgresql://pguser:PGPASS999@127.0.0.1:" + port + "/db";
  }

  private static void assertOneMaskedLine(CliRun run, String prefix) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.out() + run.err()).doesNotContain("PGPASS999");
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith(prefix + "cannot connect to database jdbc:postgresql://pguser:****@127.0.0.1:");
  }

  @Test
  void site() {
    assertOneMaskedLine(
        CliRun.run("site", "--db", url, "--out", dir.resolve("site").toString()), "error: --db: ");
  }

  @Test
  void drift() {
    Path data = dir.resolve("data");
    assertThat(CliRun.run("simulate", "--out", data.toString(), "--rows", "200").exitCode())
        .isZero();
    CliRun run =
        CliRun.run(
            "drift",
            "--reference",
            data.resolve("reference.csv").toString(),
            "--current",
            data.resolve("current.csv").toString(),
            "--out",
            dir.resolve("out").toString(),
            "--db",
            url);
    assertOneMaskedLine(run, "error: --db: ");
  }

  @Test
  void schedule() throws IOException {
    Path file = dir.resolve("monitor.yaml");
    Files.writeString(
        file, "db: \"" + url + "\"\njobs:\n  - {name: a, reference: r.csv, current: c.csv}\n");
    assertOneMaskedLine(
        CliRun.run("schedule", "--config", file.toString(), "--run-now", "--once"),
        "error: monitor.yaml: db: ");
  }
}
