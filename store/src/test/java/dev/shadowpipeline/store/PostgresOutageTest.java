package dev.shadowpipeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowpipeline.store.writer.WindowWriter;
import dev.shadowpipeline.store.writer.WindowWriterOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real outage: the PostgreSQL server is stopped while the writer is in use, then started again on the same port
 * and data directory.
 */
class PostgresOutageTest {

  @TempDir Path dataDirectory;

  private EmbeddedPostgres start(int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  @Test
  void offersNeverBlockDuringAnOutageAndWritesResumeAfterIt() throws Exception {
    EmbeddedPostgres postgres = start(0);
    int port = postgres.getPort();
    String url = "jdbc:postgresql://localhost:" + port + "/postgres";
    StoreOptions options =
        StoreOptions.defaults()
            .withCredentials("postgres", null)
            .withConnectTimeout(Duration.ofMillis(500));
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");

    try (Store store = Store.open(url, options)) {
      WindowWriter writer =
          WindowWriter.start(
              store::upsertWindows,
              WindowWriterOptions.defaults()
                  .withCapacity(20)
                  .withBatchSize(5)
                  .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400)));
      writer.offer(Fixtures.window("proxy-a", t0, 10, 10));
      await().atMost(Duration.ofSeconds(10)).until(() -> writer.stats().written() == 1);

      postgres.close();
      long started = System.nanoTime();
      for (int minute = 1; minute <= 100; minute++) {
        writer.offer(Fixtures.window("proxy-a", t0.plusSeconds(60L * minute), minute, 0));
      }
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
          .as("offering 100 windows to a writer whose database is down")
          .isLessThan(1_000);
      await().atMost(Duration.ofSeconds(10)).until(() -> !writer.stats().sinkAvailable());
      // at most capacity (20) waiting plus one batch (5) in hand; everything else was dropped and
      // counted
      assertThat(writer.stats().dropped()).isBetween(75L, 80L);
      assertThat(writer.stats().buffered()).isLessThanOrEqualTo(25);

      EmbeddedPostgres restarted = start(port);
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.stats().buffered() == 0);
        assertThat(writer.stats().sinkAvailable()).isTrue();
        assertThat(writer.close(Duration.ofSeconds(5))).isTrue();

        var stored = store.windows(t0, t0.plusSeconds(60L * 200));
        assertThat(stored).hasSize((int) (101 - writer.stats().dropped()));
        // drop-oldest: the newest window survived the outage
        assertThat(stored.get(stored.size() - 1).requests()).isEqualTo(100);
        assertThat(stored.get(0).requests()).isEqualTo(10);
      } finally {
        restarted.close();
      }
    }
  }
}
