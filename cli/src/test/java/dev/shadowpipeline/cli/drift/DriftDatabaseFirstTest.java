package dev.shadowpipeline.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.PasswordPostgres;
import dev.shadowpipeline.store.DriftRun;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow drift --db}: the database is opened before the data is read, so a wrong URL, password or path is the
 * one error line at once, with nothing compared, printed or written to {@code --out}; a good one still gets the run.
 */
class DriftDatabaseFirstTest {

  @RegisterExtension static final PasswordPostgres PG = new PasswordPostgres();

  @TempDir Path dir;
  private Path data;
  private Path out;

  @BeforeEach
  void data() {
    data = dir.resolve("data");
    CliRun simulate = CliRun.run("simulate", "--out", data.toString(), "--rows", "2000");
    assertThat(simulate.exitCode()).as(simulate.err()).isZero();
    out = dir.resolve("out");
  }

  private CliRun drift(Map<String, String> env, String... extra) {
    String[] base = {
      "drift",
      "--reference",
      data.resolve("reference.csv").toString(),
      "--current",
      data.resolve("current.csv").toString(),
      "--out",
      out.toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.run(env, args);
  }

  /** The one error line, exit 2, and no sign that the data was compared: no table, no report. */
  private void assertFailedBeforeComparing(CliRun run, String errorStart) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).singleElement().asString().startsWith(errorStart);
    assertThat(run.out()).as("nothing compared, nothing printed").isEmpty();
    assertThat(out.resolve("index.html")).doesNotExist();
    assertThat(out.resolve("drift_status.json")).doesNotExist();
    assertThat(out.resolve("runs")).doesNotExist();
  }

  @Test
  void anUnwritableSqlitePathFailsBeforeTheDataIsRead() throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");

    CliRun run = drift(Map.of(), "--db", blocker.resolve("shadow.db").toString());

    assertFailedBeforeComparing(
        run,
        "error: --db: cannot create the folder of database file " + blocker.resolve("shadow.db"));
  }

  @Test
  void aWrongPostgresPasswordFailsBeforeTheDataIsRead() {
    CliRun run =
        drift(
            Map.of("SHADOW_DB_USER", PasswordPostgres.USER, "SHADOW_DB_PASSWORD", "N0tThePass"),
            "--db",
            PG.jdbcUrl());

    assertFailedBeforeComparing(
        run, "error: --db: cannot connect to database " + PG.jdbcUrl() + ": ");
    assertThat(run.err()).contains("password authentication failed").doesNotContain("N0tThePass");
  }

  @Test
  void theAlertsFilesBadDatabaseFailsBeforeTheDataIsReadNamingTheFile() throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
    Path alerts = dir.resolve("monitor.yaml");
    Files.writeString(alerts, "db: " + blocker.resolve("shadow.db") + "\n");

    CliRun run = drift(Map.of(), "--alerts-config", alerts.toString());

    assertFailedBeforeComparing(run, "error: monitor.yaml: db: cannot create the folder");
  }

  @Test
  void theSparkEngineIsNotStartedForABadDatabase() throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");

    // without the check this would start (or, unbuilt, fail to find) the Spark job first
    CliRun run =
        drift(Map.of(), "--engine", "spark", "--db", blocker.resolve("shadow.db").toString());

    assertFailedBeforeComparing(run, "error: --db: cannot create the folder of database file ");
  }

  @Test
  void aGoodPostgresDatabaseStillGetsTheRunAndItsReport() {
    CliRun run =
        drift(
            Map.of(
                "SHADOW_DB_USER", PasswordPostgres.USER,
                "SHADOW_DB_PASSWORD", PasswordPostgres.PASSWORD),
            "--db",
            PG.jdbcUrl());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Drift Detected: true")
        .contains("Report: " + out.resolve("index.html"))
        .contains("Saved run ")
        .contains(" to " + PG.jdbcUrl());
    assertThat(out.resolve("index.html")).isRegularFile();
    StoreOptions login =
        StoreOptions.defaults().withCredentials(PasswordPostgres.USER, PasswordPostgres.PASSWORD);
    try (Store store = Store.open(PG.jdbcUrl(), login)) {
      DriftRun saved = store.runs().get(store.runs().size() - 1);
      assertThat(saved.succeeded()).isTrue();
      assertThat(saved.datasetDrift()).isTrue();
      assertThat(Path.of(saved.reportLocation())).isRegularFile().startsWith(out.resolve("runs"));
    }
  }

  @Test
  void aDatabaseCreatedForARunThatCouldNotReadItsDataIsRemovedAgain() throws Exception {
    Files.delete(data.resolve("current.csv"));
    Path db = dir.resolve("history/nested/shadow.db");

    CliRun run = drift(Map.of(), "--db", db.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("current.csv");
    assertThat(dir.resolve("history")).as("no empty database left behind").doesNotExist();
  }

  @Test
  void anExistingDatabaseIsKeptWhenTheRunCannotReadItsData() throws Exception {
    Path db = dir.resolve("shadow.db");
    Store.open(db.toString(), StoreOptions.defaults()).close();
    Files.delete(data.resolve("current.csv"));

    CliRun run = drift(Map.of(), "--db", db.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(db).isRegularFile();
  }
}
