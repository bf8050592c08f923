package dev.shadowpipeline.app.shadowtest;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.ErrorComparator;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import dev.shadowpipeline.shadow.compare.LatencyComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.route.PathPattern;
import dev.shadowpipeline.shadow.compare.route.Route;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import dev.shadowpipeline.shadow.memory.MemoryDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds the comparison rules from flags and from the config file's {@code compare:} and {@code redact:} sections,
 * and the LLM price table from its {@code llm:} section.
 * Routes are framed by {@link RouteTable#framed}: errors first, latency last; requests no route matches get the
 * structural JSON comparison. Flags describe one extra catch-all route, tried after the configured ones.
 */
public final class ComparisonSetup {

  /** The config file sections read here; the commands' own sections sit beside them in the same file. */
  public static final List<String> SECTIONS = List.of("compare", "redact", "llm");

  private ComparisonSetup() {}

  /**
   * The capture settings from flags and the {@code compare:} and {@code redact:} sections of {@code configFile}
   * (none when it is {@code null}).
   *
   * @param warnings where the file's deprecation warnings go, one line each
   */
  public static CaptureSettings build(
      ComparisonRules flags,
      Path configFile,
      double tolerance,
      List<String> ignore,
      List<String> redactHeaders,
      Map<String, String> env,
      Consumer<String> warnings) {
    ConfigFile file = configFile == null ? null : ConfigFile.load(configFile, env, warnings);
    return build(flags, file, tolerance, ignore, redactHeaders, env);
  }

  /**
   * The capture settings.
   *
   * @param flags the command's comparison flags
   * @param file the config file whose {@code compare:} and {@code redact:} sections apply, or {@code null}
   * @param tolerance relative tolerance for JSON numbers (flag or config)
   * @param ignore ignored JSON fields (flag or config)
   * @param redactHeaders extra headers to mask
   * @param env for the redaction salt
   * @throws ConfigException naming the flag or config key of any bad value
   */
  public static CaptureSettings build(
      ComparisonRules flags,
      ConfigFile file,
      double tolerance,
      List<String> ignore,
      List<String> redactHeaders,
      Map<String, String> env) {
    if (flags.label() == null
        && flags.criticalFlips() != null
        && !flags.criticalFlips().isEmpty()) {
      throw new ConfigException("--critical-flip needs --label: which output holds the label?");
    }
    // the config's compare: tolerance is checked where it is read; the flag's here, before it is
    // used
    Comparators.flag("--tolerance", () -> NumericTolerance.relative(tolerance));
    List<JsonPointerPattern> ignored = Comparators.pointers("--ignore", ignore);
    CompareSection compare =
        CompareSection.read(
            file == null ? null : file.section("compare"),
            tolerance,
            ignored,
            flags.latencyBudget());
    List<Route> routes = new ArrayList<>(compare.routes());
    LatencyComparator latency =
        Comparators.flag(
            "--latency-budget",
            () ->
                new LatencyComparator(
                    new LatencyComparator.Spec(
                        compare.latencyBudget(), compare.latencySeverity())));
    if (flags.anyOutput()) {
      routes.add(new Route(PathPattern.parse("/**"), Set.of(), Comparators.fromFlags(flags)));
    }
    routes = compare.semantic().withDefaults(routes);
    RouteTable table =
        RouteTable.framed(
            routes,
            JsonComparator.bodiesOnly(
                NumericTolerance.relative(compare.tolerance()), compare.ignored()),
            new ErrorComparator(compare.errors()),
            latency);
    RedactionSetup redaction =
        RedactionSetup.read(
            flags, redactHeaders, file == null ? null : file.section("redact"), env);
    int suiteMax = flags.suiteMax();
    long suiteMaxBytes =
        flags.suiteMaxBytes() != null ? flags.suiteMaxBytes() : MemoryDefaults.suiteBytes();
    ResponseComparator comparator =
        compare.embeddings() == null
            ? table
            : Comparators.withEmbeddings(table, compare.embeddings());
    return Comparators.flag(
        flags.suiteMaxBytes() != null && suiteMaxBytes < 1 ? "--suite-max-bytes" : "--suite-max",
        () ->
            new CaptureSettings(
                comparator,
                redaction.headers(),
                redaction.query(),
                redaction.body(),
                suiteMax,
                suiteMaxBytes,
                Duration.ofSeconds(5),
                LlmSection.prices(file == null ? null : file.section("llm"))));
  }
}
