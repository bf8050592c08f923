package dev.shadowpipeline.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.config.IoReasons;
import dev.shadowpipeline.app.labels.QualityRun;
import dev.shadowpipeline.app.progress.Progress;
import dev.shadowpipeline.app.shadowtest.ComparisonHistory;
import dev.shadowpipeline.demo.DemoTraffic.DemoRequest;
import dev.shadowpipeline.demo.chat.ChatModel;
import dev.shadowpipeline.demo.chat.ChatModelServer;
import dev.shadowpipeline.demo.chat.ChatPrompts;
import dev.shadowpipeline.demo.chat.JudgeModelServer;
import dev.shadowpipeline.demo.search.SearchModel;
import dev.shadowpipeline.demo.search.SearchModelServer;
import dev.shadowpipeline.demo.search.SearchQueries;
import dev.shadowpipeline.demo.search.SearchQuery;
import dev.shadowpipeline.report.compare.ComparisonReport;
import dev.shadowpipeline.report.site.DashboardSite;
import dev.shadowpipeline.report.text.JudgeText;
import dev.shadowpipeline.report.text.SummaryText;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCheck;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.gate.GateResult;
import dev.shadowpipeline.shadow.gate.QualityCriterion;
import dev.shadowpipeline.shadow.gate.QualityGate;
import dev.shadowpipeline.shadow.judge.JudgeConfig;
import dev.shadowpipeline.shadow.judge.JudgeFeeder;
import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.judge.JudgementsFile;
import dev.shadowpipeline.shadow.judge.PairwiseJudge;
import dev.shadowpipeline.shadow.labels.JoinKey;
import dev.shadowpipeline.shadow.labels.LabelJoin;
import dev.shadowpipeline.shadow.metrics.LatencySummary;
import dev.shadowpipeline.shadow.proxy.ProxyConfig;
import dev.shadowpipeline.shadow.proxy.ProxyStartException;
import dev.shadowpipeline.shadow.proxy.ShadowProxy;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.summary.WindowedSummaries;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreOptions;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's story, end to end on this machine: three model replacements shadow-tested through the proxy (loan
 * approval with critical flips, an LLM with text similarity, search with rankings and slow queries), each ending in a
 * report, a regression suite and the promotion gate, then a simulated week of daily drift monitoring. What
 * {@code shadow demo} runs; it prints to {@code out} as it goes.
 */
public final class ShadowDemo {

  private static final int WARM_UP_REQUESTS = 1_000;

  /** The loan demo's quality gate: v2's accuracy at most one point below v1's, at 95% confidence. */
  private static final String NON_INFERIORITY = "accuracy:0.01";

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean interactive;
  private final Path outDir;
  private final int requests;
  private final int concurrency;
  private final long seed;

  /**
   * @param out where the story is printed
   * @param err where progress goes
   * @param interactive whether {@code err} is a terminal
   * @param outDir where the demo writes; earlier demo output there is replaced
   * @param requests loan applicants sent; the chat and search tests get a fifth as many, at least 50
   * @param concurrency requests in flight at once
   * @param seed seed of the synthetic traffic
   */
  public ShadowDemo(
      PrintWriter out,
      PrintWriter err,
      boolean interactive,
      Path outDir,
      int requests,
      int concurrency,
      long seed) {
    if (requests < 1) {
      throw new ConfigException("--requests must be at least 1: " + requests);
    }
    if (concurrency < 1) {
      throw new ConfigException("--concurrency must be at least 1: " + concurrency);
    }
    this.out = out;
    this.err = err;
    this.interactive = interactive;
    this.outDir = outDir;
    this.requests = requests;
    this.concurrency = concurrency;
    this.seed = seed;
  }

  /** What one situation showed. */
  private record Outcome(
      String name,
      String title,
      ComparisonSummary summary,
      GateResult gate,
      DemoTraffic.Result traffic,
      Path dir,
      JudgeSummary judge) {}

