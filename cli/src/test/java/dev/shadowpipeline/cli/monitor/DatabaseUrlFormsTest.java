package dev.shadowpipeline.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.PasswordPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL URLs people write, against a PostgreSQL that checks passwords: {@code user:password@host} in a JDBC
 * URL (which the driver alone reads as a host name) and PostgreSQL's own {@code postgresql://} / {@code postgres://}.
 * The password logs in and is never shown.
 */
class DatabaseUrlFormsTest {

  @RegisterExtension static final PasswordPostgres PG = new PasswordPostgres();

  // the password's '@', ':' and '/' percent-encoded, as in any URL's user-info; '+' is itself
  private static final String ENCODED = "pa%40ss%3Aw%2Frd+1";

  @TempDir Path dir;
  private Path data;

  @BeforeEach
  void data() {
    data = dir.resolve("data");
    assertThat(CliRun.run("simulate", "--out", data.toString(), "--rows", "200").exitCode())
        .isZero();
  }

  private CliRun drift(String db) {
    return CliRun.run(
        "drift",
        "--reference",
        data.resolve("reference.csv").toString(),
        "--current",
        data.resolve("current.csv").toString(),
        "--out",
        dir.resolve("out").toString(),
        "--db",
        db);
  }

  private static void assertNoPassword(CliRun run) {
    assertThat(run.out() + run.err())
        .doesNotContain(PasswordPostgres.PASSWORD)
        .doesNotContain(ENCODED)
        .doesNotContain("pa@ss");
  }

  @Test
  void userAndPasswordInTheUrlLogIn() {
    String host = "@localhost:" + PG.port() + "/" + PasswordPostgres.DATABASE;
    for (String scheme : new String[] {"jdbc:postgresql", "postgresql", "postgres"}) {
      String url = scheme + "://" + PasswordPostgres.USER + ":" + ENCODED + host;

      CliRun run = drift(url);

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out())
          .contains("Saved run ")
          .contains(" to " + scheme + "://" + PasswordPostgres.USER + ":****" + host);
      assertNoPassword(run);
    }
    CliRun site =
        CliRun.run(
            "site",
            "--db",
            "postgresql://" + PasswordPostgres.USER + ":" + ENCODED + host,
            "--out",
            dir.resolve("site").toString());
    assertThat(site.exitCode()).as(site.err()).isZero();
    assertNoPassword(site);
    assertThat(dir.resolve("site/index.html")).isRegularFile();
  }

  @Test
  void aWrongPasswordInTheUrlIsOneMaskedLine() {
    String url =
        "postgresql://"
            + PasswordPostgres.USER
            + ":Wr0ngPass@localhost:"
            + PG.port()
            + "/"
            + PasswordPostgres.DATABASE;

    CliRun run = drift(url);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith(
            "error: --db: cannot connect to database postgresql://"
                + PasswordPostgres.USER
                + ":****@localhost:"
                + PG.port()
                + "/")
        .contains("password authentication failed");
    assertThat(run.out() + run.err()).doesNotContain("Wr0ngPass");
  }
}
