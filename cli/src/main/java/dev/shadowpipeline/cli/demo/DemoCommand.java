package dev.shadowpipeline.cli.demo;

import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.Logging;
import dev.shadowpipeline.cli.Progress;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.compare.SummaryPrinter;
import dev.shadowpipeline.cli.demo.DemoTraffic.DemoRequest;
import dev.shadowpipeline.cli.demo.chat.ChatModel;
import dev.shadowpipeline.cli.demo.chat.ChatModelServer;
import dev.shadowpipeline.cli.demo.chat.ChatPrompts;
import dev.shadowpipeline.cli.demo.search.SearchModel;
import dev.shadowpipeline.cli.demo.search.SearchModelServer;
import dev.shadowpipeline.cli.demo.search.SearchQueries;
import dev.shadowpipeline.cli.demo.search.SearchQuery;
import dev.shadowpipeline.cli.compare.ComparisonHistory;
import dev.shadowpipeline.cli.monitor.DriftPipelineDemo;
import dev.shadowpipeline.report.site.DashboardSite;
import dev.shadowpipeline.shadow.summary.WindowedSummaries;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreOptions;
import java.time.Instant;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.report.compare.ComparisonReport;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCheck;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.gate.GateResult;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.metrics.LatencySummary;
import dev.shadowpipeline.shadow.proxy.ProxyConfig;
import dev.shadowpipeline.shadow.proxy.ProxyStartException;
import dev.shadowpipeline.shadow.proxy.ShadowProxy;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shadow demo}: the three situations of a model replacement, end to end, offline. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Run the whole pipeline on this machine, offline, in seconds.",
    description = {
      "",
      "Three model replacements, each with real HTTP services on loopback and the shadow proxy in front:",
      "  1. risk model migration: loan approval v1 -> v2, which approves some applicants v1 rejects (critical flips);",
      "  2. LLM cost reduction: a large chat model -> a small one whose answers differ in wording, some in substance;",
      "  3. search latency: keyword ranking -> vector ranking, with different results and slow long queries.",
      "Each ends with OUT/<situation>/report.html, regression_suite.json, summary.json and the promotion gate.",
      "Then a simulated week of daily drift monitoring: drift appears on day 4, the data is missing on day 5; runs go to "
          + "an embedded history database, alerts to a local Discord stand-in, and OUT/monitor/site/index.html shows "
          + "the trend.",
      ""
    })
public final class DemoCommand implements Callable<Integer> {

  private static final int WARM_UP_REQUESTS = 1_000;