  /**
   * Runs the three shadow tests and the drift week, printing the story.
   *
   * @return whether every caller of the three tests was served
   * @throws ConfigException when {@code out} cannot be written
   */
  public boolean run() throws Exception {
    PrintWriter o = out;
    try {
      Files.createDirectories(outDir);
    } catch (java.io.IOException e) {
      throw new ConfigException("--out: cannot write to " + outDir + ": " + IoReasons.reason(e));
    }
    int small = Math.max(50, requests / 5);
    long started = System.nanoTime();
    List<Outcome> outcomes = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      o.println("Shadow Pipeline demo: three model replacements, shadow-tested on this machine");
      o.println();

      DemoModelServer v1 =
          await(
              DemoModelServer.start(
                  vertx, LoanModel.V1, "127.0.0.1", 0, Duration.ofMillis(1), Duration.ofMillis(3)));
      DemoModelServer v2 =
          await(
              DemoModelServer.start(
                  vertx,
                  LoanModel.V2,
                  "127.0.0.1",
                  0,
                  Duration.ofMillis(8),
                  Duration.ofMillis(20)));
      List<LoanApplication> applications = LoanApplication.generate(requests, seed, "A");
      Outcome loan =
          shadowTest(
              vertx,
              "loan",
              "1. Risk model migration: loan approval v1 -> v2",
              v1.port(),
              v2.port(),
              0,
              DemoRules.loan(),
              applications.stream().map(LoanApplication::request).toList(),
              DemoTraffic.applicants(WARM_UP_REQUESTS, seed + 1),
              "applicants");
      outcomes.add(loan);
      long[] flips = flips(loan.summary());
      o.printf(
          "  decision flips     reject -> approve: %,d (critical)   approve -> reject: %,d%n",
          flips[0], flips[1]);
      o.printf("  caller latency     %s through the proxy%n", pair(loan.traffic().latency()));
      finish(o, loan);
      groundTruth(o, loan, applications);

      // both instances of the production LLM sample (temperature above zero), so they disagree with
      // each other on generated ids, timestamps and wording: the secondary measures that noise
      ChatModelServer large =
          await(ChatModelServer.start(vertx, ChatModel.V1, "127.0.0.1", 0, Duration.ZERO, true));
      ChatModelServer largeAgain =
          await(ChatModelServer.start(vertx, ChatModel.V1, "127.0.0.1", 0, Duration.ZERO, true));
      ChatModelServer smaller =
          await(ChatModelServer.start(vertx, ChatModel.V2, "127.0.0.1", 0, Duration.ZERO, true));
      // a stand-in judge model on loopback (not a language model: a fixed rule, see
      // JudgeModelServer)
      JudgeModelServer judgeModel = await(JudgeModelServer.start(vertx, "127.0.0.1", 0));
      List<DemoRequest> prompts = new ArrayList<>();
      // every other prompt asks for a stream (with its usage), as chat clients do: the proxy times
      // each stream's first token and the gaps between tokens, and prices both models; the JSON
      // answers keep the fields (generated ids) the noise baseline sets aside
      for (String body : ChatPrompts.bodies(seed, small, true)) {
        prompts.add(new DemoRequest("POST", ChatModelServer.PATH, body));
      }
      Outcome chat =
          shadowTest(
              vertx,
              "llm",
              "2. LLM cost reduction: " + ChatModel.V1.id() + " -> " + ChatModel.V2.id(),
              large.port(),
              smaller.port(),
              largeAgain.port(),
              DemoRules.chat(),
              prompts,
              List.of(),
              "prompts",
              judgeModel.config());
      outcomes.add(chat);
      printJudge(o, chat.judge(), judgeModel);
      finish(o, chat);

      SearchModelServer keyword =
          await(SearchModelServer.start(vertx, SearchModel.V1, "127.0.0.1", 0, Duration.ZERO));
      SearchModelServer vector =
          await(SearchModelServer.start(vertx, SearchModel.V2, "127.0.0.1", 0, Duration.ZERO));
      List<DemoRequest> queries = new ArrayList<>();
      for (SearchQuery q : SearchQueries.take(seed, small)) {
        queries.add(new DemoRequest("GET", q.uri(), null));
      }
      Outcome search =
          shadowTest(
              vertx,
              "search",
              "3. Search latency: " + SearchModel.V1.id() + " -> " + SearchModel.V2.id(),
              keyword.port(),
              vector.port(),
              0,
              DemoRules.search(),
              queries,
              List.of(),
              "queries");
      outcomes.add(search);
      finish(o, search);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    o.println("4. Has the world moved? Data drift, day by day");
    o.flush();
    DriftPipelineDemo.Result week =
        DriftPipelineDemo.run(out, outDir.resolve("monitor"), Progress.silent());
    addShadowWindows(week, outcomes);
    o.println();

    o.printf("Done in %.1f s. Open the reports:%n", (System.nanoTime() - started) / 1e9);
    for (Outcome r : outcomes) {
      o.printf("  %s%n", r.dir().resolve(ComparisonReport.FILE));
    }
    o.printf(
        "  %s  (the monitoring dashboard: %d daily runs, %d with drift, %d failed)%n",
        week.site(), week.runs(), week.driftRuns(), week.failedRuns());
    o.println(
        "Try next: shadow gate --records "
            + outcomes.get(0).dir()
            + "   shadow regress --suite "
            + outcomes.get(0).dir().resolve(RegressionSuite.FILE)
            // the loan situation's rules (DemoRules.loan) in YAML: without them regress would not
            // see the label flips the suite recorded
            + " --config "
            + exampleConfig()
            + " --model URL");
    o.flush();
    return outcomes.stream().allMatch(r -> r.traffic().failed() == 0);
  }

