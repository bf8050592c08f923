package dev.shadowpipeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an embedded SQLite file. */
class SqliteStoreTest extends StoreContractTest {

  @TempDir Path dir;

  private final AtomicInteger databases = new AtomicInteger();

  @Override
  String newDatabase() {
    // a directory that does not exist yet: opening must create it
    return dir.resolve("db-" + databases.incrementAndGet()).resolve("shadow.db").toString();
  }

  @Override
  Backend expectedBackend() {
    return Backend.SQLITE;
  }

  @Test
  void aSqliteFileOfAnotherApplicationIsRefusedAndLeftUnchanged() throws Exception {
    Path file = dir.resolve("crm.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (id INTEGER, name TEXT)");
      s.execute("INSERT INTO users VALUES (1, 'a')");
    }
    byte[] before = Files.readAllBytes(file);
    String expected =
        "database file "
            + file
            + " is not a Shadow Pipeline history: it holds other tables (users) and no "
            + "shadow_schema_history; left unchanged (give a new file or an existing history)";
    // before, the pool's first connection switched it to WAL, and Flyway then refused it
    assertThatThrownBy(() -> Store.open(file.toString(), options())).hasMessage(expected);
    assertThatThrownBy(() -> Store.openHistory("jdbc:sqlite:" + file, options()))
        .hasMessage(expected);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(dir.resolve("crm.db-wal")).doesNotExist();
  }

  @Test
  void aFileThatIsNoSqliteDatabaseIsNamedAndLeftUnchanged() throws Exception {
    Path file = dir.resolve("notes.db");
    Files.writeString(file, "not a database, but long enough to have a header of its own\n");
    assertThatThrownBy(() -> Store.open(file.toString(), options()))
        .isInstanceOf(StoreException.class)
        .hasMessage("database file " + file + " is not an SQLite database (left unchanged)");
    assertThat(file).hasContent("not a database, but long enough to have a header of its own");
  }

  @Test
  void anEmptyOrMissingFileIsNoHistoryToReadAndIsNotCreated() throws Exception {
    Path missing = dir.resolve("nowhere").resolve("shadow.db");
    assertThat(Store.openHistory(missing.toString(), options())).isEmpty();
    assertThat(missing.getParent()).doesNotExist();
    Path empty = Files.createFile(dir.resolve("empty.db"));
    assertThat(Store.openHistory(empty.toString(), options())).isEmpty();
    assertThat(empty).isEmptyFile();
    // a writer takes an empty file as a new database
    try (Store store = Store.open(empty.toString(), options())) {
      assertThat(store.migrationsApplied()).isPositive();
    }
  }

  @Test
  void aPlainPathBecomesASqliteFile() {
    Path file = dir.resolve("nested/dir/history.db");
    try (Store store = Store.open(file.toString(), options())) {
      assertThat(store.describe()).isEqualTo("jdbc:sqlite:" + file.toAbsolutePath());
    }
    assertThat(Files.exists(file)).isTrue();
  }

  @Test
  void aJdbcSqliteUrlIsUsedAsGiven() {
    Path file = dir.resolve("by-url.db");
    try (Store store = Store.open("jdbc:sqlite:" + file, options())) {
      assertThat(store.backend()).isEqualTo(Backend.SQLITE);
    }
    assertThat(Files.exists(file)).isTrue();
  }

  @Test
  void windowsSavedBeforeLeftOutWasKeptReadAsNoneLeftOut() throws Exception {
    // a database as the store left it before V5, with a window its proxy wrote then: every pair
    // counted in compared and matches, no left_out column
    Path file = dir.resolve("before-v5.db");
    String url = "jdbc:sqlite:" + file;
    Flyway.configure(Store.class.getClassLoader())
        .dataSource(url, null, null)
        .locations("classpath:dev/shadowpipeline/store/migration/sqlite")
        .table(Store.SCHEMA_HISTORY_TABLE)
        .target("4")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO shadow_window (instance_id, window_start_ms, window_end_ms, requests, compared, "
              + "matches, critical, shadow_errors, shadow_timeouts) VALUES ('proxy-a', 0, 60000, 100, 100, 97, "
              + "1, 2, 0)");
    }

    try (Store store = Store.open(file.toString(), options())) {
      assertThat(store.migrationsApplied()).isEqualTo(1);
      List<ComparisonWindow> windows = store.windows(Instant.EPOCH, Instant.ofEpochSecond(60));
      assertThat(windows).hasSize(1);
      ComparisonWindow old = windows.get(0);
      assertThat(old.leftOut()).isZero();
      assertThat(old.compared()).isEqualTo(100);
      assertThat(old.matches()).isEqualTo(97);
      assertThat(old.agreement()).isEqualTo(0.97);

      // a window written now keeps its left-out pairs beside the old one
      ComparisonWindow now =
          new ComparisonWindow(
              "proxy-a",
              Instant.ofEpochSecond(60),
              Instant.ofEpochSecond(120),
              100,
              60,
              57,
              40,
              1,
              0,
              0,
              LatencyPercentiles.NONE,
              LatencyPercentiles.NONE,
              LatencyPercentiles.NONE,
              null);
      store.upsertWindow(now);
      assertThat(store.windows(Instant.EPOCH, Instant.ofEpochSecond(120)))
          .containsExactly(old, now);
    }
  }

  @Test
  void anUnusedDatabaseThisOpenCreatedIsRemovedWithItsFolders() throws Exception {
    Path file = dir.resolve("new/nested/history.db");
    Store store = Store.open(file.toString(), options());
    assertThat(file).exists();

    store.closeDiscardingIfEmpty();

    assertThat(file).doesNotExist();
    assertThat(file.resolveSibling("history.db-wal")).doesNotExist();
    assertThat(file.resolveSibling("history.db-shm")).doesNotExist();
    assertThat(dir.resolve("new")).doesNotExist();
    assertThat(dir).exists();
  }

  @Test
  void aCreatedFolderThatGotOtherFilesIsKept() throws Exception {
    Path file = dir.resolve("shared/history.db");
    Store store = Store.open(file.toString(), options());
    Files.writeString(dir.resolve("shared/report.html"), "<p>written meanwhile</p>");

    store.closeDiscardingIfEmpty();

    assertThat(file).doesNotExist();
    assertThat(dir.resolve("shared/report.html")).exists();
  }

  @Test
  void anUnusedDatabaseCreatedByAJdbcSqliteUrlIsRemoved() {
    Path file = dir.resolve("by-url.db");
    Store.open("jdbc:sqlite:" + file, options()).closeDiscardingIfEmpty();
    assertThat(file).doesNotExist();
    assertThat(dir).exists();
  }

  @Test
  void aDatabaseThatExistedBeforeIsKeptEvenEmpty() {
    Path file = dir.resolve("existing.db");
    Store.open(file.toString(), options()).close();
    assertThat(file).exists();

    Store.open(file.toString(), options()).closeDiscardingIfEmpty();

    assertThat(file).exists();
  }

  @Test
  void aCreatedDatabaseIsKeptOnceARunOrAWindowIsSavedInIt() {
    Path withRun = dir.resolve("run/history.db");
    Store store = Store.open(withRun.toString(), options());
    store.saveRun(Fixtures.run("r1", Fixtures.T0, 0.0, false), Fixtures.columns(0.01));
    store.closeDiscardingIfEmpty();
    assertThat(withRun).exists();

    Path withWindow = dir.resolve("window/history.db");
    store = Store.open(withWindow.toString(), options());
    store.upsertWindow(Fixtures.window("proxy-a", Fixtures.T0, 10, 9));
    store.closeDiscardingIfEmpty();
    assertThat(withWindow).exists();
  }
}
