package dev.shadowpipeline.cli.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.app.shadowtest.ComparisonSetup;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.ErrorComparator;
import dev.shadowpipeline.shadow.compare.LatencyComparator;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.ScoreComparator;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ComparisonSetupTest {

  private static final Path EXAMPLE = Path.of("..", "examples", "shadow.yaml");
  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  private static ComparisonOptions flags(String... args) {
    ComparisonOptions options = new ComparisonOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  private ConfigFile config(String yaml) {
    return ConfigFile.parse(Path.of("shadow.yaml"), yaml, Map.of(), warnings::add);
  }

  private CaptureSettings settings(String yaml) {
    return ComparisonSetup.build(
        flags().toRules(), config(yaml), 1e-6, List.of(), List.of(), Map.of());
  }

  @Test
  void theShippedExampleBuildsItsRoutes() {
    ConfigFile file =
        ConfigFile.load(EXAMPLE, Map.of("SHADOW_REDACT_SALT", "pepper"), warnings::add);
    CaptureSettings settings =
        ComparisonSetup.build(flags().toRules(), file, 1e-6, List.of(), List.of(), Map.of());
    assertThat(warnings).as("the example uses no deprecated key").isEmpty();
    RouteTable table = (RouteTable) settings.comparator();
    assertThat(table.routes()).hasSize(3);
    assertThat(table.comparatorsFor("POST", "/predict"))
        .extracting(ResponseComparator::name)
        .containsExactly("errors", "label", "score", "latency");
    assertThat(table.comparatorsFor("POST", "/v1/chat/completions"))
        .extracting(ResponseComparator::name)
        .containsExactly("errors", "json", "text", "semantic", "latency");
    assertThat(table.comparatorsFor("GET", "/search"))
        .extracting(ResponseComparator::name)
        .containsExactly("errors", "ranking", "latency");
    assertThat(table.comparatorsFor("GET", "/other"))
        .extracting(ResponseComparator::name)
        .containsExactly("errors", "json", "latency");
    assertThat(settings.bodyRedactor().paths()).hasSize(3);
    assertThat(settings.headerRedactor().redacts("X-Customer-Ref")).isTrue();
    assertThat(settings.queryRedactor().redact("customer_ref=c&oauth_version=1&oauth_token=t"))
        .isEqualTo("customer_ref=[REDACTED]&oauth_version=1&oauth_token=[REDACTED]");
  }

  @Test
  void theShippedExamplePassesTheCommandLinesValidation() throws Exception {
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "{\"x\": 1}\n");
    CliRun run =
        CliRun.run(
            "replay",
            "--config",
            EXAMPLE.toString(),
            "--input",
            input.toString(),
            "--primary",
            "http://127.0.0.1:9",
            "--shadow",
            "http://127.0.0.1:9",
            "--out",
            dir.resolve("o").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContain("warning");
  }

  @Test
  void flagsMakeOneCatchAllRoute() {
    CaptureSettings settings =
        ComparisonSetup.build(
            flags(
                    "--label",
                    "/decision",
                    "--critical-flip",
                    "reject:approve",
                    "--score",
                    "/p",
                    "--decision-threshold",
                    "0.5")
                .toRules(),
            (ConfigFile) null,
            1e-6,
            List.of(),
            List.of(),
            Map.of());
    assertThat(((RouteTable) settings.comparator()).comparatorsFor("POST", "/anything"))
        .extracting(ResponseComparator::name)
        .containsExactly("errors", "label", "score", "latency");
  }

  @Test
  void mistakesNameTheFileAndTheirPlace() {
    assertThatThrownBy(
            () ->
                settings(
                    """
        compare:
          routes:
            - path: /p
              comparators:
                - {type: json}
                - {type: ranking, pointer: /r, k: 0}
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessage("shadow.yaml: compare.routes[0].comparators[1].k: must be at least 1: 0");
    assertThatThrownBy(
            () ->
                settings("compare:\n  routes:\n    - path: p\n      comparators: [{type: json}]\n"))
        .hasMessageStartingWith("shadow.yaml: compare.routes[0].path: ")
        .hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> settings("compare:\n  rutes: []\n"))
        .hasMessage("shadow.yaml: compare.rutes: unknown key (did you mean 'routes'?)");
    assertThatThrownBy(
            () ->
                settings(
                    "compare:\n  routes:\n    - {path: /p, comparators: [{type: text, min: 2}]}\n"))
        .hasMessage(
            "shadow.yaml: compare.routes[0].comparators[0].min: must be between 0 and 1: 2");
    assertThatThrownBy(() -> settings("compare:\n  errors: {status-class: fatal}\n"))
        .hasMessageStartingWith(
            "shadow.yaml: compare.errors.status-class: unknown severity 'fatal'");
    assertThatThrownBy(() -> settings("redact:\n  mode: shred\n"))
        .hasMessageStartingWith("shadow.yaml: redact.mode: ");
    assertThatThrownBy(
            () ->
                ComparisonSetup.build(
                    flags("--critical-flip", "reject").toRules(),
                    (ConfigFile) null,
                    1e-6,
                    List.of(),
                    List.of(),
                    Map.of()))
        .hasMessageContaining("--critical-flip");
    assertThatThrownBy(
            () ->
                ComparisonSetup.build(
                    flags("--redact", "ssn").toRules(),
                    (ConfigFile) null,
                    1e-6,
                    List.of(),
                    List.of(),
                    Map.of()))
        .hasMessageContaining("--redact");
  }

  /** The compare: keys renamed to kebab-case, in both spellings. */
  private static final String OLD_KEYS =
      """
      compare:
        latency_budget: 150ms
        latency_severity: warning
        errors: {status_class: critical, shadow_timeout: info, shadow_error: critical, primary_error: warning}
        routes:
          - path: /predict
            comparators:
              - {type: score, pointer: /score, threshold: 0.5, flip_severity: warning}
          - path: /other
            comparators:
              - {type: score, pointer: /p, threshold: 0.5, flip_severity: info}
      """;

  @Test
  void theOldSnakeCaseKeysStillWorkWithOneWarningEach() {
    CaptureSettings old = settings(OLD_KEYS);
    assertThat(warnings)
        .containsExactly(
            "shadow.yaml: compare.latency_budget is deprecated, write latency-budget",
            "shadow.yaml: compare.latency_severity is deprecated, write latency-severity",
            "shadow.yaml: compare.errors.status_class is deprecated, write status-class",
            "shadow.yaml: compare.errors.shadow_timeout is deprecated, write shadow-timeout",
            "shadow.yaml: compare.errors.shadow_error is deprecated, write shadow-error",
            "shadow.yaml: compare.errors.primary_error is deprecated, write primary-error",
            "shadow.yaml: compare.routes[0].comparators[0].flip_severity is deprecated, write flip-severity");

    warnings.clear();
    CaptureSettings now =
        settings(
            OLD_KEYS
                .replace("latency_", "latency-")
                .replace("status_class", "status-class")
                .replace("shadow_", "shadow-")
                .replace("primary_error", "primary-error")
                .replace("flip_", "flip-"));
    assertThat(warnings).as("the new keys warn about nothing").isEmpty();
    for (CaptureSettings s : List.of(old, now)) {
      List<ResponseComparator> predict =
          ((RouteTable) s.comparator()).comparatorsFor("POST", "/predict");
      assertThat(((ErrorComparator) predict.get(0)).spec())
          .isEqualTo(
              new ErrorComparator.Spec(
                  Severity.CRITICAL, Severity.INFO, Severity.CRITICAL, Severity.WARNING));
      assertThat(((ScoreComparator) predict.get(1)).spec().decisionFlipSeverity())
          .isEqualTo(Severity.WARNING);
      assertThat(((LatencyComparator) predict.get(2)).spec())
          .isEqualTo(new LatencyComparator.Spec(Duration.ofMillis(150), Severity.WARNING));
      List<ResponseComparator> other =
          ((RouteTable) s.comparator()).comparatorsFor("POST", "/other");
      assertThat(((ScoreComparator) other.get(1)).spec().decisionFlipSeverity())
          .isEqualTo(Severity.INFO);
    }
  }

  @Test
  void anOldKeysValueIsCheckedAndNamedAsWritten() {
    assertThatThrownBy(
            () ->
                settings("compare:\n  embeddings: {url: http://127.0.0.1:9, max_concurrent: 0}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("shadow.yaml: compare.embeddings.max_concurrent: must be at least 1: 0");
    assertThat(warnings)
        .containsExactly(
            "shadow.yaml: compare.embeddings.max_concurrent is deprecated, write max-concurrent");
  }

  @Test
  void bothSpellingsOfAKeyAreAnErrorNamingBoth() {
    assertThatThrownBy(() -> settings("compare:\n  latency-budget: 1s\n  latency_budget: 2s\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("shadow.yaml: compare.latency_budget: ")
        .hasMessageContaining("compare.latency-budget")
        .hasMessageContaining("keep only latency-budget");
  }

  @Test
  void replayPrintsEachDeprecationWarningOnceOnStderr() throws Exception {
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(config, OLD_KEYS);
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "{\"x\": 1}\n");
    CliRun run =
        CliRun.run(
            "replay",
            "--config",
            config.toString(),
            "--input",
            input.toString(),
            "--primary",
            "http://127.0.0.1:9",
            "--shadow",
            "http://127.0.0.1:9",
            "--out",
            dir.resolve("o").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = List.of(run.errLines());
    assertThat(lines.stream().filter(l -> l.startsWith("warning: ")))
        .containsExactly(
            "warning: shadow.yaml: compare.latency_budget is deprecated, write latency-budget",
            "warning: shadow.yaml: compare.latency_severity is deprecated, write latency-severity",
            "warning: shadow.yaml: compare.errors.status_class is deprecated, write status-class",
            "warning: shadow.yaml: compare.errors.shadow_timeout is deprecated, write shadow-timeout",
            "warning: shadow.yaml: compare.errors.shadow_error is deprecated, write shadow-error",
            "warning: shadow.yaml: compare.errors.primary_error is deprecated, write primary-error",
            "warning: shadow.yaml: compare.routes[0].comparators[0].flip_severity is deprecated, write flip-severity");
  }

  @Test
  void credentialRedactionIsExtendedAndAllowListedByFlagsAndTheFile() throws Exception {
    Path yaml = dir.resolve("redact.yaml");
    Files.writeString(
        yaml,
        """
        redact:
          headers: [X-Tenant]
          keep-headers: [X-Session-Sampled]
          query: [tenant]
          keep-query: [author]
        """);
    ConfigFile file = ConfigFile.load(yaml, Map.of(), warnings::add);
    CaptureSettings s =
        ComparisonSetup.build(
            flags(
                    "--keep-headers",
                    "X-Trace-Token",
                    "--redact-query",
                    "org",
                    "--keep-query",
                    "session_sampled")
                .toRules(),
            file,
            1e-6,
            List.of(),
            List.of("X-Org"),
            Map.of());
    assertThat(s.headerRedactor().redacts("x-tenant")).isTrue();
    assertThat(s.headerRedactor().redacts("X-Org")).isTrue();
    assertThat(s.headerRedactor().redacts("X-Session-Sampled")).isFalse();
    assertThat(s.headerRedactor().redacts("X-Trace-Token")).isFalse();
    assertThat(s.headerRedactor().redacts("X-Other-Token")).isTrue();
    assertThat(s.headerRedactor().redacts("Authorization")).isTrue();
    assertThat(s.queryRedactor().redact("tenant=a&org=b&author=c&session_sampled=1&api_key=k"))
        .isEqualTo(
            "tenant=[REDACTED]&org=[REDACTED]&author=c&session_sampled=1&api_key=[REDACTED]");
  }

  @Test
  void keepingACredentialNameIsAUsageErrorNamingWhereItCameFrom() throws Exception {
    assertThatThrownBy(
            () ->
                ComparisonSetup.build(
                    flags("--keep-headers", "Authorization").toRules(),
                    (ConfigFile) null,
                    1e-6,
                    List.of(),
                    List.of(),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--keep-headers: 'Authorization'");
    Path yaml = dir.resolve("keep.yaml");
    Files.writeString(yaml, "redact:\n  keep-query: [api_key]\n");
    ConfigFile file = ConfigFile.load(yaml, Map.of(), warnings::add);
    assertThatThrownBy(
            () ->
                ComparisonSetup.build(
                    flags().toRules(), file, 1e-6, List.of(), List.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("keep.yaml: redact.keep-query: 'api_key'");
  }
}
