package dev.shadowpipeline.demo;

import dev.shadowpipeline.app.progress.Progress;
import dev.shadowpipeline.shadow.metrics.LatencyHistogram;
import dev.shadowpipeline.shadow.metrics.LatencySummary;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Sends synthetic applicants to a URL with a fixed number of requests in flight, and times what callers see. */
final class DemoTraffic {

  /**
   * What the callers saw.
   *
   * @param sent requests sent
   * @param ok answers with status 2xx
   * @param failed requests that got no answer or a non-2xx status
   * @param latency latency as the caller measured it
   * @param elapsedNanos wall time for the whole run
   */
  record Result(int sent, int ok, int failed, LatencySummary latency, long elapsedNanos) {}

  private DemoTraffic() {}

  /**
   * One request of the demo traffic.
   *
   * @param method HTTP method
   * @param uri path and query
   * @param body JSON body, or {@code null} for none
   */
  record DemoRequest(String method, String uri, String body) {}

  /** Loan applications: POST /predict with a synthetic applicant each. */
  static List<DemoRequest> applicants(int n, long seed) {
    ApplicantGenerator applicants = new ApplicantGenerator(seed);
    List<DemoRequest> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new DemoRequest("POST", "/predict", DemoModelServer.requestBody(applicants.next())));
    }
    return out;
  }

  static Result run(
      Vertx vertx, int port, int requests, int concurrency, long seed, Progress progress)
      throws Exception {
    return run(vertx, port, applicants(requests, seed), concurrency, progress);
  }

  static Result run(
      Vertx vertx, int port, List<DemoRequest> traffic, int concurrency, Progress progress)
      throws Exception {
    HttpClient client =
        vertx.httpClientBuilder().with(new PoolOptions().setHttp1MaxSize(concurrency)).build();
    int requests = traffic.size();
    LatencyHistogram latency = new LatencyHistogram();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    Promise<Void> finished = Promise.promise();
    long start = System.nanoTime();
    Runnable[] sendNext = new Runnable[1];
    sendNext[0] =
        () -> {
          int i = next.getAndIncrement();
          if (i >= requests) {
            return;
          }
          long sentAt = System.nanoTime();
          DemoRequest r = traffic.get(i);
          RequestOptions options =
              new RequestOptions()
                  .setMethod(HttpMethod.valueOf(r.method()))
                  .setHost("127.0.0.1")
                  .setPort(port)
                  .setURI(r.uri());
          if (r.body() != null) {
            options.putHeader("Content-Type", "application/json");
          }
          client
              .request(options)
              .compose(req -> r.body() == null ? req.send() : req.send(r.body()))
              .compose(resp -> resp.body().map(b -> resp))
              .onComplete(
                  ar -> {
                    latency.recordNanos(System.nanoTime() - sentAt);
                    if (ar.succeeded() && isSuccess(ar.result())) {
                      ok.incrementAndGet();
                    }
                    int n = done.incrementAndGet();
                    progress.update(n);
                    if (n == requests) {
                      finished.tryComplete();
                    } else {
                      sendNext[0].run();
                    }
                  });
        };
    for (int c = 0; c < Math.min(concurrency, requests); c++) {
      vertx.runOnContext(v -> sendNext[0].run());
    }
    finished.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    progress.finish();
    long elapsed = System.nanoTime() - start;
    client.close();
    return new Result(requests, ok.get(), requests - ok.get(), latency.summary(), elapsed);
  }

  private static boolean isSuccess(HttpClientResponse r) {
    return r.statusCode() >= 200 && r.statusCode() < 300;
  }
}
