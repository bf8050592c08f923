package dev.shadowpipeline.cli.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.config.DurationConverter;
import dev.shadowpipeline.report.text.SummaryText;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.gate.GateResult;
import dev.shadowpipeline.shadow.record.AtomicFile;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shadow gate}: the promotion verdict for CI/CD. */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Decide whether the candidate may be promoted, from the records of a shadow test.",
    synopsisHeading = "%nUsage: ",
    customSynopsis =
        "shadow gate --records DIR [--min-agreement 0.99] [--max-critical 0] "
            + "[--max-latency-delta-p99 200ms] [--max-shadow-error-rate 0.01]",
    description = {
      "",
      "Agreement is judged by the lower bound of its 95%% Wilson interval, so 3 agreeing requests out of 3 do not pass "
          + "a 0.99 gate. Prints a table, writes DIR/gate.json.",
      ""
    },
    footer = {"", "Exit codes: 0 pass; 1 fail; 2 bad usage or no records."})
public final class GateCommand implements Callable<Integer> {

  @Option(
      names = "--records",
      paramLabel = "DIR",
      required = true,
      order = 1,
      description = "Output folder of proxy or replay (or its records.jsonl).")
  Path records;

  @Option(
      names = "--min-agreement",
      paramLabel = "0..1",
      defaultValue = "0.99",
      order = 2,
      description = "Least lower 95%% bound of the agreement rate (default: ${DEFAULT-VALUE}).")
  double minAgreement;

  @Option(
      names = "--max-critical",
      paramLabel = "N",
      defaultValue = "0",
      order = 3,
      description = "Most critical divergences (default: ${DEFAULT-VALUE}).")
  long maxCritical;

  @Option(
      names = "--max-latency-delta-p99",
      paramLabel = "DURATION",
      defaultValue = "200ms",
      order = 4,
      converter = DurationConverter.class,
      description = "Most p99 of shadow-minus-primary latency (default: ${DEFAULT-VALUE}).")
  Duration maxLatencyDeltaP99;

  @Option(
      names = "--max-shadow-error-rate",
      paramLabel = "0..1",
      defaultValue = "0.01",
      order = 5,
      description = "Most share of pairs the shadow failed to answer (default: ${DEFAULT-VALUE}).")
  double maxShadowErrorRate;

  @Option(
      names = "--min-requests",
      paramLabel = "N",
      defaultValue = "1",
      order = 6,
      description = "Fewest pairs compared for a verdict (default: ${DEFAULT-VALUE}).")
  long minRequests;

  private final CliContext ctx;

  GateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    GateCriteria criteria;
    try {
      criteria =
          new GateCriteria(
              minAgreement,
              maxCritical,
              maxLatencyDeltaP99.toNanos() / 1e6,
              maxShadowErrorRate,
              minRequests);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--" + e.getMessage());
    }
    Path file = RecordsInput.file(records);
    ObjectMapper mapper = new ObjectMapper();
    ComparisonAggregator aggregator = new ComparisonAggregator();
    RecordsInput.read(file, mapper, aggregator, ctx.err());
    ComparisonSummary summary = aggregator.summary();
    GateResult result = Gate.evaluate(summary, criteria);
    Path dir = Files.isDirectory(records) ? records : file.toAbsolutePath().getParent();
    AtomicFile.write(
        dir.resolve(Gate.FILE),
        mapper
            .writer()
            .with(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsBytes(Gate.toJson(result, criteria, summary, mapper)));
    ctx.out().printf("Gate on %d pairs from %s%n", summary.requests(), file);
    SummaryText.print(ctx.out(), result);
    ctx.out().printf("Wrote %s%n", dir.resolve(Gate.FILE));
    return result.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }
}
