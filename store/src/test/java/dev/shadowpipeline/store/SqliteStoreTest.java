package dev.shadowpipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
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
}
