package dev.shadowpipeline.shadow.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.suite.SuiteEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.LongConsumer;

/**
 * Replays every input of a regression suite against a new candidate and compares each answer with the primary's
 * recorded answer, with the same comparators as the shadow test.
 */
public final class Regressor {

  private final ModelClient candidate;
  private final ResponseComparator comparator;
  private final ObjectMapper mapper;
  private final int concurrency;
  private final int captureLimit;

  public Regressor(
      ModelClient candidate,
      ResponseComparator comparator,
      ObjectMapper mapper,
      int concurrency,
      int captureLimit) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    this.candidate = candidate;
    this.comparator = comparator;
    this.mapper = mapper;
    this.concurrency = concurrency;
    this.captureLimit = captureLimit;
  }

  /** Runs every entry, in suite order; {@code onDone} gets the count finished so far. */
  public List<RegressionOutcome> run(List<SuiteEntry> entries, Clock clock, LongConsumer onDone)
      throws InterruptedException {
    Semaphore permits = new Semaphore(concurrency);
    List<CompletableFuture<RegressionOutcome>> futures = new ArrayList<>();
    long[] done = {0};
    for (SuiteEntry entry : entries) {
      permits.acquire();
      byte[] body;
      try {
        body = RecordedBodies.body(entry.request(), mapper);
      } catch (IllegalArgumentException e) {
        permits.release();
        throw new IllegalArgumentException("suite entry " + entry.key() + ": " + e.getMessage(), e);
      }
      List<Header> headers = RecordedBodies.requestHeaders(entry.request());
      CapturedRequest request =
          new CapturedRequest(
              entry.recordId() == null ? entry.key() : entry.recordId(),
              clock.instant(),
              entry.method(),
              entry.path(),
              entry.query(),
              headers,
              body);
      CapturedResponse recordedPrimary = RecordedBodies.answer(entry.primary(), mapper);
      futures.add(
          candidate
              .send(entry.method(), entry.uri(), headers, body)
              .thenApply(
                  answer -> {
                    Answer p = Answer.of(recordedPrimary, mapper, captureLimit);
                    Answer s = Answer.of(answer, mapper, captureLimit);
                    Verdict verdict = comparator.compare(request, p, s);
                    RegressionOutcome.Status status =
                        answered(p, s)
                            ? classify(entry, verdict)
                            : RegressionOutcome.Status.UNANSWERED;
                    return new RegressionOutcome(entry, verdict, status);
                  })
              .whenComplete(
                  (r, e) -> {
                    permits.release();
                    synchronized (done) {
                      onDone.accept(++done[0]);
                    }
                  }));
    }
    List<RegressionOutcome> outcomes = new ArrayList<>();
    for (CompletableFuture<RegressionOutcome> f : futures) {
      outcomes.add(f.join());
    }
    return outcomes;
  }

  /**
   * Whether the candidate answered the input at all. A refused connection, a 500 or an HTML error page is graded a
   * warning by the comparators, which would let a recorded critical divergence read "no longer critical" against a
   * candidate that never answered.
   */
  static boolean answered(Answer primary, Answer candidate) {
    if (candidate.error() != null) {
      return false;
    }
    int candidateClass = candidate.status() / 100;
    if (candidateClass != 2
        && (primary.error() != null || primary.status() / 100 != candidateClass)) {
      return false;
    }
    // a body cut at the capture limit is compared by digest, not parsed: it is an answer
    return primary.json() == null || candidate.json() != null || candidate.body().truncated();
  }

  static RegressionOutcome.Status classify(SuiteEntry entry, Verdict verdict) {
    if (verdict.agrees()) {
      return RegressionOutcome.Status.FIXED;
    }
    Severity now = verdict.severity();
    return now.compareTo(entry.severity()) > 0
        ? RegressionOutcome.Status.NEWLY_FAILING
        : RegressionOutcome.Status.STILL_DIVERGING;
  }
}
