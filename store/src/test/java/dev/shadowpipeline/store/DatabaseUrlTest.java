package dev.shadowpipeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void recognisesBackends() {
    assertThat(DatabaseUrl.parse("jdbc:postgresql://db:5432/shadow").backend())
        .isEqualTo(Backend.POSTGRESQL);
    assertThat(DatabaseUrl.parse("jdbc:sqlite::memory:").backend()).isEqualTo(Backend.SQLITE);
  }

  @Test
  void rejectsOtherUrlsNamingThemWithoutTheirPassword() {
    assertThatThrownBy(() -> DatabaseUrl.parse("jdbc:mysql://db/shadow?user=u&password=hunter2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported database URL jdbc:mysql://db/shadow?****")
        .hasMessageNotContaining("hunter2");
    // any parameter of an unknown driver may be a key
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://db/shadow?api_key=k3y"))
        .hasMessageContaining("mysql://db/shadow?****")
        .hasMessageNotContaining("k3y");
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:hunter2@db/shadow"))
        .hasMessageContaining("mysql://u:****@db/shadow")
        .hasMessageContaining("jdbc:postgresql://")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> DatabaseUrl.parse(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theUserInfoOfAPostgresUrlBecomesTheCredentialsNotPartOfTheHost() {
    // pgjdbc reads "u:p@db" as a host name, so the driver is given the URL without it
    DatabaseUrl jdbc =
        DatabaseUrl.parse("jdbc:postgresql://svc:p%40ss%2Fw+rd@db:5432/shadow?ssl=true");
    assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/shadow?ssl=true");
    assertThat(jdbc.user()).isEqualTo("svc");
    assertThat(jdbc.password()).isEqualTo("p@ss/w+rd");
    assertThat(jdbc.printable()).isEqualTo("jdbc:postgresql://svc:****@db:5432/shadow?ssl=true");

    // PostgreSQL's own URL, as hosting services hand it out; an unencoded '@' in the password
    DatabaseUrl libpq = DatabaseUrl.parse("postgresql://svc:p@ss@db/shadow");
    assertThat(libpq.backend()).isEqualTo(Backend.POSTGRESQL);
    assertThat(libpq.jdbcUrl()).isEqualTo("jdbc:postgresql://db/shadow");
    assertThat(libpq.password()).isEqualTo("p@ss");
    assertThat(libpq.printable()).isEqualTo("postgresql://svc:****@db/shadow");
    assertThat(libpq.toString()).doesNotContain("p@ss");

    DatabaseUrl userOnly = DatabaseUrl.parse("postgres://svc@db:5433/shadow");
    assertThat(userOnly.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/shadow");
    assertThat(userOnly.user()).isEqualTo("svc");
    assertThat(userOnly.password()).isNull();

    DatabaseUrl plain = DatabaseUrl.parse("jdbc:postgresql://db:5432/shadow?user=a@b");
    assertThat(plain.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/shadow?user=a@b");
    assertThat(plain.user()).isNull();
  }

  @Test
  void redactsPasswordsInQueryAndUserInfo() {
    assertThat(DatabaseUrl.redact("jdbc:postgresql://h/db?user=a&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true");
    assertThat(DatabaseUrl.redact("jdbc:postgresql://a:s3cret@h/db"))
        .isEqualTo("jdbc:postgresql://a:****@h/db");
    assertThat(DatabaseUrl.redact("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void aPasswordWithAnUnencodedAtOrSlashIsMaskedWhole() {
    assertThat(DatabaseUrl.redact("jdbc:postgresql://a:p@ss@h:5432/db"))
        .isEqualTo("jdbc:postgresql://a:****@h:5432/db");
    assertThat(DatabaseUrl.redact("jdbc:postgresql://a:pa/ss@h/db?sslmode=require"))
        .isEqualTo("jdbc:postgresql://a:****@h/db?sslmode=require");
    assertThat(DatabaseUrl.redact("jdbc:postgresql://a@h/db?options=x@y"))
        .isEqualTo("jdbc:postgresql://a@h/db?options=x@y");
    assertThat(DatabaseUrl.redact("jdbc:postgresql://h:5432/db?sslpassword=k3y&x=1"))
        .isEqualTo("jdbc:postgresql://h:5432/db?sslpassword=****&x=1");
    assertThat(
            DatabaseUrl.redact("cannot reach jdbc:postgresql://a:one@h/db nor //b:two@g, user c@d"))
        .isEqualTo("cannot reach jdbc:postgresql://a:****@h/db nor //b:****@g, user c@d");
  }

  @Test
  void aPasswordWithAnUnencodedQuestionMarkSlashOrSpaceIsTakenOutOfTheUrlAndNeverPrinted() {
    for (String password :
        new String[] {"Hun?ter2Pass", "Hun/ter2Pass", "Hunter2 Pass", "a?b/c@d"}) {
      DatabaseUrl url = DatabaseUrl.parse("postgresql://alice:" + password + "@127.0.0.1:1/shadow");
      assertThat(url.user()).as(password).isEqualTo("alice");
      assertThat(url.password()).as(password).isEqualTo(password);
      // without the credentials, the driver has no user-info to warn about and quote
      assertThat(url.jdbcUrl()).as(password).isEqualTo("jdbc:postgresql://127.0.0.1:1/shadow");
      assertThat(url.printable())
          .as(password)
          .isEqualTo("postgresql://alice:****@127.0.0.1:1/shadow")
          .doesNotContain(password);
    }
    // an '@' after the path with no user-info before it stays where it is: a port is not a password
    DatabaseUrl port = DatabaseUrl.parse("postgresql://db:5432/shadow?options=a@b");
    assertThat(port.user()).isNull();
    assertThat(port.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/shadow?options=a@b");
    DatabaseUrl noPort = DatabaseUrl.parse("postgresql://db/shadow?options=a@b");
    assertThat(noPort.user()).isNull();
    assertThat(noPort.jdbcUrl()).isEqualTo("jdbc:postgresql://db/shadow?options=a@b");
  }

  @Test
  void describeNeverShowsThePassword() {
    assertThat(DatabaseUrl.parse("jdbc:postgresql://svc:hunter2@db:5432/shadow").printable())
        .isEqualTo("jdbc:postgresql://svc:****@db:5432/shadow");
  }

  @Test
  void unreachableDatabaseFailsWithItsUrlAndNoPassword() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/shadow?password=fromurl";
    StoreOptions options =
        StoreOptions.defaults()
            .withCredentials("shadow", "hunter2")
            .withConnectTimeout(Duration.ofSeconds(1));

    assertThatThrownBy(() -> Store.open(url, options))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "cannot connect to database jdbc:postgresql://127.0.0.1:"
                + closedPort
                + "/shadow?password=****: ")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("fromurl");
  }

  @Test
  void driverRepeatingTheUserInfoBareDoesNotPrintThePassword() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    // pgjdbc reads "pguser:PGPASS999@127.0.0.1" as the host name and repeats it without any "//"
    String url = "jdbc:postgresql://pguser:PGPASS999@127.0.0.1:" + closedPort + "/db";
    StoreOptions options = StoreOptions.defaults().withConnectTimeout(Duration.ofSeconds(1));

    assertThatThrownBy(() -> Store.open(url, options))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "cannot connect to database jdbc:postgresql://pguser:****@127.0.0.1:")
        .hasMessageNotContaining("PGPASS999");
  }

  @Test
  void anUnreachableDatabaseWhosePasswordHoldsAQuestionMarkIsNamedWithoutIt() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "postgresql://alice:Hun?ter2Pass@127.0.0.1:" + closedPort + "/shadow";
    StoreOptions options = StoreOptions.defaults().withConnectTimeout(Duration.ofSeconds(1));

    assertThatThrownBy(() -> Store.open(url, options))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "cannot connect to database postgresql://alice:****@127.0.0.1:"
                + closedPort
                + "/shadow: ")
        .hasMessageNotContaining("ter2Pass");
  }

  @Test
  void secretsOfAUrlAreItsPasswordRawAndDecodedAndTheOptionsPassword() {
    StoreOptions options = StoreOptions.defaults().withCredentials("shadow", "hunter2");
    assertThat(Store.secretsOf("jdbc:postgresql://u:p%40ss@db:5432/x?ssl=true", options))
        .containsExactlyInAnyOrder("p%40ss", "p@ss", "hunter2");
    assertThat(Store.secretsOf("jdbc:postgresql://db:5432/x", StoreOptions.defaults())).isEmpty();
  }

  @Test
  void optionsNeverPrintThePassword() {
    StoreOptions options =
        StoreOptions.fromEnvironment(
            java.util.Map.of(
                StoreOptions.USER_ENV, "shadow", StoreOptions.PASSWORD_ENV, "hunter2"));
    assertThat(options.user()).isEqualTo("shadow");
    assertThat(options.password()).isEqualTo("hunter2");
    assertThat(options.toString()).contains("shadow").doesNotContain("hunter2");
  }
}
