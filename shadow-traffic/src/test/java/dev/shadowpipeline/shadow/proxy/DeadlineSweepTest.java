package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One loop's deadlines on one timer: each call is expired by the deadline that passed, calls that end leave the list,
 * and the timer stops once it is empty. The clock the deadlines read is the test's, so the ticks (1 ms, real time)
 * only decide when they are looked at.
 */
class DeadlineSweepTest {

  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final DeadlineSweep sweep = new DeadlineSweep(vertx, 1, now::get);
  private final Context loop = vertx.getOrCreateContext();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private <T> T onLoop(Supplier<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(
        v -> {
          try {
            result.complete(action.get());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    return result.get(10, TimeUnit.SECONDS);
  }

  private void onLoopDo(Runnable action) throws Exception {
    onLoop(
        () -> {
          action.run();
          return null;
        });
  }

  private StreamDeadline deadline(long headMillis, long idleMillis, long maxMillis)
      throws Exception {
    return onLoop(() -> new StreamDeadline(sweep, loop, headMillis, idleMillis, maxMillis));
  }

  private void advance(long millis) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /**
   * Reads on the loop once a tick has run after the clock was last moved (ticks run on the loop, so one counted after
   * this reads the clock as moved); at once when nothing is watched, as no tick will come.
   */
  private <T> T afterTicks(Supplier<T> read) throws Exception {
    long before = onLoop(sweep::ticks);
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (onLoop(sweep::size) > 0 && onLoop(sweep::ticks) == before) {
      assertThat(System.nanoTime()).as("a tick within 10 s").isLessThan(giveUp);
      Thread.sleep(1);
    }
    return onLoop(read);
  }

  @Test
  void aCallWithoutAnAnswerHeadExpiresOnlyOnceItsHeadDeadlinePassed() throws Exception {
    StreamDeadline call = deadline(500, 100, 0);
    onLoopDo(
        () -> {
          call.start();
        });
    advance(499);
    assertThat(afterTicks(call::expired)).isNull();
    advance(1);
    assertThat(afterTicks(call::expired)).isEqualTo(StreamDeadline.Expiry.HEAD);
    assertThat(call.describeExpiry()).isEqualTo("no answer head within 500 ms");
    assertThat(onLoop(sweep::size)).isZero();
  }

  @Test
  void aStreamingAnswerLivesAsLongAsItsChunksKeepComingAndExpiresWhenTheyStall() throws Exception {
    StreamDeadline call = deadline(100, 300, 0);
    onLoopDo(
        () -> {
          call.start();
          call.headReceived();
        });
    for (int i = 0; i < 5; i++) { // well past the head deadline, a chunk every 250 ms
      advance(250);
      onLoopDo(
          () -> {
            call.activity();
          });
      assertThat(afterTicks(call::expired)).isNull();
    }
    advance(299);
    assertThat(afterTicks(call::expired)).isNull();
    advance(1);
    assertThat(afterTicks(call::expired)).isEqualTo(StreamDeadline.Expiry.IDLE);
  }

  @Test
  void theWholeCallsDeadlineCutsAStreamThatNeverStalls() throws Exception {
    StreamDeadline call = deadline(100, 300, 1_000);
    onLoopDo(
        () -> {
          call.start();
          call.headReceived();
        });
    for (int i = 0; i < 4; i++) {
      advance(250);
      onLoopDo(
          () -> {
            call.activity();
          });
    }
    assertThat(afterTicks(call::expired)).isEqualTo(StreamDeadline.Expiry.TOTAL);
  }

  @Test
  void theWholeCallsDeadlineWinsWhenItIsShorterThanTheHeadDeadline() throws Exception {
    StreamDeadline call = deadline(1_000, 300, 200);
    onLoopDo(
        () -> {
          call.start();
        });
    advance(200);
    assertThat(afterTicks(call::expired)).isEqualTo(StreamDeadline.Expiry.TOTAL);
  }

  @Test
  void callsThatEndLeaveTheListAndNoneThatIsDueIsMissed() throws Exception {
    List<StreamDeadline> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      calls.add(deadline(i % 2 == 0 ? 100 : 10_000, 100, 0));
    }
    onLoopDo(
        () -> {
          calls.forEach(StreamDeadline::start);
        });
    assertThat(onLoop(sweep::size)).isEqualTo(100);
    onLoopDo(
        () -> {
          for (int i = 0; i < 100; i += 4) {
            calls.get(i).finish(); // a quarter ends in time, half of the short ones
          }
        });
    assertThat(onLoop(sweep::size)).isEqualTo(75);
    advance(100);
    afterTicks(() -> null);
    for (int i = 0; i < 100; i++) {
      StreamDeadline.Expiry expected = i % 2 == 0 && i % 4 != 0 ? StreamDeadline.Expiry.HEAD : null;
      assertThat(calls.get(i).expired()).as("call %d", i).isEqualTo(expected);
    }
    assertThat(onLoop(sweep::size)).isEqualTo(50); // the long ones still run
    onLoopDo(
        () -> {
          calls.forEach(StreamDeadline::finish);
        });
    assertThat(onLoop(sweep::size)).isZero();
  }

  @Test
  void aCallIsWatchedFromItsStartOrItsAnswersHeadWhicheverComesFirst() throws Exception {
    StreamDeadline call = deadline(100, 100, 0);
    assertThat(onLoop(sweep::size)).isZero(); // the caller is still uploading: not the proxy's wait
    onLoopDo(
        () -> {
          call.headReceived(); // an early answer, before the request was sent whole
          call.start();
        });
    assertThat(onLoop(sweep::size)).isEqualTo(1);
    advance(100);
    assertThat(afterTicks(call::expired)).isEqualTo(StreamDeadline.Expiry.IDLE);
  }

  @Test
  void aCancelledCallLeavesTheList() throws Exception {
    StreamDeadline call = deadline(100, 100, 0);
    onLoopDo(
        () -> {
          call.start();
        });
    call.cancel(); // from another thread, as at shutdown
    assertThat(afterTicks(call::cancelled)).isTrue();
    assertThat(onLoop(sweep::size)).isZero();
    advance(1_000);
    assertThat(afterTicks(call::expired)).isNull();
  }

  @Test
  void theTickIsATenthOfTheShortestDeadlineWithinOneTo100Ms() {
    ProxyConfig defaults = config().build();
    assertThat(DeadlineSweep.tickMillis(defaults)).isEqualTo(DeadlineSweep.MAX_TICK_MILLIS);
    assertThat(DeadlineSweep.tickMillis(config().shadowTimeout(Duration.ofMillis(200)).build()))
        .isEqualTo(20);
    assertThat(DeadlineSweep.tickMillis(config().shadowMaxDuration(Duration.ofMillis(150)).build()))
        .isEqualTo(15);
    assertThat(DeadlineSweep.tickMillis(config().primaryIdleTimeout(Duration.ofMillis(5)).build()))
        .isEqualTo(DeadlineSweep.MIN_TICK_MILLIS);
  }

  private static ProxyConfig.Builder config() {
    return ProxyConfig.builder("http://127.0.0.1:1", "http://127.0.0.1:2");
  }
}
