package dev.shadowpipeline.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.TakenTarget;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.config.ConfigDefaults;
import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import dev.shadowpipeline.shadow.proxy.ProxyConfig;
import dev.shadowpipeline.shadow.proxy.ProxyWarmUp;
import dev.shadowpipeline.shadow.proxy.ShadowMode;
import dev.shadowpipeline.shadow.proxy.ShadowProxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Flags and config keys become a {@link ProxyConfig}; every bad value is one line naming its flag or key. */
class ProxyCommandTest {

  @TempDir Path dir;

  /** Parses the arguments as the command line would and builds the config, without starting anything. */
  private ProxyConfig parse(Map<String, String> env, Path config, String... args) {
    ProxyCommand command = QuietProxyCommand.create(env);
    CommandLine cli = new CommandLine(command);
    if (config != null) {
      cli.setDefaultValueProvider(
          new ConfigDefaults(ConfigFile.load(config, env, ProxyCommandTest::noWarning), "proxy"));
    }
    cli.parseArgs(args);
    return command.toConfig();
  }

  @Test
  void warmUpDefaultsToTenSecondsAtMostAndRefusesANegativeDuration() {
    assertThat(command("--primary", "http://p:1", "--shadow", "http://s:1").warmUpDuration())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(helpOf("--warm-up")).contains("(default: 10s)");
    assertThat(
            command("--primary", "http://p:1", "--shadow", "http://s:1", "--warm-up", "0s")
                .warmUpDuration())
        .isZero();
    ProxyCommand negative =
        command("--primary", "http://p:1", "--shadow", "http://s:1", "--warm-up", "PT-1S");
    assertThatThrownBy(negative::warmUpDuration)
        .isInstanceOf(UsageException.class)
        .hasMessage("--warm-up: must not be negative: PT-1S");
  }

  @Test
  void warmUpEndsAfterThreeThousandRequestsByDefaultAndRefusesANegativeCount() {
    assertThat(command("--primary", "http://p:1", "--shadow", "http://s:1").warmUpRequestCount())
        .isEqualTo(3_000);
    assertThat(helpOf("--warm-up-requests")).contains("(default: 3000)");
    assertThat(
            command("--primary", "http://p:1", "--shadow", "http://s:1", "--warm-up-requests", "0")
                .warmUpRequestCount())
        .isZero();
    ProxyCommand negative =
        command("--primary", "http://p:1", "--shadow", "http://s:1", "--warm-up-requests", "-5");
    assertThatThrownBy(negative::warmUpRequestCount)
        .isInstanceOf(UsageException.class)
        .hasMessage("--warm-up-requests: must not be negative: -5");
  }

  // an option's description in --help, its lines joined
  private static String helpOf(String option) {
    return String.join(
        " ", new CommandLine(command()).getCommandSpec().findOption(option).description());
  }

  @Test
  void theWarmUpLineSaysWhenTheTimeRanOutBeforeTheRequests() {
    ProxyWarmUp.Result enough = new ProxyWarmUp.Result(3_007, 0, Duration.ofMillis(6_150));
    assertThat(ProxyCommand.warmUpLine(enough, 3_000, Duration.ofSeconds(10)))
        .isEqualTo(
            "warmed up: 3,007 requests in 6.2 s through a stand-in proxy and stand-in models in this"
                + " process (nothing sent upstream or recorded; --warm-up 0s skips it)");
    ProxyWarmUp.Result cut = new ProxyWarmUp.Result(1_204, 0, Duration.ofMillis(10_030));
    assertThat(ProxyCommand.warmUpLine(cut, 3_000, Duration.ofSeconds(10)))
        .endsWith(
            "; --warm-up 10s ran out before --warm-up-requests 3,000: the first callers may still wait"
                + " for the JIT (a longer --warm-up gives it time)");
    assertThat(ProxyCommand.warmUpLine(cut, 3_000, Duration.ofMillis(2_500)))
        .contains("--warm-up 2500ms ran out");
    // no count asked for: the time was the whole plan
    assertThat(ProxyCommand.warmUpLine(cut, 0, Duration.ofSeconds(10))).doesNotContain("ran out");
  }