  @Option(names = "--requests", paramLabel = "N", defaultValue = "2000",
      description = "Loan applicants to send; the chat and search situations get a fifth as many, at least 50 "
          + "(default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
      description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the synthetic traffic (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "shadow-demo",
      description = "Where the demo writes its files; earlier demo output there is replaced (default: ${DEFAULT-VALUE}).")
  Path out;

  private final CliContext ctx;

  DemoCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /** What one situation showed. */
  private record Outcome(String name, ComparisonSummary summary, GateResult gate, DemoTraffic.Result traffic,
      Path dir) {}

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
    Logging.quiet(dev.shadowpipeline.shadow.proxy.ShadowControl.class);
    // the demo prints what the store and the alerts did in its own words
    Logging.quiet("dev.shadowpipeline.store");
    Logging.quiet("dev.shadowpipeline.alert");
    try {
      Files.createDirectories(out);
    } catch (java.io.IOException e) {
      throw new UsageException("--out: cannot write to " + out + ": " + e.getMessage());
    }
    int small = Math.max(50, requests / 5);
    long started = System.nanoTime();
    List<Outcome> outcomes = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      o.println("Shadow Pipeline demo: three model replacements, shadow-tested on this machine");
      o.println();

      DemoModelServer v1 = await(DemoModelServer.start(vertx, LoanModel.V1, "127.0.0.1", 0,
          Duration.ofMillis(1), Duration.ofMillis(3)));
      DemoModelServer v2 = await(DemoModelServer.start(vertx, LoanModel.V2, "127.0.0.1", 0,
          Duration.ofMillis(8), Duration.ofMillis(20)));
      Outcome loan = shadowTest(vertx, "loan", "1. Risk model migration: loan approval v1 -> v2",
          v1.port(), v2.port(), DemoRules.loan(), DemoTraffic.applicants(requests, seed),
          DemoTraffic.applicants(WARM_UP_REQUESTS, seed + 1), "applicants");
      outcomes.add(loan);
      long[] flips = flips(loan.summary());
      o.printf("  decision flips     reject -> approve: %,d (critical)   approve -> reject: %,d%n", flips[0],
          flips[1]);
      o.printf("  caller latency     %s through the proxy%n", pair(loan.traffic().latency()));
      finish(o, loan);

      ChatModelServer large = await(ChatModelServer.start(vertx, ChatModel.V1, "127.0.0.1", 0, Duration.ZERO));
      ChatModelServer smaller = await(ChatModelServer.start(vertx, ChatModel.V2, "127.0.0.1", 0, Duration.ZERO));
      List<DemoRequest> prompts = new ArrayList<>();
      for (String body : ChatPrompts.bodies(seed, small)) {
        prompts.add(new DemoRequest("POST", ChatModelServer.PATH, body));
      }
      Outcome chat = shadowTest(vertx, "llm", "2. LLM cost reduction: " + ChatModel.V1.id() + " -> "
          + ChatModel.V2.id(), large.port(), smaller.port(), DemoRules.chat(), prompts, List.of(), "prompts");
      outcomes.add(chat);
      finish(o, chat);

      SearchModelServer keyword = await(SearchModelServer.start(vertx, SearchModel.V1, "127.0.0.1", 0,
          Duration.ZERO));
      SearchModelServer vector = await(SearchModelServer.start(vertx, SearchModel.V2, "127.0.0.1", 0,
          Duration.ZERO));
      List<DemoRequest> queries = new ArrayList<>();
      for (SearchQuery q : SearchQueries.take(seed, small)) {
        queries.add(new DemoRequest("GET", q.uri(), null));
      }
      Outcome search = shadowTest(vertx, "search", "3. Search latency: " + SearchModel.V1.id() + " -> "
          + SearchModel.V2.id(), keyword.port(), vector.port(), DemoRules.search(), queries, List.of(), "queries");
      outcomes.add(search);
      finish(o, search);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    o.println("4. Has the world moved? Data drift, day by day");
    o.flush();
    DriftPipelineDemo.Result week = DriftPipelineDemo.run(ctx, out.resolve("monitor"), Progress.silent());
    addShadowWindows(week, outcomes);
    o.println();

    o.printf("Done in %.1f s. Open the reports:%n", (System.nanoTime() - started) / 1e9);
    for (Outcome r : outcomes) {
      o.printf("  %s%n", r.dir().resolve(ComparisonReport.FILE));
    }
    o.printf("  %s  (the monitoring dashboard: %d daily runs, %d with drift, %d failed)%n", week.site(), week.runs(),
        week.driftRuns(), week.failedRuns());
    o.println("Try next: shadow gate --records " + outcomes.get(0).dir() + "   shadow regress --suite "
        + outcomes.get(0).dir().resolve(RegressionSuite.FILE) + " --model URL");
    o.flush();
    boolean callersServed = outcomes.stream().allMatch(r -> r.traffic().failed() == 0);
    return callersServed ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }

  private Outcome shadowTest(Vertx vertx, String name, String title, int primaryPort, int shadowPort,
      CaptureSettings rules, List<DemoRequest> traffic, List<DemoRequest> warmUp, String unit) throws Exception {
    PrintWriter o = ctx.out();
    Path dir = out.resolve(name);
    try {
      Files.createDirectories(dir);
      // a demo run stands alone: its report counts only its own records
      Files.deleteIfExists(dir.resolve(ShadowProxy.RECORDS_FILE));
      Files.deleteIfExists(dir.resolve(RegressionSuite.FILE));
    } catch (java.io.IOException e) {
      throw new UsageException("--out: cannot write to " + dir + ": " + e.getMessage());
    }
    ProxyConfig config = ProxyConfig.builder("http://127.0.0.1:" + primaryPort, "http://127.0.0.1:" + shadowPort)
        .host("127.0.0.1").port(0).adminPort(0).outDir(dir).build();
    ShadowProxy proxy;
    try {
      proxy = ShadowProxy.builder(config).capture(rules).clock(Clock.systemUTC()).nanoTime(System::nanoTime).start();
    } catch (ProxyStartException e) {
      throw new UsageException(e.getMessage(), e);
    }
    o.println(title);
    o.printf("  primary http://127.0.0.1:%d, shadow http://127.0.0.1:%d, proxy http://127.0.0.1:%d "
        + "(metrics on http://127.0.0.1:%d/metrics)%n", primaryPort, shadowPort, proxy.port(), proxy.adminPort());
    o.flush();
    DemoTraffic.Result result;
    try {
      if (!warmUp.isEmpty()) {
        // A fresh JVM runs its first thousand requests interpreted; those latencies would say more about the JIT
        // than about the models. Warm up with mirroring paused: nothing of it is recorded.
        proxy.shadowControl().update(null, null, true);
        DemoTraffic.run(vertx, proxy.port(), warmUp, concurrency, Progress.silent());
        proxy.shadowControl().update(null, null, false);
      }
      result = DemoTraffic.run(vertx, proxy.port(), traffic, concurrency, new Progress(ctx, unit, traffic.size()));
    } finally {
      proxy.close(); // graceful: waits for the last shadow answers and flushes every record
    }
    ComparisonSummary summary = proxy.summary();
    GateResult gate = Gate.evaluate(summary, GateCriteria.DEFAULTS);
    ComparisonReport.write(dir, title, summary, gate, new ObjectMapper());
    o.printf("  %,d %s in %.1f s, %,d answered (%,d failed); mirrored %,d, dropped %,d%n", result.sent(), unit,
        result.elapsedNanos() / 1e9, result.ok(), result.failed(), proxy.stats().mirrored(),
        proxy.stats().dropped());
    SummaryPrinter.print(o, summary);
    return new Outcome(name, summary, gate, result, dir);
  }

  // the three shadow tests join the monitoring history, so the dashboard shows shadow agreement and latency beside
  // the drift runs, as a proxy started with --db would keep them every minute
  private static void addShadowWindows(DriftPipelineDemo.Result week, List<Outcome> outcomes) throws Exception {
    try (Store store = Store.open(week.database().toString(), StoreOptions.defaults())) {
      for (Outcome r : outcomes) {
        ComparisonSummary s = r.summary();
        if (s.first() == null) {
          continue;
        }
        Instant end = s.last().isAfter(s.first()) ? s.last() : s.first().plusMillis(1);
        store.upsertWindow(ComparisonHistory.toStore("demo-" + r.name(),
            new WindowedSummaries.Window(s.first(), end, s)));
      }
      DashboardSite.build(store, week.site().getParent(), "Drift monitor (demo week)", Clock.systemUTC());
    }
  }

  private void finish(PrintWriter o, Outcome r) {
    StringBuilder failed = new StringBuilder();
    for (GateCheck c : r.gate().checks()) {
      if (!c.passed()) {
        failed.append(failed.length() == 0 ? "" : "; ").append(c.name()).append(' ').append(c.actual())
            .append(" (needs ").append(c.limit()).append(')');
      }
    }
    o.printf("  promotion gate     %s%s%n", r.gate().passed() ? "PASS" : "FAIL: ", failed);
    o.printf("  wrote              %s, %s (%,d entries), %s%n", r.dir().resolve(ShadowProxy.RECORDS_FILE),
        RegressionSuite.FILE, countSuite(r.dir()), ComparisonReport.FILE);
    o.println();
    o.flush();
  }

  private static long countSuite(Path dir) {
    try {
      return RegressionSuite.read(dir.resolve(RegressionSuite.FILE), Integer.MAX_VALUE, new ObjectMapper()).size();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  // reject -> approve and approve -> reject, from the confusion matrix of the decision label
  private static long[] flips(ComparisonSummary s) {
    for (ComparisonSummary.Confusion c : s.confusions()) {
      if (c.path().equals("/decision")) {
        int reject = c.labels().indexOf("reject");
        int approve = c.labels().indexOf("approve");
        if (reject >= 0 && approve >= 0) {
          return new long[] {c.counts()[reject][approve], c.counts()[approve][reject]};
        }
      }
    }
    return new long[] {0, 0};
  }

  private static String pair(LatencySummary l) {
    return String.format(java.util.Locale.ROOT, "%.1f / %.1f ms (p50 / p99)", l.p50Millis(), l.p99Millis());
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