  /**
   * Where examples/shadow.yaml is, as the user can type it: relative when the demo runs in the project folder (the
   * launcher passes it as shadow.home), absolute when it runs elsewhere, so that the printed command works as is.
   */
  private static String exampleConfig() {
    return exampleConfig(
        System.getProperty("shadow.home"), Path.of("").toAbsolutePath().normalize());
  }

  static String exampleConfig(String home, Path here) {
    Path relative = Path.of("examples", "shadow.yaml");
    if (home == null || home.isBlank()) {
      return relative.toString();
    }
    Path inHome = Path.of(home).toAbsolutePath().normalize().resolve(relative);
    if (!Files.isRegularFile(inHome) || inHome.equals(here.resolve(relative))) {
      return relative.toString();
    }
    return inHome.toString();
  }

  private Outcome shadowTest(
      Vertx vertx,
      String name,
      String title,
      int primaryPort,
      int shadowPort,
      int secondaryPort,
      CaptureSettings rules,
      List<DemoRequest> traffic,
      List<DemoRequest> warmUp,
      String unit)
      throws Exception {
    return shadowTest(
        vertx,
        name,
        title,
        primaryPort,
        shadowPort,
        secondaryPort,
        rules,
        traffic,
        warmUp,
        unit,
        null);
  }

