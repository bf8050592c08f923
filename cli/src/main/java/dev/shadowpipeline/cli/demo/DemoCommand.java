package dev.shadowpipeline.cli.demo;

import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.Logging;
import dev.shadowpipeline.demo.ShadowDemo;
import dev.shadowpipeline.shadow.proxy.ShadowControl;
import dev.shadowpipeline.shadow.proxy.ShadowProxy;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
          + "an embedded history database, alerts to a local Discord stand-in, and OUT/monitor/drift-site/index.html shows "
          + "the trend.",
      ""
    })
public final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--requests",
      paramLabel = "N",
      defaultValue = "2000",
      description =
          "Loan applicants to send; the chat and search situations get a fifth as many, at least 50 "
              + "(default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "16",
      description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed of the synthetic traffic (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "shadow-demo",
      description =
          "Where the demo writes its files; earlier demo output there is replaced (default: ${DEFAULT-VALUE}).")
  Path out;

  private final CliContext ctx;

  DemoCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    Logging.quiet(ShadowProxy.class);
    Logging.quiet(ShadowControl.class);
    // the demo prints what the store and the alerts did in its own words
    Logging.quiet("dev.shadowpipeline.store");
    Logging.quiet("dev.shadowpipeline.alert");
    ShadowDemo demo =
        new ShadowDemo(ctx.out(), ctx.err(), ctx.interactive(), out, requests, concurrency, seed);
    return demo.run() ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }
}
