package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.Observation;
import dev.shadowpipeline.shadow.compare.PendingVerdict;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import dev.shadowpipeline.shadow.exchange.Exchange;
import dev.shadowpipeline.shadow.record.PipelineListener.DropReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The record worker never waits for a slow comparator: pairs whose verdict is pending are set aside (their bytes still
 * held), the others are written meanwhile, and each pending pair is written once, on the worker, when its verdict
 * completes — or without its slow part when the pipeline closes first. A comparator whose verdicts the test completes
 * by hand stands in for the semantic model (the real model's end-to-end tests are in the semantic module).
 */
class PendingRecordsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Requests to {@code /slow} get a verdict the test completes; the others a match at once. */
  static final class HeldComparator implements ResponseComparator {
    final Map<String, CompletableFuture<Verdict>> held = new ConcurrentHashMap<>();

    @Override
    public String name() {
      return "held";
    }

    @Override
    public Verdict compare(Answer primary, Answer shadow) {
      return Verdict.of("held", List.of(), List.of(Observation.measure("held", "", "m", 1)));
    }

    @Override
    public PendingVerdict compareLater(CapturedRequest request, Answer primary, Answer shadow) {
      if (!request.path().equals("/slow")) {
        return PendingVerdict.done(compare(primary, shadow));
      }
      // the noise comparison of the same request comes second: keyed apart
      String key = held.containsKey(request.id()) ? request.id() + "/noise" : request.id();
      CompletableFuture<Verdict> f = new CompletableFuture<>();
      held.put(key, f);
      return PendingVerdict.later(
          f,
          () ->
              f.complete(
                  Verdict.of(
                      "held",
                      List.of(),
                      List.of(Observation.unmeasured("held", "", "m", "shutdown")))));
    }

    void complete(String key, double value) {
      held.get(key)
          .complete(
              Verdict.of("held", List.of(), List.of(Observation.measure("held", "", "m", value))));
    }
  }

  /** Keeps what it gets and the threads it was called on. */
  static final class ThreadSink implements ExchangeSink {
    final List<String> ids = new CopyOnWriteArrayList<>();
    final List<ComparedExchange> accepted = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void accept(ComparedExchange exchange) {
      threads.add(Thread.currentThread().getName());
      ids.add(exchange.exchange().request().id());
      accepted.add(exchange);
    }

    @Override
    public void flush() {
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public void close() throws IOException {}

    ComparedExchange get(String id) {
      return accepted.stream()
          .filter(c -> c.exchange().request().id().equals(id))
          .findFirst()
          .orElseThrow();
    }
  }

  static Exchange exchange(String id, String path, boolean secondary) {
    CapturedRequest req =
        new CapturedRequest(
            id,
            Instant.parse("2026-11-23T09:00:00Z"),
            "POST",
            path,
            null,
            List.of(),
            "{\"x\":1}".getBytes(StandardCharsets.UTF_8));
    return new Exchange(
        req,
        Exchanges.response("{\"y\":1}", 2_000_000),
        Exchanges.response("{\"y\":2}", 3_000_000),
        "http://shadow:1",
        secondary ? Exchanges.response("{\"y\":1}", 2_500_000) : null);
  }

  static double value(Verdict v) {
    return v.observations().get(0).value();
  }

  @Test
  void otherPairsAreWrittenWhileAPendingOneWaitsAndItIsWrittenOnTheWorkerWhenItCompletes() {
    HeldComparator comparator = new HeldComparator();
    ThreadSink sink = new ThreadSink();
    List<String> listenerThreads = new CopyOnWriteArrayList<>();
    RecordPipeline p =
        RecordPipeline.builder(comparator, MAPPER)
            .sinks(List.of(sink))
            .listener(
                new PipelineListener() {
                  @Override
                  public void compared(ComparedExchange exchange) {
                    listenerThreads.add(Thread.currentThread().getName());
                  }
                })
            .start();
    assertThat(p.offer(exchange("a", "/slow", false))).isTrue();
    assertThat(p.offer(exchange("b", "/fast", false))).isTrue();
    assertThat(p.offer(exchange("c", "/fast", false))).isTrue();

    await().atMost(10, TimeUnit.SECONDS).until(() -> sink.ids.size() == 2);
    assertThat(sink.ids).containsExactly("b", "c");
    assertThat(p.pending()).isEqualTo(1);
    // the pending pair still holds its bytes in the queue's budget
    assertThat(p.queuedBytes()).isEqualTo(exchange("a", "/slow", false).retainedBytes());

    comparator.complete("a", 0.25); // on the test's thread, as the model's worker would
    await().atMost(10, TimeUnit.SECONDS).until(() -> sink.ids.size() == 3);
    assertThat(sink.ids).containsExactly("b", "c", "a");
    assertThat(value(sink.get("a").verdict())).isEqualTo(0.25);
    assertThat(p.pending()).isZero();
    assertThat(p.queuedBytes()).isZero();

    assertThat(p.close(Duration.ofSeconds(10))).isTrue();
    assertThat(p.processed()).isEqualTo(3);
    assertThat(p.givenUp()).isZero();
    assertThat(sink.threads).isNotEmpty().allMatch("shadow-records"::equals);
    assertThat(listenerThreads).hasSize(3).allMatch("shadow-records"::equals);
  }

  @Test
  void aPairWithASecondaryWaitsForBothVerdictsAndIsWrittenOnce() {
    HeldComparator comparator = new HeldComparator();
    ThreadSink sink = new ThreadSink();
    RecordPipeline p = RecordPipeline.builder(comparator, MAPPER).sinks(List.of(sink)).start();
    p.offer(exchange("a", "/slow", true));
    await().atMost(10, TimeUnit.SECONDS).until(() -> comparator.held.size() == 2);

    comparator.complete("a", 0.5);
    p.offer(exchange("b", "/fast", false)); // written after "a" started: "a" is still waiting
    await().atMost(10, TimeUnit.SECONDS).until(() -> sink.ids.contains("b"));
    assertThat(sink.ids).containsExactly("b");

    comparator.complete("a/noise", 0.75);
    await().atMost(10, TimeUnit.SECONDS).until(() -> sink.ids.size() == 2);
    assertThat(p.close(Duration.ofSeconds(10))).isTrue();
    assertThat(sink.ids).containsExactly("b", "a");
    ComparedExchange a = sink.get("a");
    assertThat(value(a.verdict())).isEqualTo(0.5);
    assertThat(value(a.noise())).isEqualTo(0.75);
  }

  @Test
  void closeWritesPendingPairsAsTheyComplete() throws Exception {
    HeldComparator comparator = new HeldComparator();
    ThreadSink sink = new ThreadSink();
    RecordPipeline p = RecordPipeline.builder(comparator, MAPPER).sinks(List.of(sink)).start();
    p.offer(exchange("a", "/slow", false));
    await().atMost(10, TimeUnit.SECONDS).until(() -> p.pending() == 1);

    CompletableFuture<Boolean> closed =
        CompletableFuture.supplyAsync(() -> p.close(Duration.ofSeconds(30)));
    // close runs on another thread: offering before it began would be accepted
    await().atMost(10, TimeUnit.SECONDS).until(p::closing);
    assertThat(p.offer(exchange("late", "/fast", false))).isFalse(); // closing: no more
    comparator.complete("a", 0.9);
    assertThat(closed.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(sink.ids).containsExactly("a");
    assertThat(value(sink.get("a").verdict())).isEqualTo(0.9);
    assertThat(p.givenUp()).isZero();
  }

  @Test
  void closeGivesUpOnPairsStillPendingBeforeItsTimeoutAndWritesThemWithoutTheSlowPart() {
    HeldComparator comparator = new HeldComparator();
    ThreadSink sink = new ThreadSink();
    RecordPipeline p = RecordPipeline.builder(comparator, MAPPER).sinks(List.of(sink)).start();
    p.offer(exchange("a", "/slow", false));
    p.offer(exchange("b", "/slow", true));
    await().atMost(10, TimeUnit.SECONDS).until(() -> p.pending() == 2);

    // gives up half-way through a timeout of two seconds; nothing is lost
    assertThat(p.close(Duration.ofSeconds(2))).isTrue();
    assertThat(sink.ids).containsExactlyInAnyOrder("a", "b");
    assertThat(p.givenUp()).isEqualTo(2);
    assertThat(p.dropped()).isZero();
    assertThat(p.queuedBytes()).isZero();
    for (ComparedExchange c : sink.accepted) {
      assertThat(c.verdict().observations().get(0).unmeasured()).isEqualTo("shutdown");
    }
    assertThat(sink.get("b").noise().observations().get(0).unmeasured()).isEqualTo("shutdown");
    // completing later changes nothing: each pair is written once
    comparator.complete("a", 1);
    assertThat(sink.ids).hasSize(2);
  }

  @Test
  void thePendingPairsBytesCountAgainstTheQueueBudget() {
    HeldComparator comparator = new HeldComparator();
    ThreadSink sink = new ThreadSink();
    long one = exchange("a", "/slow", false).retainedBytes();
    List<DropReason> drops = new CopyOnWriteArrayList<>();
    RecordPipeline p =
        RecordPipeline.builder(comparator, MAPPER)
            .sinks(List.of(sink))
            .capacityBytes(one + one / 2)
            .listener(
                new PipelineListener() {
                  @Override
                  public void dropped(DropReason reason) {
                    drops.add(reason);
                  }
                })
            .start();
    assertThat(p.offer(exchange("a", "/slow", false))).isTrue();
    await().atMost(10, TimeUnit.SECONDS).until(() -> p.pending() == 1);
    // the queue is empty, but the pair set aside holds its bytes: no room for a second
    assertThat(p.queued()).isZero();
    assertThat(p.offer(exchange("b", "/fast", false))).isFalse();
    assertThat(drops).containsExactly(DropReason.QUEUE_BYTES);

    comparator.complete("a", 0.5);
    await().atMost(10, TimeUnit.SECONDS).until(() -> p.queuedBytes() == 0);
    assertThat(p.offer(exchange("c", "/fast", false))).isTrue();
    assertThat(p.close(Duration.ofSeconds(10))).isTrue();
    assertThat(sink.ids).containsExactly("a", "c");
  }

  @Test
  void awaitingVerdictsTheWorkerWritesInArrivalOrder() {
    HeldComparator comparator = new HeldComparator();
    ThreadSink sink = new ThreadSink();
    RecordPipeline p =
        RecordPipeline.builder(comparator, MAPPER).sinks(List.of(sink)).awaitVerdicts(true).start();
    p.offer(exchange("a", "/slow", false));
    await().atMost(10, TimeUnit.SECONDS).until(() -> comparator.held.size() == 1);
    p.offer(exchange("b", "/fast", false));
    // the worker waits on "a": "b" stays queued, nothing is written, nothing is set aside
    assertThat(p.queued()).isEqualTo(1);
    assertThat(sink.ids).isEmpty();
    assertThat(p.pending()).isZero();

    comparator.complete("a", 0.5);
    assertThat(p.close(Duration.ofSeconds(10))).isTrue();
    assertThat(sink.ids).containsExactly("a", "b");
  }
}
