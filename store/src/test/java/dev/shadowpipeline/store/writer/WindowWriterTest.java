package dev.shadowpipeline.store.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowpipeline.store.ComparisonWindow;
import dev.shadowpipeline.store.LatencyPercentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The writer's buffering and retry rules, with in-memory sinks; the real-database outage is in the store tests. */
class WindowWriterTest {

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final WindowWriterOptions FAST =
      WindowWriterOptions.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(20));

  static ComparisonWindow window(int minute) {
    return new ComparisonWindow(
        "proxy",
        T0.plusSeconds(60L * minute),
        T0.plusSeconds(60L * minute + 60),
        minute,
        0,
        0,
        0,
        0,
        0,
        LatencyPercentiles.NONE,
        LatencyPercentiles.NONE,
        LatencyPercentiles.NONE);
  }

  @Test
  void offerNeverWaitsForAStuckSinkAndDropsTheOldestWhenFull() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch writing = new CountDownLatch(1);
    List<ComparisonWindow> written = new CopyOnWriteArrayList<>();
    WindowSink stuck =
        batch -> {
          writing.countDown();
          release.await();
          written.addAll(batch);
        };
    WindowWriter writer = WindowWriter.start(stuck, FAST.withCapacity(5).withBatchSize(1));

    assertThat(writer.offer(window(0))).isTrue();
    assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
    long started = System.nanoTime();
    for (int minute = 1; minute < 100; minute++) {
      assertThat(writer.offer(window(minute))).isTrue();
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1_000);

    // window 0 is held by the stuck write; of the rest only the newest five are kept
    await().atMost(Duration.ofSeconds(5)).until(() -> writer.stats().dropped() == 94);
    release.countDown();
    assertThat(writer.close(Duration.ofSeconds(5))).isTrue();
    assertThat(written)
        .extracting(ComparisonWindow::requests)
        .containsExactly(0L, 95L, 96L, 97L, 98L, 99L);
    assertThat(writer.stats()).isEqualTo(new WriterStats(100, 6, 94, 0, 0, true));
  }

  @Test
  void retriesAFailedBatchWithBackoffUntilTheSinkRecovers() {
    AtomicBoolean down = new AtomicBoolean(true);
    List<ComparisonWindow> written = new CopyOnWriteArrayList<>();
    WindowWriter writer =
        WindowWriter.start(
            batch -> {
              if (down.get()) {
                throw new java.sql.SQLException("connection refused");
              }
              written.addAll(batch);
            },
            FAST);

    for (int minute = 0; minute < 10; minute++) {
      writer.offer(window(minute));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> writer.stats().failedAttempts() >= 3);
    assertThat(writer.stats().sinkAvailable()).isFalse();
    assertThat(writer.stats().buffered()).isEqualTo(10);

    down.set(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> writer.stats().written() == 10);
    assertThat(written)
        .extracting(ComparisonWindow::requests)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(writer.stats().sinkAvailable()).isTrue();
    assertThat(writer.close(Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void closeGivesUpAfterItsTimeoutAndCountsWhatIsLeft() {
    WindowWriter writer =
        WindowWriter.start(
            batch -> {
              throw new IllegalStateException("database is down");
            },
            FAST.withBackoff(Duration.ofMillis(50), Duration.ofSeconds(10)));
    for (int minute = 0; minute < 7; minute++) {
      writer.offer(window(minute));
    }

    long started = System.nanoTime();
    boolean drained = writer.close(Duration.ofMillis(300));

    assertThat(drained).isFalse();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(250L, 3_000L);
    assertThat(writer.stats().dropped()).isEqualTo(7);
    assertThat(writer.stats().buffered()).isZero();
    assertThat(writer.offer(window(8))).isFalse();
    assertThat(writer.stats().dropped()).isEqualTo(8);
  }
}