  private Outcome shadowTest(
      Vertx vertx,
      String name,
      String title,
      int primaryPort,
      int shadowPort,
      int secondaryPort,
      CaptureSettings rules,
      List<DemoRequest> traffic,
      List<DemoRequest> warmUp,
      String unit,
      JudgeConfig judgeConfig)
      throws Exception {
    PrintWriter o = out;
    Path dir = outDir.resolve(name);
    try {
      Files.createDirectories(dir);
      // a demo run stands alone: its report counts only its own records
      Files.deleteIfExists(dir.resolve(ShadowProxy.RECORDS_FILE));
      Files.deleteIfExists(dir.resolve(RegressionSuite.FILE));
      Files.deleteIfExists(dir.resolve(JudgementsFile.FILE));
    } catch (java.io.IOException e) {
      throw new ConfigException("--out: cannot write to " + dir + ": " + IoReasons.reason(e));
    }
    ProxyConfig.Builder builder =
        ProxyConfig.builder("http://127.0.0.1:" + primaryPort, "http://127.0.0.1:" + shadowPort)
            .host("127.0.0.1")
            .port(0)
            .adminPort(0)
            .outDir(dir);
    if (secondaryPort > 0) {
      builder.secondary("http://127.0.0.1:" + secondaryPort);
    }
    ProxyConfig config = builder.build();
    PairwiseJudge judge =
        judgeConfig == null ? null : PairwiseJudge.start(judgeConfig, dir, System::nanoTime);
    ShadowProxy proxy;
    try {
      proxy =
          ShadowProxy.builder(config)
              .capture(rules)
              .consumers(
                  judge == null
                      ? List.of()
                      : List.of(JudgeFeeder.live(judge, judgeConfig.timeout())))
              .clock(Clock.systemUTC())
              .nanoTime(System::nanoTime)
              .start();
    } catch (ProxyStartException e) {
      if (judge != null) {
        judge.close(Duration.ZERO);
      }
      throw new ConfigException(e.getMessage(), e);
    }
    o.println(title);
    o.printf(
        "  primary http://127.0.0.1:%d, shadow http://127.0.0.1:%d, %sproxy http://127.0.0.1:%d "
            + "(metrics on http://127.0.0.1:%d/metrics)%n",
        primaryPort,
        shadowPort,
        secondaryPort > 0 ? "secondary http://127.0.0.1:" + secondaryPort + ", " : "",
        proxy.port(),
        proxy.adminPort());
    o.flush();
    DemoTraffic.Result result;
    try {
      if (!warmUp.isEmpty()) {
        // A fresh JVM runs its first thousand requests interpreted; those latencies would say more
        // about the JIT
        // than about the models. Warm up with mirroring paused: nothing of it is recorded.
        proxy.shadowControl().update(null, null, true);
        DemoTraffic.run(vertx, proxy.port(), warmUp, concurrency, Progress.silent());
        proxy.shadowControl().update(null, null, false);
      }
      result =
          DemoTraffic.run(
              vertx,
              proxy.port(),
              traffic,
              concurrency,
              new Progress(err, interactive, unit, traffic.size()));
    } finally {
      proxy.close(); // graceful: waits for the last shadow answers and flushes every record
    }
    ComparisonSummary summary = proxy.summary();
    GateResult gate = Gate.evaluate(summary, GateCriteria.DEFAULTS);
    JudgeSummary verdicts = judge == null ? null : judge.summary();
    ComparisonReport.write(dir, title, summary, gate, null, verdicts, new ObjectMapper());
    o.printf(
        "  %,d %s in %.1f s, %,d answered (%,d failed); mirrored %,d, dropped %,d%n",
        result.sent(),
        unit,
        result.elapsedNanos() / 1e9,
        result.ok(),
        result.failed(),
        proxy.stats().mirrored(),
        proxy.stats().dropped());
    SummaryText.print(o, summary);
    return new Outcome(name, title, summary, gate, result, dir, verdicts);
  }

  // the three shadow tests join the monitoring history, so the dashboard shows shadow agreement and
  // latency beside
  // the drift runs, as a proxy started with --db would keep them every minute
  private static void addShadowWindows(DriftPipelineDemo.Result week, List<Outcome> outcomes)
      throws Exception {
    try (Store store = Store.open(week.database().toString(), StoreOptions.defaults())) {
      for (Outcome r : outcomes) {
        ComparisonSummary s = r.summary();
        if (s.first() == null) {
          continue;
        }
        Instant end = s.last().isAfter(s.first()) ? s.last() : s.first().plusMillis(1);
        store.upsertWindow(
            ComparisonHistory.toStore(
                "demo-" + r.name(), new WindowedSummaries.Window(s.first(), end, s)));
      }
      DashboardSite.build(
          store, week.site().getParent(), "Drift monitor (demo week)", Clock.systemUTC());
    }
  }