  private static ProxyCommand command(String... args) {
    ProxyCommand command = QuietProxyCommand.create();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void flagDefaultsAreTheLibraryDefaults() {
    ProxyConfig fromCli =
        parse(Map.of(), null, "--primary", "http://p:1", "--shadow", "http://s:1");
    ProxyConfig fromLibrary = ProxyConfig.builder("http://p:1", "http://s:1").build();
    assertThat(fromCli).isEqualTo(fromLibrary);
  }

  /** Options whose documented default is a description, not a value the option takes. */
  private static final Set<String> PROSE_DEFAULTS =
      Set.of(
          "--mirror-methods",
          "--event-loops",
          "--record-queue-bytes",
          "--max-in-flight-bytes",
          "--instance-id",
          "--trace-url",
          "--labels-truth", // not a ProxyConfig setting: LiveLabelsOptionsTest checks it
          "--warm-up", // not a ProxyConfig setting: warmUpDefaultsToTenSeconds... checks it
          "--warm-up-requests"); // nor this: warmUpEndsAfterThreeThousand... checks it

  @Test
  void everyDocumentedDefaultIsTheDefault() {
    // the help texts are built from ProxyConfig.Defaults: given as a flag, each documented default
    // changes nothing
    ProxyConfig defaults =
        parse(Map.of(), null, "--primary", "http://p:1", "--shadow", "http://s:1");
    CommandSpec spec = new CommandLine(QuietProxyCommand.create()).getCommandSpec();
    Set<String> comparisonOptions =
        spec.mixins().get("comparison").options().stream()
            .map(OptionSpec::longestName)
            .collect(Collectors.toSet());
    Pattern documented = Pattern.compile("\\(default: ([^,)\\s]+)[,)]");
    List<String> checked = new ArrayList<>();
    for (OptionSpec option : spec.options()) {
      String name = option.longestName();
      Matcher m = documented.matcher(String.join(" ", option.description()));
      if (comparisonOptions.contains(name) || PROSE_DEFAULTS.contains(name) || !m.find()) {
        continue;
      }
      ProxyConfig given =
          parse(
              Map.of(),
              null,
              "--primary",
              "http://p:1",
              "--shadow",
              "http://s:1",
              name,
              m.group(1));
      assertThat(given).as(name + " " + m.group(1)).isEqualTo(defaults);
      checked.add(name);
    }
    assertThat(checked)
        .containsExactlyInAnyOrder(
            "--port",
            "--host",
            "--admin-port",
            "--admin-host",
            "--out",
            "--shadow-mode",
            "--shadow-timeout",
            "--shadow-idle-timeout",
            "--shadow-max-duration",
            "--max-in-flight",
            "--sample-rate",
            "--max-body",
            "--capture-max",
            "--primary-timeout",
            "--primary-idle-timeout",
            "--tolerance",
            "--drain-timeout",
            "--record-queue",
            "--max-connections",
            "--max-request-line",
            "--max-header-size",
            "--shed-lag",
            "--record-nice");
  }

  @Test
  void theFileSuppliesOptionsWithoutABuiltInDefault() throws Exception {
    // no option has a picocli default: a value from the file must still arrive, for every kind of
    // option
    Path file = dir.resolve("shadow.yaml");
    Files.writeString(
        file,
        """
        proxy:
          primary: http://p:1
          shadow: http://s:1
          admin-port: -1
          shadow-mode: after-primary
          shadow-timeout: 750ms
          max-body: 2MiB
          tolerance: 0.01
          insecure: true
          event-loops: 3
          max-header-size: 32KiB
          mirror-methods: [post]
          record-nice: 12
        """);
    ProxyConfig c = parse(Map.of(), file);
    assertThat(c.adminEnabled()).isFalse();
    assertThat(c.shadowMode()).isEqualTo(ShadowMode.AFTER_PRIMARY);
    assertThat(c.shadowTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(c.maxBodyBytes()).isEqualTo(2L << 20);
    assertThat(c.relativeTolerance()).isEqualTo(0.01);
    assertThat(c.insecure()).isTrue();
    assertThat(c.eventLoops()).isEqualTo(3);
    assertThat(c.maxHeaderBytes()).isEqualTo(32 * 1024);
    assertThat(c.mirrorMethods()).containsExactly("POST");
    assertThat(c.recordNice()).isEqualTo(12);
    assertThat(c.port())
        .isEqualTo(ProxyConfig.Defaults.PORT); // not in the file: the library's default
  }

  @Test
  void everyOptionReachesTheConfig() {
    ProxyConfig c =
        parse(
            Map.of(),
            null,
            "--primary",
            "https://p:8443/v1",
            "--shadow",
            "http://s:2",
            "--port",
            "7000",
            "--host",
            "127.0.0.1",
            "--admin-port",
            "-1",
            "--admin-host",
            "0.0.0.0",
            "--out",
            "o",
            "--shadow-mode",
            "after-primary",
            "--shadow-timeout",
            "750ms",
            "--max-in-flight",
            "7",
            "--sample-rate",
            "0.25",
            "--sample-key",
            "X-User",
            "--mirror-methods",
            "post,PUT",
            "--max-body",
            "2MiB",
            "--primary-timeout",
            "1m",
            "--tolerance",
            "0.01",
            "--ignore",
            "/id,/items/*/t",
            "--redact-headers",
            "X-A,X-B",
            "--admin-token",
            "tok",
            "--drain-timeout",
            "3s",
            "--record-queue",
            "99",
            "--insecure",
            "--upstream-ca",
            "ca.pem",
            "--event-loops",
            "3",
            "--max-connections",
            "50",
            "--record-nice",
            "7");
    assertThat(c.primary().ssl()).isTrue();
    assertThat(c.primary().basePath()).isEqualTo("/v1");
    assertThat(c.port()).isEqualTo(7000);
    assertThat(c.adminEnabled()).isFalse();
    assertThat(c.outDir()).isEqualTo(Path.of("o"));
    assertThat(c.shadowMode()).isEqualTo(ShadowMode.AFTER_PRIMARY);
    assertThat(c.shadowTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(c.maxInFlight()).isEqualTo(7);
    assertThat(c.sampleRate()).isEqualTo(0.25);
    assertThat(c.sampleKey()).isEqualTo("X-User");
    assertThat(c.mirrorMethods()).isEqualTo(Set.of("POST", "PUT"));
    assertThat(c.maxBodyBytes()).isEqualTo(2L << 20);
    assertThat(c.primaryTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.relativeTolerance()).isEqualTo(0.01);
    assertThat(c.ignore())
        .containsExactly(JsonPointerPattern.parse("/id"), JsonPointerPattern.parse("/items/*/t"));
    assertThat(c.redactHeaders()).containsExactly("X-A", "X-B");
    assertThat(c.adminToken()).isEqualTo("tok");
    assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.recordQueue()).isEqualTo(99);
    assertThat(c.insecure()).isTrue();
    assertThat(c.upstreamCa()).isEqualTo(Path.of("ca.pem"));
    assertThat(c.eventLoops()).isEqualTo(3);
    assertThat(c.maxConnections()).isEqualTo(50);
    assertThat(c.recordNice()).isEqualTo(7);
  }

  @Test
  void theFileConfiguresAndFlagsOverrideIt() throws Exception {
    Path file = dir.resolve("shadow.yaml");
    Files.writeString(
        file,
        """
        proxy:
          primary: http://from-file:1
          shadow: ${SHADOW_URL}
          port: 7001
          sample-rate: 0.5
          ignore: [/a, /b]
          admin-token: ${TOKEN:-fallback}
        """);
    ProxyConfig c = parse(Map.of("SHADOW_URL", "http://env-shadow:9"), file, "--port", "7002");
    assertThat(c.primary().host()).isEqualTo("from-file");
    assertThat(c.shadow().host()).isEqualTo("env-shadow");
    assertThat(c.port()).isEqualTo(7002);
    assertThat(c.sampleRate()).isEqualTo(0.5);
    assertThat(c.ignore()).hasSize(2);
    assertThat(c.adminToken()).isEqualTo("fallback");
  }

  @Test
  void theAdminTokenComesFromTheEnvironmentWhenNotGiven() {
    // ending with a line break, as a token mounted from a file does: taken without it, since no
    // caller's header could match it
    ProxyConfig c =
        parse(
            Map.of("SHADOW_ADMIN_TOKEN", "from-env\n"),
            null,
            "--primary",
            "http://p:1",
            "--shadow",
            "http://s:1");
    assertThat(c.adminToken()).isEqualTo("from-env");
  }

  @Test
  void theShippedExampleConfigIsValid() {
    Path example = Path.of("..", "examples", "shadow.yaml");
    ProxyConfig c = parse(Map.of("SHADOW_ADMIN_TOKEN", "t"), example);
    assertThat(c.mirrorMethods()).containsExactly("POST");
    CliRun run = CliRun.run(Map.of(), "proxy", "--config", example.toString(), "--port", "-5");
    assertThat(run.exitCode())
        .isEqualTo(ExitCode.USAGE); // validation passed the file, then refused the flag
    assertThat(run.errLines()).singleElement().asString().startsWith("error: --port");
  }

  @Test
  void theExamplesRedactionKeysReachTheCaptureSettings() {
    ProxyCommand command = QuietProxyCommand.create();
    CommandLine cli = new CommandLine(command);
    Path example = Path.of("..", "examples", "shadow.yaml");
    cli.setDefaultValueProvider(
        new ConfigDefaults(
            ConfigFile.load(example, Map.of(), ProxyCommandTest::noWarning), "proxy"));
    cli.parseArgs("--config", example.toString());
    var capture = command.captureSettings();
    assertThat(capture.headerRedactor().redacts("X-Tenant")).isTrue(); // proxy.redact-headers
    assertThat(capture.headerRedactor().redacts("X-Session-Sampled"))
        .isFalse(); // proxy.keep-headers
    assertThat(capture.headerRedactor().redacts("X-Customer-Ref")).isTrue(); // redact.headers
    assertThat(capture.queryRedactor().redact("tenant=a&customer_ref=b&q=c"))
        .isEqualTo("tenant=[REDACTED]&customer_ref=[REDACTED]&q=c");
  }

  @Test
  void helpDocumentsTheSecretsPolicy() {
    // picocli resolves ${NAME} in help texts from system properties, then the environment: the
    // example must stay
    // literal, or --help would print the admin token of whoever runs it
    System.setProperty("SHADOW_ADMIN_TOKEN", "t0ken-in-the-environment");
    CliRun run;
    try {
      run = CliRun.run("proxy", "--help");
    } finally {
      System.clearProperty("SHADOW_ADMIN_TOKEN");
    }
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("admin-token: ${SHADOW_ADMIN_TOKEN}")
        .doesNotContain("t0ken-in-the-environment");
    String help = run.out().replaceAll("\\s+", " ");
    assertThat(help)
        .contains(
            "--redact-headers",
            "--keep-headers",
            "--redact-query",
            "--keep-query",
            "Secrets never reach a file, a log line or an endpoint",
            "X-Goog-Api-Key",
            "api_key",
            "[REDACTED]",
            "HTTP Basic auth",
            "user:****");
  }

  @Test
  void theBannerAndTheConfigShowUpstreamUrlsWithTheirPasswordMasked() throws Exception {
    StringWriter printed = new StringWriter();
    ProxyCommand command =
        new ProxyCommand(
            new CliContext(new PrintWriter(printed), new PrintWriter(printed), Map.of(), false));
    new CommandLine(command)
        .parseArgs(
            "--primary",
            "http://puser:pr1mary-pw@127.0.0.1:1/v1",
            "--shadow",
            "http://sk-token-only@127.0.0.1:2",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--admin-port",
            "-1",
            "--out",
            dir.toString(),
            "--event-loops",
            "1");
    ProxyConfig config = command.toConfig();
    try (ShadowProxy proxy = ShadowProxy.builder(config).start()) {
      ProxyCommand.printBanner(proxy, new PrintWriter(printed, true));
    }
    assertThat(printed.toString())
        .contains("primary  http://puser:****@127.0.0.1:1/v1", "shadow   http://****@127.0.0.1:2")
        .doesNotContain("pr1mary-pw", "sk-token-only");
    assertThat(config.toString()).doesNotContain("pr1mary-pw", "sk-token-only");
  }

  @Test
  void aMalformedUpstreamUrlIsRefusedWithoutEchoingItsPassword() {
    CliRun run =
        CliRun.run("proxy", "--primary", "http://u:hunter 2@p:1", "--shadow", "http://s:1");
    assertUsageError(run, "--primary", "u:****@");
    assertThat(run.err()).doesNotContain("hunter");
  }

  // ---- bad input: one line, exit 2, naming what is wrong ----

  @Test
  void missingUpstreams() {
    assertUsageError(CliRun.run("proxy", "--shadow", "http://s:1"), "--primary");
    assertUsageError(CliRun.run("proxy", "--primary", "http://p:1"), "--shadow");
  }

  @Test
  void badValuesNameTheirFlag() {
    String[] base = {"proxy", "--primary", "http://p:1", "--shadow", "http://s:1"};
    assertUsageError(
        CliRun.run(concat(base, "--sample-rate", "1.5")), "--sample-rate", "between 0 and 1");
    assertUsageError(
        CliRun.run(concat(base, "--shadow-timeout", "5")), "--shadow-timeout", "needs a unit");
    assertUsageError(CliRun.run(concat(base, "--max-body", "lots")), "--max-body", "not a size");
    assertUsageError(CliRun.run(concat(base, "--port", "http")), "--port", "'http'");
    assertUsageError(
        CliRun.run(concat(base, "--shadow-mode", "mirror")), "--shadow-mode", "parallel");
    assertUsageError(CliRun.run(concat(base, "--ignore", "id")), "--ignore", "must start with '/'");
    assertUsageError(CliRun.run(concat(base, "--record-nice", "20")), "--record-nice", "0 to 19");
    CliRun token = CliRun.run(concat(base, "--admin-token", "tk\nQ7xZ"));
    assertUsageError(
        token, "--admin-token: the token holds a control character (0x0A, at character 3 of 7)");
    assertThat(token.err()).doesNotContain("Q7xZ");
    assertUsageError(
        CliRun.run("proxy", "--primary", "localhost:8000", "--shadow", "http://s:1"),
        "--primary",
        "http:// or https://");
  }

  @Test
  void otlpHeadersTheHttpClientWouldRefuseAreRefusedBeforeTheStartNamingNoValue() throws Exception {
    String[] base = {
      "proxy", "--primary", "http://p:1", "--shadow", "http://s:1", "--otlp-endpoint", "http://c:1"
    };
    // before, each export failed on the exporter's thread, the JDK's client printing the value
    assertUsageError(
        CliRun.run(concat(base, "--otlp-headers", "Host=collector")),
        "--otlp-headers: header 'Host' is set by the HTTP client itself");
    CliRun broken =
        runWithConfig(
            """
            proxy:
              primary: http://p:1
              shadow: http://s:1
              otlp-endpoint: http://c:1
              otlp-headers:
                x-api-key: "k3y-part\\nk3y-rest"
            """);
    assertUsageError(
        broken,
        "shadow.yaml: proxy.otlp-headers: the value of header 'x-api-key' holds a control"
            + " character (0x0A, at character 9 of 17)");
    assertThat(broken.err()).doesNotContain("k3y");
  }

  @Test
  void badConfigFilesNameTheFileAndKey() throws Exception {
    assertUsageError(
        CliRun.run("proxy", "--config", dir.resolve("nope.yaml").toString()),
        "config file not found");
    assertUsageError(
        runWithConfig("proxy:\n  sampel-rate: 0.5\n"),
        "shadow.yaml: proxy.sampel-rate: unknown key",
        "did you mean 'sample-rate'");
    assertUsageError(
        runWithConfig("proxy:\n  sample_rate: 0.5\n"),
        "shadow.yaml: proxy.sample_rate: unknown key",
        "did you mean 'sample-rate'"); // option keys were always kebab-case: no deprecated spelling
    // to accept
    assertUsageError(
        runWithConfig("proxi:\n  port: 1\n"),
        "shadow.yaml: proxi: unknown key",
        "did you mean 'proxy'");
    assertUsageError(
        runWithConfig("proxy:\n  primary: http://p:1\n  shadow: http://s:1\n  port: eighty\n"),
        "shadow.yaml: proxy.port",
        "'eighty'");
    assertUsageError(
        runWithConfig("proxy:\n  primary: http://p:1\n  shadow: http://s:1\n  sample-rate: 2\n"),
        "shadow.yaml: proxy.sample-rate",
        "between 0 and 1");
    assertUsageError(
        runWithConfig("proxy:\n  admin-token: ${NOT_SET_ANYWHERE}\n"),
        "proxy.admin-token",
        "NOT_SET_ANYWHERE is not set");
    assertUsageError(
        runWithConfig("proxy:\n  port: [1\n"), "shadow.yaml", "line", "not valid YAML");
  }

  @Test
  void aDatabaseFromTheConfigThatCannotBeOpenedNamesItsKey() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("history.db"));
    String yaml =
        "proxy:\n  primary: http://127.0.0.1:1\n  shadow: http://127.0.0.1:2\n  db: "
            + folder
            + "\n";
    CliRun run = runWithConfig(yaml);
    // it said "--db:", a flag the user never gave
    assertUsageError(run, "shadow.yaml: proxy.db: ", "it is a folder");
    assertThat(run.err()).doesNotContain("--db");
  }

