package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.record.PipelineListener.DropReason;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecordPipelineTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A sink that keeps what it gets in memory and can be made to block or fail. */
  static final class MemorySink implements ExchangeSink {
    final List<ComparedExchange> accepted = new CopyOnWriteArrayList<>();
    final AtomicInteger flushes = new AtomicInteger();
    final CountDownLatch gate;
    volatile boolean failing;
    volatile boolean closed;

    MemorySink(CountDownLatch gate) {
      this.gate = gate;
    }

    @Override
    public void accept(ComparedExchange exchange) throws IOException {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failing) {
        throw new IOException("disk full");
      }
      accepted.add(exchange);
    }

    @Override
    public void flush() {
      flushes.incrementAndGet();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static RecordPipeline.Builder pipeline() {
    return RecordPipeline.builder(new JsonComparator(NumericTolerance.EXACT, List.of()), MAPPER);
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() {
    CountDownLatch gate = new CountDownLatch(1); // the sink blocks until opened
    MemorySink sink = new MemorySink(gate);
    AtomicInteger droppedSeen = new AtomicInteger();
    RecordPipeline p =
        pipeline()
            .sinks(List.of(sink))
            .capacity(4)
            .listener(
                new PipelineListener() {
                  @Override
                  public void dropped(DropReason reason) {
                    assertThat(reason).isEqualTo(DropReason.QUEUE_FULL);
                    droppedSeen.incrementAndGet();
                  }
                })
            .start();

    int accepted = 0;
    for (int i = 0; i < 100; i++) {
      if (p.offer(Exchanges.exchange("id-" + i))) {
        accepted++;
      }
    }
    // at most the queue plus the one the worker holds
    assertThat(accepted).isBetween(4, 5);
    assertThat(p.dropped()).isEqualTo(100 - accepted);
    assertThat(droppedSeen.get()).isEqualTo(100 - accepted);

    gate.countDown();
    assertThat(p.close(Duration.ofSeconds(10))).isTrue();
    assertThat(sink.accepted).hasSize(accepted);
    assertThat(sink.closed).isTrue();
  }

  @Test
  void closeDrainsEverythingQueuedThenFlushesAndCloses() {
    MemorySink sink = new MemorySink(new CountDownLatch(0));
    RecordPipeline p = pipeline().sinks(List.of(sink)).capacity(1000).start();
    for (int i = 0; i < 500; i++) {
      assertThat(p.offer(Exchanges.exchange("id-" + i))).isTrue();
    }
    assertThat(p.close(Duration.ofSeconds(10))).isTrue();
    assertThat(sink.accepted).hasSize(500);
    assertThat(sink.flushes.get()).isPositive();
    assertThat(p.offer(Exchanges.exchange("late"))).isFalse();
  }

  @Test
  void aFailingSinkIsCountedAndTheWorkerGoesOn() {
    MemorySink sink = new MemorySink(new CountDownLatch(0));
    sink.failing = true;
    AtomicInteger failures = new AtomicInteger();
    RecordPipeline p =
        pipeline()
            .sinks(List.of(sink))
            .listener(
                new PipelineListener() {
                  @Override
                  public void sinkFailed(String name, Exception error) {
                    failures.incrementAndGet();
                  }
                })
            .start();
    p.offer(Exchanges.exchange("a"));
    await().atMost(5, TimeUnit.SECONDS).until(() -> failures.get() == 1);
    sink.failing = false;
    p.offer(Exchanges.exchange("b"));
    p.close(Duration.ofSeconds(5));
    assertThat(sink.accepted).extracting(c -> c.exchange().request().id()).containsExactly("b");
  }

  @Test
  void flushesWhenIdleEvenWithoutClose() {
    MemorySink sink = new MemorySink(new CountDownLatch(0));
    RecordPipeline p = pipeline().sinks(List.of(sink)).flushInterval(Duration.ofSeconds(1)).start();
    p.offer(Exchanges.exchange("a"));
    // the queue runs dry right after: the record must not wait in a buffer
    await().atMost(2, TimeUnit.SECONDS).until(() -> sink.flushes.get() >= 1);
    p.close(Duration.ofSeconds(5));
  }
}
