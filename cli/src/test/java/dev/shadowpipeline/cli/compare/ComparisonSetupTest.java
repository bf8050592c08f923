package dev.shadowpipeline.cli.compare;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.shadowtest.ComparisonSetup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ComparisonSetupTest {

  private static final Path EXAMPLE = Path.of("..", "examples", "shadow.yaml");
  @TempDir Path dir;

  private static ComparisonOptions flags(String... args) {
    ComparisonOptions options = new ComparisonOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void theShippedExampleBuildsItsRoutes() {
    ConfigFile file = ConfigFile.load(EXAMPLE, Map.of("SHADOW_REDACT_SALT", "pepper"));
    CaptureSettings settings = ComparisonSetup.build(flags().toRules(), file.tree("compare"), file.tree("redact"), 1e-6,
        List.of(), List.of(), Map.of());
    RouteTable table = (RouteTable) settings.comparator();
    assertThat(table.routes()).hasSize(3);
    assertThat(table.comparatorsFor("POST", "/predict")).extracting(ResponseComparator::name)
        .containsExactly("errors", "label", "score", "latency");
    assertThat(table.comparatorsFor("POST", "/v1/chat/completions")).extracting(ResponseComparator::name)
        .containsExactly("errors", "text", "latency");
    assertThat(table.comparatorsFor("GET", "/search")).extracting(ResponseComparator::name)
        .containsExactly("errors", "ranking", "latency");
    assertThat(table.comparatorsFor("GET", "/other")).extracting(ResponseComparator::name)
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
    CliRun run = CliRun.run("replay", "--config", EXAMPLE.toString(), "--input", input.toString(), "--primary",
        "http://127.0.0.1:9", "--shadow", "http://127.0.0.1:9", "--out", dir.resolve("o").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void flagsMakeOneCatchAllRoute() {
    CaptureSettings settings = ComparisonSetup.build(flags("--label", "/decision", "--critical-flip",
        "reject:approve", "--score", "/p", "--decision-threshold", "0.5").toRules(), null, null, 1e-6, List.of(), List.of(),
        Map.of());
    assertThat(((RouteTable) settings.comparator()).comparatorsFor("POST", "/anything"))
        .extracting(ResponseComparator::name).containsExactly("errors", "label", "score", "latency");
  }

  @Test
  void mistakesNameTheirPlace() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    assertThatThrownBy(() -> ComparisonSetup.build(flags().toRules(), yaml.readTree(
        "routes:\n  - path: /p\n    comparators:\n      - {type: ranking, pointer: /r, k: 0}\n"), null, 1e-6,
        List.of(), List.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("compare.routes[0].comparators[0]").hasMessageContaining("k must be at least 1");
    assertThatThrownBy(() -> ComparisonSetup.build(flags().toRules(), yaml.readTree(
        "routes:\n  - path: p\n    comparators: [{type: json}]\n"), null, 1e-6, List.of(), List.of(), Map.of()))
        .hasMessageContaining("compare.routes[0]").hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> ComparisonSetup.build(flags().toRules(), yaml.readTree("rutes: []\n"), null, 1e-6, List.of(),
        List.of(), Map.of())).hasMessageContaining("unknown key 'rutes'");
    assertThatThrownBy(() -> ComparisonSetup.build(flags("--critical-flip", "reject").toRules(), null, null, 1e-6, List.of(),
        List.of(), Map.of())).hasMessageContaining("--critical-flip");
    assertThatThrownBy(() -> ComparisonSetup.build(flags("--redact", "ssn").toRules(), null, null, 1e-6, List.of(), List.of(),
        Map.of())).hasMessageContaining("--redact");
  }

  @Test
  void credentialRedactionIsExtendedAndAllowListedByFlagsAndTheFile() throws Exception {
    Path yaml = dir.resolve("redact.yaml");
    Files.writeString(yaml, """
        redact:
          headers: [X-Tenant]
          keep-headers: [X-Session-Sampled]
          query: [tenant]
          keep-query: [author]
        """);
    ConfigFile file = ConfigFile.load(yaml, Map.of());
    CaptureSettings s = ComparisonSetup.build(flags("--keep-headers", "X-Trace-Token", "--redact-query", "org",
        "--keep-query", "session_sampled").toRules(), null, file.tree("redact"), 1e-6, List.of(), List.of("X-Org"), Map.of());
    assertThat(s.headerRedactor().redacts("x-tenant")).isTrue();
    assertThat(s.headerRedactor().redacts("X-Org")).isTrue();
    assertThat(s.headerRedactor().redacts("X-Session-Sampled")).isFalse();
    assertThat(s.headerRedactor().redacts("X-Trace-Token")).isFalse();
    assertThat(s.headerRedactor().redacts("X-Other-Token")).isTrue();
    assertThat(s.headerRedactor().redacts("Authorization")).isTrue();
    assertThat(s.queryRedactor().redact("tenant=a&org=b&author=c&session_sampled=1&api_key=k"))
        .isEqualTo("tenant=[REDACTED]&org=[REDACTED]&author=c&session_sampled=1&api_key=[REDACTED]");
  }

  @Test
  void keepingACredentialNameIsAUsageErrorNamingWhereItCameFrom() throws Exception {
    assertThatThrownBy(() -> ComparisonSetup.build(flags("--keep-headers", "Authorization").toRules(), null, null, 1e-6,
        List.of(), List.of(), Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--keep-headers: 'Authorization'");
    Path yaml = dir.resolve("keep.yaml");
    Files.writeString(yaml, "redact:\n  keep-query: [api_key]\n");
    ConfigFile file = ConfigFile.load(yaml, Map.of());
    assertThatThrownBy(() -> ComparisonSetup.build(flags().toRules(), null, file.tree("redact"), 1e-6, List.of(), List.of(),
        Map.of())).isInstanceOf(ConfigException.class).hasMessageStartingWith("redact.keep-query: 'api_key'");
  }
}