  /** A proxy on loopback before models that do not answer, no admin server, no warm-up: for starts that fail. */
  private static final String[] FAILING_START = {
    "proxy",
    "--primary",
    "http://127.0.0.1:1",
    "--shadow",
    "http://127.0.0.1:2",
    "--host",
    "127.0.0.1",
    "--admin-port",
    "-1",
    "--warm-up",
    "0s"
  };

  @Test
  void aPortInUseNamesTheFlag() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      CliRun run =
          CliRun.run(
              "proxy",
              "--primary",
              "http://127.0.0.1:1",
              "--shadow",
              "http://127.0.0.1:2",
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(taken.getLocalPort()),
              "--admin-port",
              "0",
              "--out",
              dir.toString());
      assertUsageError(run, "--port", "address already in use");
    }
  }

  @Test
  void whatTheProxyListensOnAgainstWhatItTalksToIsCheckedBeforeAnythingStarts() {
    // nothing listens and nothing is written: each is one line naming its flag
    assertUsageError(
        loopbackProxy("http://127.0.0.1:1", "--port", "18081", "--admin-port", "18081"),
        "--admin-port",
        "the admin server cannot listen on the proxy's own port 18081");
    assertUsageError(
        loopbackProxy("http://localhost:18082", "--port", "18082"),
        "--primary",
        "http://localhost:18082 is this proxy's own address (--port 18082)",
        "every request would come back to the proxy");
    assertUsageError(
        loopbackProxy("http://127.0.0.1:1", "--host", "nowhere.invalid"),
        "--host",
        "no such address to listen on: nowhere.invalid");
    assertThat(dir.resolve("never")).doesNotExist();
  }

  @Test
  void everyFileTheProxyWillWriteIsCheckedBeforeItListens() throws Exception {
    Path judgeConfig = dir.resolve("judge.yaml");
    Files.writeString(
        judgeConfig, "compare:\n  judge:\n    url: http://127.0.0.1:1/v1\n    model: m\n");
    // the port is taken: a run that got as far as listening would name --port, not the file
    try (ServerSocket taken = new ServerSocket(0)) {
      for (String name :
          List.of(
              "records.jsonl",
              "regression_suite.json",
              "report.html",
              "summary.json",
              "quality.json",
              "judgements.jsonl")) {
        Path out = dir.resolve("out-" + name);
        Path target = TakenTarget.byAFolder(out, name);
        CliRun run =
            CliRun.run(
                FAILING_START,
                "--port",
                Integer.toString(taken.getLocalPort()),
                "--labels-join",
                "record-id",
                "--config",
                judgeConfig.toString(),
                "--out",
                out.toString());
        assertUsageError(run, "--out: cannot write " + target, "it is a directory");
        assertThat(target.resolve("keep.txt")).hasContent("the user's");
        try (var left = Files.list(out)) {
          assertThat(left).as("nothing written beside it").containsExactly(target);
        }
      }
    }
  }

  @Test
  void aStartThatFailsAfterTheEventLoopsExistLeavesNoneOfTheirThreads() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (ServerSocket taken = new ServerSocket(0)) {
      CliRun run =
          CliRun.run(
              FAILING_START,
              "--port",
              Integer.toString(taken.getLocalPort()),
              "--out",
              dir.toString());
      assertUsageError(run, "--port", "address already in use");
    }
    // the command has returned: a thread it started and left running would keep a JVM without
    // System.exit (an embedding, a test) alive
    List<String> left =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
            // Netty's one shared helper thread, not the proxy's: it ends by itself a second after
            // its last task
            .filter(t -> !t.getName().startsWith("globalEventExecutor"))
            .map(Thread::getName)
            .toList();
    assertThat(left).isEmpty();
  }

  @Test
  void theEventLoopsHaveAnUpperBound() throws Exception {
    String[] base = {"--primary", "http://p:1", "--shadow", "http://s:1"};
    assertThat(parse(Map.of(), null, concat(base, "--event-loops", "1024")).eventLoops())
        .isEqualTo(ProxyConfig.MAX_EVENT_LOOPS);
    assertThatThrownBy(() -> parse(Map.of(), null, concat(base, "--event-loops", "1025")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--event-loops")
        .hasMessageContaining("between 1 and 1024")
        .hasMessageContaining("1025");
    Path file = dir.resolve("shadow.yaml");
    Files.writeString(
        file, "proxy:\n  primary: http://p:1\n  shadow: http://s:1\n  event-loops: 100000\n");
    assertThatThrownBy(() -> parse(Map.of(), file))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("proxy.event-loops")
        .hasMessageContaining("100000");
  }

  @Test
  void theAdminPortIsAPortOrMinusOneForNone() {
    String[] base = {"--primary", "http://p:1", "--shadow", "http://s:1"};
    assertThat(parse(Map.of(), null, concat(base, "--admin-port", "-1")).adminEnabled()).isFalse();
    for (String bad : new String[] {"-2", "65536"}) {
      assertThatThrownBy(() -> parse(Map.of(), null, concat(base, "--admin-port", bad)))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("--admin-port")
          .hasMessageContaining("0 and 65535, or -1 to turn the admin server off")
          .hasMessageContaining(bad);
    }
  }

  @Test
  void mirrorMethodsMustNameKnownMethods() {
    String[] base = {"--primary", "http://p:1", "--shadow", "http://s:1"};
    assertThat(parse(Map.of(), null, concat(base, "--mirror-methods", "post,Put")).mirrorMethods())
        .containsExactlyInAnyOrder("POST", "PUT");
    // WebDAV's and the draft QUERY method are methods too (IANA's HTTP Method Registry)
    assertThat(
            parse(
                    Map.of(),
                    null,
                    concat(base, "--mirror-methods", "propfind,QUERY,version-control"))
                .mirrorMethods())
        .containsExactlyInAnyOrder("PROPFIND", "QUERY", "VERSION-CONTROL");
    for (String empty : new String[] {",,", "", " , "}) {
      assertThatThrownBy(() -> parse(Map.of(), null, concat(base, "--mirror-methods", empty)))
          .as("'%s'", empty)
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("--mirror-methods")
          .hasMessageContaining("no method");
    }
    assertThatThrownBy(() -> parse(Map.of(), null, concat(base, "--mirror-methods", "POST,POTS")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--mirror-methods")
        .hasMessageContaining("POTS");
    assertUsageError(
        CliRun.run(
            "proxy", "--primary", "http://p:1", "--shadow", "http://s:1", "--mirror-methods", ",,"),
        "--mirror-methods");
  }

  @Test
  void theBannerWritesIpv6AddressesInBrackets() throws Exception {
    StringWriter printed = new StringWriter();
    ProxyCommand command = QuietProxyCommand.create();
    new CommandLine(command)
        .parseArgs(
            "--primary",
            "http://127.0.0.1:1",
            "--shadow",
            "http://127.0.0.1:2",
            "--host",
            "::1",
            "--port",
            "0",
            "--admin-host",
            "::1",
            "--admin-port",
            "0",
            "--out",
            dir.toString(),
            "--event-loops",
            "1");
    try (ShadowProxy proxy = ShadowProxy.builder(command.toConfig()).start()) {
      ProxyCommand.printBanner(proxy, new PrintWriter(printed, true));
      assertThat(printed.toString())
          .contains(
              "shadow proxy listening on http://[::1]:" + proxy.port() + System.lineSeparator(),
              "admin    http://[::1]:" + proxy.adminPort() + " ");
    }
  }

  // a proxy of the given primary and a shadow that is not there, on loopback unless --host says
  // otherwise, writing to a folder that should never be made
  private CliRun loopbackProxy(String primary, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "proxy",
                "--primary",
                primary,
                "--shadow",
                "http://127.0.0.1:2",
                "--out",
                dir.resolve("never").toString()));
    if (!List.of(options).contains("--host")) {
      args.addAll(List.of("--host", "127.0.0.1"));
    }
    args.addAll(List.of(options));
    return CliRun.run(args.toArray(String[]::new));
  }

  private static void noWarning(String warning) {
    throw new AssertionError("unexpected warning: " + warning);
  }

  private CliRun runWithConfig(String yaml) throws Exception {
    Path file = dir.resolve("shadow.yaml");
    Files.writeString(file, yaml);
    return CliRun.run("proxy", "--config", file.toString());
  }

  private static void assertUsageError(CliRun run, String... fragments) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).as("exactly one line on stderr").hasSize(1);
    assertThat(run.errLines()[0])
        .startsWith("error: ")
        .contains(fragments)
        .doesNotContain("Exception");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