  // months later the outcomes come in: which model was right, on the very applications it decided
  private void groundTruth(PrintWriter o, Outcome loan, List<LoanApplication> applications)
      throws java.io.IOException {
    Path file = loan.dir().resolve("outcomes.csv");
    LoanOutcomes.write(file, applications, seed);
    LabelJoin join =
        LabelJoin.of(JoinKey.requestField("/" + LoanOutcomes.ID_COLUMN))
            .withTruth(LoanOutcomes.TRUTH_COLUMN)
            .withPositive("approve");
    QualityRun.Result run = QualityRun.run(loan.dir(), file, join);
    JsonNode q = run.qualityJson();
    ObjectMapper mapper = new ObjectMapper();
    ComparisonReport.write(loan.dir(), loan.title(), loan.summary(), loan.gate(), q, mapper);
    o.println("   ... months later: who defaulted (" + file + ")");
    o.printf(
        "  labels joined      %,d of %,d applications (%,d outcomes for earlier applications match "
            + "no record)%n",
        q.path("n_joined").asLong(),
        q.path("n_records").asLong(),
        q.path("n_unmatched_labels").asLong());
    o.printf(
        "  accuracy           v1 %s, v2 %s%n",
        withInterval(q.path("primary"), "accuracy"), withInterval(q.path("shadow"), "accuracy"));
    JsonNode paired = q.path("paired");
    o.printf(
        "  when they disagree v1 right on %,d, v2 right on %,d (McNemar exact p = %s)%n",
        paired.path("discordant").path("primary_right").asLong(),
        paired.path("discordant").path("shadow_right").asLong(),
        pValue(paired.path("mcnemar_p").asDouble(Double.NaN)));
    for (JsonNode f : q.path("flips")) {
      if (f.path("primary").asText().equals("reject")
          && f.path("shadow").asText().equals("approve")) {
        // v1 was right to reject exactly when the applicant defaulted
        o.printf(
            "  reject -> approve  %,d labelled flips: %,d of those applicants defaulted%n",
            f.path("count").asLong(), f.path("primary_right").asLong());
      }
    }
    QualityGate.Outcome gate =
        QualityGate.evaluate(q, List.of(QualityCriterion.nonInferior(NON_INFERIORITY)));
    GateCheck check = gate.checks().get(0);
    o.printf(
        "  quality gate       %s: --non-inferior %s (lower bound %s, needs %s)%n",
        gate.passed() ? "PASS" : "FAIL", NON_INFERIORITY, check.actual(), check.limit());
    o.printf("  wrote              %s, %s%n", run.qualityFile(), ComparisonReport.FILE);
    o.println();
    o.flush();
  }

  private static String withInterval(JsonNode side, String metric) {
    JsonNode ci = side.path(metric + "_ci95");
    return String.format(
        java.util.Locale.ROOT,
        "%.1f%% (95%% interval %.1f%% – %.1f%%)",
        100 * side.path(metric).asDouble(Double.NaN),
        100 * ci.path(0).asDouble(Double.NaN),
        100 * ci.path(1).asDouble(Double.NaN));
  }

  private static String pValue(double p) {
    return p < 1e-4
        ? String.format(java.util.Locale.ROOT, "%.2e", p)
        : String.format(java.util.Locale.ROOT, "%.4f", p);
  }

  // the stand-in judge's verdicts on the pairs whose text diverged, and the orders it was shown
  private static void printJudge(PrintWriter o, JudgeSummary j, JudgeModelServer judgeModel) {
    if (j == null) {
      return;
    }
    o.println("  judge (stand-in)   " + JudgeText.line(j));
    o.printf(
        "                     %d prompts judged by %s on loopback; the reference answer was shown first %d "
            + "times, second %d times%n",
        judgeModel.prompts(),
        JudgeModelServer.MODEL,
        judgeModel.referenceFirst(),
        judgeModel.referenceSecond());
  }

  private void finish(PrintWriter o, Outcome r) {
    StringBuilder failed = new StringBuilder();
    for (GateCheck c : r.gate().checks()) {
      if (!c.passed()) {
        failed
            .append(failed.length() == 0 ? "" : "; ")
            .append(c.name())
            .append(' ')
            .append(c.actual())
            .append(" (needs ")
            .append(c.limit())
            .append(')');
      }
    }
    o.printf("  promotion gate     %s%s%n", r.gate().passed() ? "PASS" : "FAIL: ", failed);
    o.printf(
        "  wrote              %s, %s (%,d entries), %s%n",
        r.dir().resolve(ShadowProxy.RECORDS_FILE),
        RegressionSuite.FILE,
        countSuite(r.dir()),
        ComparisonReport.FILE);
    o.println();
    o.flush();
  }

  private static long countSuite(Path dir) {
    try {
      return RegressionSuite.read(
              dir.resolve(RegressionSuite.FILE), Integer.MAX_VALUE, new ObjectMapper())
          .size();
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
    return String.format(
        java.util.Locale.ROOT, "%.1f / %.1f ms (p50 / p99)", l.p50Millis(), l.p99Millis());
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
