package dev.shadowpipeline.cli.demo;

import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.Logging;
import dev.shadowpipeline.cli.Progress;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import dev.shadowpipeline.shadow.metrics.LatencySummary;
import dev.shadowpipeline.shadow.metrics.ProxyStats;
import dev.shadowpipeline.shadow.proxy.ProxyConfig;
import dev.shadowpipeline.shadow.proxy.ProxyStartException;
import dev.shadowpipeline.shadow.proxy.ShadowProxy;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shadow demo}: the risk-model migration story, end to end, offline. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Run the whole pipeline on this machine, offline, in seconds.",
    description = {
      "",
      "Two loan-approval models start as HTTP services on loopback: v1 in production, and v2, a slower candidate that "
          + "disagrees on a clear group of applicants. The shadow proxy goes in front of them, synthetic applicants "
          + "are sent through it, and a summary shows agreement, decision flips and latency. Records are written to "
          + "OUT/records.jsonl.",
      ""
    })
public final class DemoCommand implements Callable<Integer> {

  private static final int WARM_UP_REQUESTS = 1_000;

  @Option(names = "--requests", paramLabel = "N", defaultValue = "2000",
      description = "Applicants to send (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
      description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the synthetic applicants (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "shadow-demo",
      description = "Where the demo writes its files; earlier demo output there is replaced (default: ${DEFAULT-VALUE}).")
  Path out;

  private final CliContext ctx;

  DemoCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    if (requests < 1) {
      throw new UsageException("--requests must be at least 1: " + requests);
    }
    if (concurrency < 1) {
      throw new UsageException("--concurrency must be at least 1: " + concurrency);
    }
    PrintWriter o = ctx.out();
    Logging.quiet(ShadowProxy.class);
    Path records = out.resolve(ShadowProxy.RECORDS_FILE);
    try {
      Files.createDirectories(out);
      Files.deleteIfExists(records); // a demo run stands alone: its summary counts only its own records
    } catch (java.io.IOException e) {
      throw new UsageException("--out: cannot write to " + out + ": " + e.getMessage());
    }
    Vertx vertx = Vertx.vertx();
    try {
      DemoModelServer v1 = await(DemoModelServer.start(vertx, LoanModel.V1, "127.0.0.1", 0,
          Duration.ofMillis(1), Duration.ofMillis(3)));
      DemoModelServer v2 = await(DemoModelServer.start(vertx, LoanModel.V2, "127.0.0.1", 0,
          Duration.ofMillis(8), Duration.ofMillis(20)));
      ProxyConfig config = ProxyConfig.builder("http://127.0.0.1:" + v1.port(), "http://127.0.0.1:" + v2.port())
          .host("127.0.0.1").port(0).adminPort(0).outDir(out)
          .ignore(List.of(JsonPointerPattern.parse("/model")))
          .build();
      ShadowProxy proxy;
      try {
        proxy = ShadowProxy.start(config);
      } catch (ProxyStartException e) {
        throw new UsageException(e.getMessage(), e);
      }
      o.println("Shadow Pipeline demo: risk model migration");
      o.printf("  loan model v1 (production)  http://127.0.0.1:%d%n", v1.port());
      o.printf("  loan model v2 (candidate)   http://127.0.0.1:%d%n", v2.port());
      o.printf("  shadow proxy                http://127.0.0.1:%d  (admin http://127.0.0.1:%d/metrics)%n",
          proxy.port(), proxy.adminPort());
      o.printf("Sending %,d synthetic applicants through the proxy, %d at a time...%n", requests, concurrency);
      o.flush();

      DemoTraffic.Result traffic;
      try {
        // A fresh JVM runs its first thousand requests interpreted; those latencies would say more about the JIT
        // than about the models. Warm up with mirroring paused: nothing of it is recorded.
        proxy.shadowControl().update(null, null, true);
        DemoTraffic.run(vertx, proxy.port(), WARM_UP_REQUESTS, concurrency, seed + 1, Progress.silent());
        proxy.shadowControl().update(null, null, false);
        traffic = DemoTraffic.run(vertx, proxy.port(), requests, concurrency, seed,
            new Progress(ctx, "applicants", requests));
      } finally {
        proxy.close(); // graceful: waits for the last shadow answers and flushes every record
      }
      ProxyStats stats = proxy.stats();
      RecordsDigest digest = RecordsDigest.read(records);
      printSummary(o, traffic, stats, digest, records);
      return traffic.failed() == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static void printSummary(PrintWriter o, DemoTraffic.Result traffic, ProxyStats s, RecordsDigest d,
      Path records) {
    long compared = d.records();
    o.println();
    o.println("Shadow traffic summary");
    o.printf("  requests               %,d in %.1f s, %,d answered by v1 (%,d failed)%n", traffic.sent(),
        traffic.elapsedNanos() / 1e9, traffic.ok(), traffic.failed());
    o.printf("  mirrored to v2         %,d (dropped %,d, timed out %,d, failed %,d)%n", s.mirrored(), s.dropped(),
        s.shadowTimeouts(), s.shadowFailures());
    o.printf("  agreement              %.1f%% of %,d compared pairs identical (JSON, /model ignored)%n",
        compared == 0 ? 0.0 : 100.0 * d.matches() / compared, compared);
    o.printf("  decision flips         reject -> approve: %,d (critical)   approve -> reject: %,d%n",
        d.rejectToApprove(), d.approveToReject());
    o.printf("  most differing fields  %s%n", topFields(d.fieldCounts()));
    o.printf("  latency p50 / p99      primary %s   shadow %s   shadow - primary %s%n",
        pair(d.primaryLatency(), false), pair(d.shadowLatency(), false), pair(d.latencyDelta(), true));
    o.printf("  caller latency         %s through the proxy%n", pair(traffic.latency(), false));
    o.printf("  record queue drops     %,d%n", s.recordDrops());
    o.printf("  records                %s (%,d pairs, one JSON object per line)%n", records, d.records());
    o.flush();
  }

  private static String topFields(Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    counts.entrySet().stream().limit(4).forEach(e ->
        sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()));
    return sb.toString();
  }

  private static String pair(LatencySummary l, boolean signed) {
    String format = signed ? "%+.1f / %+.1f ms" : "%.1f / %.1f ms";
    return String.format(format, l.p50Millis(), l.p99Millis());
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
