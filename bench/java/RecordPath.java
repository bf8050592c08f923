// The record worker's cost per pair, alone: the proxy's record pipeline (compare, format, redact, write
// records.jsonl, the regression suite, the live aggregates, the metrics' and the live page's consumers — assembled
// as ProxyAssembly does) fed pre-built exchanges shaped like bench/proxy-overhead.sh's (a POST of a small JSON body,
// nginx's answer headers, diverging JSON answers), as fast as the worker takes them. Prints the worker's CPU time per
// pair for each round (ThreadMXBean, the worker thread only) and their median. A proxy under load shares the cores
// with its event loops; this measures the recording's own work, so that a change to it shows without the noise of
// HTTP on two shared cores.
//   java -cp cli/target/shadow.jar bench/java/RecordPath.java [ROUNDS] [PAIRS_PER_ROUND] [DISTINCT_INPUTS]
// DISTINCT_INPUTS (default 1, as in the HTTP benchmarks): how many different request bodies the pairs cycle through,
// so the suite grows instead of counting one entry again.
import dev.shadowpipeline.shadow.capture.CaptureOutputs;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.Exchange;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.metrics.ProxyMetrics;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.record.RecordPipeline;
import dev.shadowpipeline.shadow.summary.RecentDivergences;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public class RecordPath {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    int distinct = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Path dir = Files.createTempDirectory("record-path");
    ObjectMapper mapper = new ObjectMapper();
    CaptureSettings settings =
        CaptureSettings.defaults(0.0, List.of(JsonPointerPattern.parse("/model")), List.of());
    ProxyMetrics metrics = new ProxyMetrics();
    List<RecordConsumer> extra = new ArrayList<>();
    extra.add(metrics.llmRecords());
    extra.add(new RecentDivergences());
    CaptureOutputs outputs =
        CaptureOutputs.open(dir, settings, true, mapper, 1 << 20, System::nanoTime, extra, null);
    RecordPipeline pipeline =
        RecordPipeline.builder(settings.comparator(), mapper)
            .sinks(List.of(outputs.sink()))
            .listener(metrics)
            .start();
    List<Exchange> exchanges = new ArrayList<>();
    for (int i = 0; i < Math.max(distinct, 1_000); i++) {
      exchanges.add(exchange(i, i % distinct));
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long worker = workerThreadId();
    double[] nsPerPair = new double[rounds];
    // bytes the worker allocates per pair: unlike its CPU time, the same on a busy machine as on a quiet one
    com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) threads;
    double[] bytesPerPair = new double[rounds];
    long sent = 0;
    for (int r = 0; r < rounds; r++) {
      long cpu0 = threads.getThreadCpuTime(worker);
      long allocated0 = allocation.getThreadAllocatedBytes(worker);
      for (int i = 0; i < pairs; i++) {
        pipeline.put(exchanges.get((int) (sent++ % exchanges.size())));
      }
      while (pipeline.processed() < sent) {
        Thread.onSpinWait();
      }
      nsPerPair[r] = (threads.getThreadCpuTime(worker) - cpu0) / (double) pairs;
      bytesPerPair[r] = (allocation.getThreadAllocatedBytes(worker) - allocated0) / (double) pairs;
      System.out.printf(
          "round %d: %.1f us, %.0f bytes allocated per pair%n", r + 1, nsPerPair[r] / 1000, bytesPerPair[r]);
    }
    pipeline.close();
    double[] sorted = nsPerPair.clone();
    Arrays.sort(sorted);
    double[] last = Arrays.copyOfRange(nsPerPair, rounds / 2, rounds);
    Arrays.sort(last);
    System.out.printf(
        "RESULT pairs=%d rounds=%d distinct=%d median_us=%.2f median_second_half_us=%.2f"
            + " last_round_bytes=%.0f dropped=%d%n",
        pairs, rounds, distinct, sorted[rounds / 2] / 1000, last[last.length / 2] / 1000,
        bytesPerPair[rounds - 1], pipeline.dropped());
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  private static long workerThreadId() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("shadow-records")) {
        return t.getId();
      }
    }
    throw new IllegalStateException("no record worker thread");
  }

  private static final String BODY =
      "{\"age\":40,\"income\":%d,\"debt_ratio\":0.55,\"credit_score\":680,\"loan_amount\":20000,\"employment_years\":5}";

  private static Exchange exchange(int i, int input) {
    byte[] body = String.format(BODY, 100_000 + input).getBytes(StandardCharsets.UTF_8);
    CapturedRequest request =
        new CapturedRequest(
            "req-" + i,
            Instant.now(),
            "POST",
            "/predict",
            null,
            List.of(
                new Header("Host", "127.0.0.1:18084"),
                new Header("Content-Type", "application/json"),
                new Header("Content-Length", Integer.toString(body.length))),
            body);
    return new Exchange(
        request,
        answer("{\"model\":\"v1\",\"approved\":false,\"score\":0.4831}", 310_000 + i % 97 * 1_000),
        answer("{\"model\":\"v2\",\"approved\":true,\"score\":0.7712}", 420_000 + i % 89 * 1_000),
        "http://127.0.0.1:18082");
  }

  private static CapturedResponse answer(String json, long latencyNanos) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return new CapturedResponse(
        200,
        List.of(
            new Header("Server", "nginx/1.22.1"),
            new Header("Date", "Mon, 30 Nov 2026 22:00:00 GMT"),
            new Header("Content-Type", "application/json"),
            new Header("Content-Length", Integer.toString(body.length)),
            new Header("Connection", "keep-alive")),
        body,
        false,
        latencyNanos,
        null);
  }
}
