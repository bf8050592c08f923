package dev.shadowpipeline.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL (zonky's embedded one, as the store's tests use) that checks passwords, unlike the embedded
 * default, which trusts every login: user {@value #USER} with {@link #PASSWORD} owns the database {@value
 * #DATABASE}. Register it on a static field ({@code @RegisterExtension static final PasswordPostgres PG = new
 * PasswordPostgres();}).
 */
public final class PasswordPostgres implements BeforeAllCallback, AfterAllCallback {

  /** The user the commands log in as. */
  public static final String USER = "shadow";

  /** Its password: with the characters a URL's user-info must encode. */
  public static final String PASSWORD = "pa@ss:w/rd+1";

  /** The database it owns. */
  public static final String DATABASE = "history";

  private Path data;
  private EmbeddedPostgres postgres;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    data = Files.createTempDirectory("shadow-pg-");
    postgres = EmbeddedPostgres.builder().setDataDirectory(data).start();
    // the test's own superuser connection stays trusted; everyone else gives a password
    Files.writeString(
        data.resolve("pg_hba.conf"),
        """
        local all postgres trust
        host all postgres 127.0.0.1/32 trust
        host all postgres ::1/128 trust
        local all all scram-sha-256
        host all all 127.0.0.1/32 scram-sha-256
        host all all ::1/128 scram-sha-256
        """);
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("SELECT pg_reload_conf()");
      st.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD.replace("'", "''") + "'");
      st.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (postgres != null) {
      postgres.close();
    }
    if (data != null && Files.exists(data)) {
      try (Stream<Path> files = Files.walk(data)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The server's port on loopback. */
  public int port() {
    return postgres.getPort();
  }

  /** {@code jdbc:postgresql://localhost:PORT/history}, without credentials. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
  }
}
