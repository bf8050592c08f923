package dev.shadowpipeline.shadow.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.Exchange;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.exchange.RequestIds;
import dev.shadowpipeline.shadow.record.RecordPipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every readable input of a file to the primary and the shadow at once, with bounded concurrency and an
 * optional rate, and hands each pair to a record pipeline — the same comparison, records, suite and aggregates as the
 * proxy. Unreadable rows are skipped and reported with their line numbers.
 *
 * <p>With a secondary (a second instance of the primary, see {@link #withSecondary}), the chosen inputs go to it too,
 * at the same moment and within the same concurrency bound, and each record gets the noise baseline's side.
 */
public final class Replayer {

  private static final Logger log = LoggerFactory.getLogger(Replayer.class);

  /** Bad rows listed in the result; more are counted. */
  static final int MAX_LISTED_BAD_ROWS = 100;

  private final ModelClient primary;
  private final ModelClient shadow;
  private final RecordPipeline pipeline;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final int concurrency;
  private final double ratePerSecond;
  private ModelClient secondary;
  private double secondaryShare = 1.0;

  /**
   * @param concurrency most pairs in flight at once
   * @param ratePerSecond most pairs started per second, or 0 for as fast as concurrency allows
   */
  public Replayer(
      ModelClient primary,
      ModelClient shadow,
      RecordPipeline pipeline,
      ObjectMapper mapper,
      Clock clock,
      int concurrency,
      double ratePerSecond) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
      throw new IllegalArgumentException("rate must not be negative: " + ratePerSecond);
    }
    this.primary = primary;
    this.shadow = shadow;
    this.pipeline = pipeline;
    this.mapper = mapper;
    this.clock = clock;
    this.concurrency = concurrency;
    this.ratePerSecond = ratePerSecond;
  }

  /**
   * Also sends inputs to a secondary, a second instance of the primary whose disagreements with it are the noise
   * baseline.
   *
   * @param share share of the inputs sent to it, 0 to 1; chosen evenly and deterministically by position (with 0.25,
   *     every fourth readable input)
   * @return this replayer
   */
  public Replayer withSecondary(ModelClient client, double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("secondary share must be between 0 and 1: " + share);
    }
    this.secondary = client;
    this.secondaryShare = share;
    return this;
  }

  // input i is chosen when the running count of chosen inputs, floor((i + 1) * share), goes up: an
  // exact share spread evenly, the same on every run
  private boolean secondaryChosen(long index) {
    return secondary != null
        && (long) Math.floor((index + 1) * secondaryShare)
            > (long) Math.floor(index * secondaryShare);
  }

  /**
   * Replays a file against both models and waits until every pair is in the pipeline.
   *
   * @param path the request path every input is sent to, e.g. {@code /predict}, possibly with a query
   * @param onSent called with the number of pairs completed so far (for progress)
   */
  public ReplayStats replay(Path input, InputFormat format, String path, LongConsumer onSent)
      throws IOException, InterruptedException {
    Semaphore permits = new Semaphore(concurrency);
    AtomicLong rows = new AtomicLong();
    AtomicLong done = new AtomicLong();
    AtomicLong bad = new AtomicLong();
    List<InputRow> badRows = new ArrayList<>();
    List<Header> headers = List.of(new Header("Content-Type", "application/json"));
    long startNanos = System.nanoTime();
    RequestIds ids = new RequestIds(clock);
    InterruptedException[] interrupted = new InterruptedException[1];
    // a query in the path (e.g. ?api_key=...) is recorded as the query, where credentials in it are
    // masked
    int q = path.indexOf('?');
    String pathOnly = q < 0 ? path : path.substring(0, q);
    String query = q < 0 ? null : path.substring(q + 1);
    new InputReader(mapper)
        .read(
            input,
            format,
            row -> {
              if (interrupted[0] != null) {
                return;
              }
              rows.incrementAndGet();
              if (!row.readable()) {
                bad.incrementAndGet();
                if (badRows.size() < MAX_LISTED_BAD_ROWS) {
                  badRows.add(row);
                }
                return;
              }
              try {
                pace(startNanos, rows.get() - bad.get() - 1);
                permits.acquire();
              } catch (InterruptedException e) {
                interrupted[0] = e;
                return;
              }
              byte[] body = bytes(row.body());
              CapturedRequest request =
                  new CapturedRequest(
                      ids.next(), clock.instant(), "POST", pathOnly, query, headers, body);
              CompletableFuture<CapturedResponse> p = primary.send("POST", path, headers, body);
              CompletableFuture<CapturedResponse> s = shadow.send("POST", path, headers, body);
              CompletableFuture<CapturedResponse> n =
                  secondaryChosen(rows.get() - bad.get() - 1)
                      ? secondary.send("POST", path, headers, body)
                      : CompletableFuture.completedFuture(null);
              p.thenCombine(s, (pr, sr) -> new Exchange(request, pr, sr, shadow.base().toString()))
                  .thenCombine(
                      n,
                      (ex, nr) ->
                          nr == null
                              ? ex
                              : new Exchange(
                                  ex.request(), ex.primary(), ex.shadow(), ex.shadowTarget(), nr))
                  .thenAccept(
                      exchange -> {
                        try {
                          pipeline.put(exchange);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        } finally {
                          long finished =
                              done.incrementAndGet(); // counted before the permit returns: replay()
                          // waits on permits
                          permits.release();
                          onSent.accept(finished);
                        }
                      })
                  .exceptionally(
                      error -> { // both sends complete normally, so a failure here is a bug:
                        // logged, not lost
                        log.error(
                            "replaying request {} failed after both answers arrived",
                            request.id(),
                            error);
                        return null;
                      });
            });
    permits.acquire(concurrency); // every pair in flight has reached the pipeline
    permits.release(concurrency);
    if (interrupted[0] != null) {
      throw interrupted[0];
    }
    return new ReplayStats(rows.get(), done.get(), badRows, bad.get());
  }

  private void pace(long startNanos, long index) throws InterruptedException {
    if (ratePerSecond <= 0) {
      return;
    }
    long due = startNanos + (long) (index * 1e9 / ratePerSecond);
    long wait = due - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  private byte[] bytes(JsonNode body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("a parsed JSON value always serializes", e);
    }
  }
}
