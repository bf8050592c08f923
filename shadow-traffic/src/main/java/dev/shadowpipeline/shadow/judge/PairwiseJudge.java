package dev.shadowpipeline.shadow.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.memory.ByteBudget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pairwise judge at work: takes diverged pairs, asks the judge model which answer is better, and keeps the
 * verdicts.
 *
 * <ul>
 *   <li><b>Off every caller's path.</b> {@link #submit} never blocks: a pair that does not fit the queue (count or
 *       bytes) or the budget of {@code max-calls} is skipped and counted. Calls run on the judge's own event loop
 *       (its own Vert.x instance, one thread), at most {@code concurrency} at once, each with its timeout.
 *   <li><b>Order.</b> Each pair is shown in the order {@link ShownOrder} draws from the seed and the record's id;
 *       with {@code both-orders}, in both (two calls, one after the other), and a verdict that flips with the order
 *       is a tie.
 *   <li><b>Failures</b> (timeouts, HTTP errors, broken connections, garbage) are counted by kind, written to the
 *       judgements file as such, and never become a verdict.
 *   <li><b>Outputs.</b> Every judgement goes to {@code judgements.jsonl} through a bounded writer thread (when a
 *       folder is given) and into the {@link JudgeTally}.
 * </ul>
 */
public final class PairwiseJudge implements AutoCloseable {

  /** Skipped: the budget of calls was spent. */
  public static final String SKIP_MAX_CALLS = "max_calls";

  /** Skipped: the queue held its most pairs. */
  public static final String SKIP_QUEUE_FULL = "queue_full";

  /** Skipped: the queue held its most bytes. */
  public static final String SKIP_QUEUE_BYTES = "queue_bytes";

  /** Skipped: a text was missing from the record. */
  public static final String SKIP_NO_TEXT = "no_text";

  /** Skipped: still queued or in flight when the drain deadline passed. */
  public static final String SKIP_UNFINISHED = "unfinished";

  /** Skipped: the judge was closing. */
  public static final String SKIP_CLOSED = "closed";

  private static final Logger log = LoggerFactory.getLogger(PairwiseJudge.class);

  private final JudgeConfig config;
  private final Vertx vertx;
  private final Context context;
  private final HttpClient http;
  private final JudgeClient client;
  private final JudgementWriter writer;
  private final JudgeTally tally = new JudgeTally();
  private final BlockingQueue<JudgeJob> queue;
  private final ByteBudget queueBytes;
  private final AtomicInteger callsReserved = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean accepting = true;
  private volatile boolean finished;

  private PairwiseJudge(JudgeConfig config, JudgementWriter writer, LongSupplier nanoTime) {
    this.config = config;
    this.writer = writer;
    this.queue = new ArrayBlockingQueue<>(config.queueMax());
    this.queueBytes = new ByteBudget("judge-queue-bytes", config.queueMaxBytes());
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    this.context = vertx.getOrCreateContext();
    this.http =
        vertx
            .httpClientBuilder()
            .with(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(4))
            .with(
                new PoolOptions()
                    .setHttp1MaxSize(config.concurrency())
                    .setMaxWaitQueueSize(config.concurrency()))
            .build();
    this.client = new JudgeClient(config, http, nanoTime);
  }

  /**
   * Starts a judge.
   *
   * @param outDir where {@code judgements.jsonl} is appended to, or {@code null} for no file
   * @throws IOException when the file cannot be opened
   */
  public static PairwiseJudge start(JudgeConfig config, Path outDir, LongSupplier nanoTime)
      throws IOException {
    Objects.requireNonNull(config, "config");
    JudgementWriter writer =
        outDir == null
            ? null
            : new JudgementWriter(outDir.resolve(JudgementsFile.FILE), new ObjectMapper());
    return new PairwiseJudge(config, writer, nanoTime);
  }

  /** The configuration. */
  public JudgeConfig config() {
    return config;
  }

  /** The counts so far. */
  public JudgeTally tally() {
    return tally;
  }

  /** A snapshot of the verdicts so far. */
  public JudgeSummary summary() {
    return tally.summary();
  }

  /** Judge calls started so far. */
  public int calls() {
    return calls.get();
  }

  /** Pairs waiting for the judge. */
  public int queued() {
    return queue.size();
  }

