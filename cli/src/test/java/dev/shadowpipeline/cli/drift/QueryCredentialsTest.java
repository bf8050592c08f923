package dev.shadowpipeline.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials written into {@code --reference-sql} reach no file (history database, reports, status, site) and no
 * error line, DuckDB's included.
 */
class QueryCredentialsTest {

  @TempDir Path dir;

  private Path simulate() {
    Path data = dir.resolve("sim");
    assertThat(CliRun.run("simulate", "--out", data.toString(), "--rows", "300").exitCode())
        .isZero();
    return data;
  }

  @Test
  void aQuerysCredentialsAreWrittenNowhere() throws IOException {
    Path data = simulate();
    String sql =
        "SELECT age, salary, clicks, 'https://u:SQLPW888@host.invalid/x' AS note,"
            + " 's3_secret_access_key=AKSECRET000' AS setting FROM read_csv('"
            + data.resolve("reference.csv")
            + "')";
    CliRun drift =
        CliRun.run(
            "drift",
            "--reference-sql",
            sql,
            "--current",
            data.resolve("current.csv").toString(),
            "--out",
            dir.resolve("sq/out").toString(),
            "--db",
            dir.resolve("sq/h.db").toString());
    assertThat(drift.exitCode()).as(drift.err()).isZero();
    CliRun site =
        CliRun.run(
            "site",
            "--db",
            dir.resolve("sq/h.db").toString(),
            "--out",
            dir.resolve("sq/site").toString());
    assertThat(site.exitCode()).as(site.err()).isZero();

    assertThat(dir.resolve("sq/site/index.html")).isRegularFile();
    assertThat(dir.resolve("sq/out/drift_report.json")).content().contains("u:****@host.invalid");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir.resolve("sq"))) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(text).as(file.toString()).doesNotContain("SQLPW888").doesNotContain("AKSECRET000");
    }
    assertThat(drift.out() + drift.err() + site.out() + site.err())
        .doesNotContain("SQLPW888")
        .doesNotContain("AKSECRET000");
  }

  @Test
  void aFailingQuerysErrorMasksWhatDuckDbQuotes() {
    Path data = simulate();
    CliRun run =
        CliRun.run(
            "drift",
            "--reference-sql",
            "SELECT * FROM read_csv('nosuch/s3_secret_access_key=AKSECRET000/https://u:SQLPW999@h/x.csv')",
            "--current",
            data.resolve("current.csv").toString(),
            "--out",
            dir.resolve("out").toString(),
            "--verbose");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .contains("error: --reference-sql: query failed: ")
        .doesNotContain("AKSECRET000")
        .doesNotContain("SQLPW999");
  }
}