  /**
   * Queues a pair without ever blocking.
   *
   * @return {@code null} when queued, else the reason it was skipped (and counted)
   */
  public String submit(JudgeJob job) {
    String reason = admit(job);
    if (reason != null) {
      tally.skipped(reason, 1);
      return reason;
    }
    context.runOnContext(v -> pump());
    return null;
  }

  /**
   * Queues a pair, waiting for room in the queue: for offline judging, where nothing waits on the submitter.
   *
   * @return {@code null} when queued, else the reason it was skipped (the budget is spent, or the judge closed)
   */
  public String submitWaiting(JudgeJob job) throws InterruptedException {
    int need = config.bothOrders() ? 2 : 1;
    if (!accepting) {
      tally.skipped(SKIP_CLOSED, 1);
      return SKIP_CLOSED;
    }
    if (!reserveCalls(need)) {
      tally.skipped(SKIP_MAX_CALLS, 1);
      return SKIP_MAX_CALLS;
    }
    long bytes = Math.min(job.retainedBytes(), queueBytes.limit());
    queueBytes.reserve(bytes);
    queue.put(job);
    context.runOnContext(v -> pump());
    return null;
  }

  /** Counts a diverged pair that could not be sent (e.g. {@link #SKIP_NO_TEXT}). */
  public void skipped(String reason) {
    tally.skipped(reason, 1);
  }

  private String admit(JudgeJob job) {
    if (!accepting) {
      return SKIP_CLOSED;
    }
    int need = config.bothOrders() ? 2 : 1;
    if (!reserveCalls(need)) {
      return SKIP_MAX_CALLS;
    }
    long bytes = job.retainedBytes();
    if (!queueBytes.tryReserve(bytes)) {
      callsReserved.addAndGet(-need);
      return SKIP_QUEUE_BYTES;
    }
    if (!queue.offer(job)) {
      queueBytes.release(bytes);
      callsReserved.addAndGet(-need);
      return SKIP_QUEUE_FULL;
    }
    return null;
  }

  private boolean reserveCalls(int need) {
    while (true) {
      int now = callsReserved.get();
      if (now + need > config.maxCalls()) {
        return false;
      }
      if (callsReserved.compareAndSet(now, now + need)) {
        return true;
      }
    }
  }

  // on the judge's context only
  private void pump() {
    while (!finished && inFlight.get() < config.concurrency()) {
      JudgeJob job = queue.poll();
      if (job == null) {
        return;
      }
      queueBytes.release(Math.min(job.retainedBytes(), queueBytes.limit()));
      inFlight.incrementAndGet();
      judge(job)
          .onComplete(
              done -> {
                inFlight.decrementAndGet();
                if (done.succeeded() && !finished) {
                  record(done.result());
                }
                pump();
              });
    }
  }

  private Future<Judgement> judge(JudgeJob job) {
    boolean primaryFirst = ShownOrder.primaryFirst(config.seed(), job.recordId());
    if (!config.bothOrders()) {
      return call(job, primaryFirst)
          .map(
              r ->
                  judgement(
                      job,
                      primaryFirst ? Judgement.PRIMARY_FIRST : Judgement.SHADOW_FIRST,
                      r.verdict() == null ? null : winner(r.verdict().letter(), primaryFirst),
                      r.verdict() == null ? "" : r.verdict().reason(),
                      r.nanos(),
                      r.error()));
    }
    // both orders, the drawn one first; a pair wins only when both calls agree
    return call(job, primaryFirst)
        .compose(
            first ->
                call(job, !primaryFirst)
                    .map(
                        second -> {
                          long nanos = first.nanos() + second.nanos();
                          JudgeError error = first.error() != null ? first.error() : second.error();
                          if (error != null) {
                            return judgement(job, Judgement.BOTH, null, "", nanos, error);
                          }
                          Winner a = winner(first.verdict().letter(), primaryFirst);
                          Winner b = winner(second.verdict().letter(), !primaryFirst);
                          String reason = first.verdict().reason();
                          if (a != b) {
                            reason =
                                "the verdict changed with the order ("
                                    + a.label()
                                    + ", then "
                                    + b.label()
                                    + "): "
                                    + reason;
                          }
                          return judgement(
                              job, Judgement.BOTH, a == b ? a : Winner.TIE, reason, nanos, null);
                        }));
  }

  private Future<JudgeClient.CallResult> call(JudgeJob job, boolean primaryFirst) {
    calls.incrementAndGet();
    String content =
        JudgePrompt.fill(
            config.prompt(),
            job.prompt(),
            primaryFirst ? job.primary() : job.shadow(),
            primaryFirst ? job.shadow() : job.primary());
    return client.ask(content);
  }

  private static Winner winner(VerdictParser.Letter letter, boolean primaryFirst) {
    return switch (letter) {
      case A -> primaryFirst ? Winner.PRIMARY : Winner.SHADOW;
      case B -> primaryFirst ? Winner.SHADOW : Winner.PRIMARY;
      case TIE -> Winner.TIE;
    };
  }

  private static Judgement judgement(
      JudgeJob job, String order, Winner winner, String reason, long nanos, JudgeError error) {
    return new Judgement(
        job.recordId(),
        order,
        winner,
        reason,
        nanos / 1e6,
        error,
        job.prompt(),
        job.primary(),
        job.shadow());
  }

  private void record(Judgement j) {
    tally.add(j);
    if (writer != null) {
      writer.offer(j);
    }
  }

  /**
   * Counters of the judge on a Micrometer registry (the proxy's, so they are on {@code /metrics}):
   * {@code shadow_judge_pairs_total{outcome}} — {@code shadow_better}, {@code tie}, {@code primary_better}, and one per
   * error kind — and {@code shadow_judge_skipped_total{reason}}.
   */
  public void bindTo(MeterRegistry registry) {
    for (Winner w : Winner.values()) {
      String outcome =
          switch (w) {
            case SHADOW -> "shadow_better";
            case PRIMARY -> "primary_better";
            case TIE -> "tie";
          };
      FunctionCounter.builder("shadow.judge.pairs", tally, t -> t.verdicts(w))
          .description("Diverged pairs judged, by outcome")
          .tag("outcome", outcome)
          .register(registry);
    }
    for (JudgeError e : JudgeError.values()) {
      FunctionCounter.builder("shadow.judge.pairs", tally, t -> t.errors(e))
          .description("Diverged pairs judged, by outcome")
          .tag("outcome", e.label())
          .register(registry);
    }
    for (String reason :
        List.of(SKIP_MAX_CALLS, SKIP_QUEUE_FULL, SKIP_QUEUE_BYTES, SKIP_NO_TEXT, SKIP_UNFINISHED)) {
      FunctionCounter.builder("shadow.judge.skipped", tally, t -> t.skipped(reason))
          .description("Diverged pairs not sent to the judge, by reason")
          .tag("reason", reason)
          .register(registry);
    }
  }

  /**
   * Stops taking pairs, lets the queued and running calls finish until {@code deadline}, then counts what is left as
   * {@code unfinished}, writes the judgements file's last lines and stops the judge's event loop. Idempotent.
   *
   * @return whether everything finished in time
   */
  public synchronized boolean close(Duration deadline) {
    if (!accepting) {
      return true;
    }
    accepting = false;
    long until = System.nanoTime() + deadline.toNanos();
    while ((!queue.isEmpty() || inFlight.get() > 0)
        && System.nanoTime() < until
        && !Thread.currentThread().isInterrupted()) {
      sleep(10);
    }
    // decided on the judge's context, so that no verdict lands after it was counted unfinished
    CompletableFuture<Integer> left = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          finished = true;
          int n = inFlight.get();
          for (JudgeJob job; (job = queue.poll()) != null; n++) {
            queueBytes.release(Math.min(job.retainedBytes(), queueBytes.limit()));
          }
          left.complete(n);
        });
    int unfinished;
    try {
      unfinished = left.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unfinished = queue.size() + inFlight.get();
    } catch (ExecutionException | TimeoutException e) {
      unfinished = queue.size() + inFlight.get();
    }
    if (unfinished > 0) {
      tally.skipped(SKIP_UNFINISHED, unfinished);
      log.warn(
          "{} pairs were still waiting for the judge at shutdown; counted as unfinished",
          unfinished);
    }
    if (writer != null) {
      writer.close(tally.summary().skipped(), Duration.ofSeconds(10));
    }
    await(http.close());
    await(vertx.close());
    return unfinished == 0;
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  private static void await(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.debug("the judge's client did not close cleanly: {}", e.toString());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
