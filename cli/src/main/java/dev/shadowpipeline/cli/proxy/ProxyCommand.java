package dev.shadowpipeline.cli.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.app.config.ByteSizes;
import dev.shadowpipeline.app.config.InputFiles;
import dev.shadowpipeline.app.shadowtest.ComparisonHistory;
import dev.shadowpipeline.app.shadowtest.ComparisonSetup;
import dev.shadowpipeline.app.shadowtest.JudgeSetup;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.Logging;
import dev.shadowpipeline.cli.OutputFolder;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.compare.ComparisonOptions;
import dev.shadowpipeline.cli.config.ByteSizeConverter;
import dev.shadowpipeline.cli.config.ConfigDefaults;
import dev.shadowpipeline.cli.config.DurationConverter;
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
import dev.shadowpipeline.fleet.sink.KafkaRecordSink;
import dev.shadowpipeline.fleet.sink.RecordSinks;
import dev.shadowpipeline.report.compare.ComparisonReport;
import dev.shadowpipeline.report.compare.TraceLink;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.judge.JudgeConfig;
import dev.shadowpipeline.shadow.judge.JudgeFeeder;
import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.judge.JudgementsFile;
import dev.shadowpipeline.shadow.judge.PairwiseJudge;
import dev.shadowpipeline.shadow.labels.JoinKey;
import dev.shadowpipeline.shadow.labels.LabelJoin;
import dev.shadowpipeline.shadow.labels.LiveQuality;
import dev.shadowpipeline.shadow.labels.PredictionStore;
import dev.shadowpipeline.shadow.labels.QualityJson;
import dev.shadowpipeline.shadow.proxy.FleetIdentity;
import dev.shadowpipeline.shadow.proxy.HostPort;
import dev.shadowpipeline.shadow.proxy.ProxyConfig;
import dev.shadowpipeline.shadow.proxy.ProxyConfig.Defaults;
import dev.shadowpipeline.shadow.proxy.ProxyStartException;
import dev.shadowpipeline.shadow.proxy.ProxyWarmUp;
import dev.shadowpipeline.shadow.proxy.ShadowMode;
import dev.shadowpipeline.shadow.proxy.ShadowProxy;
import dev.shadowpipeline.shadow.proxy.UpstreamAddress;
import dev.shadowpipeline.shadow.quality.Task;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.redact.HeaderSecrets;
import dev.shadowpipeline.shadow.redact.UrlSecrets;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.trace.OtlpExport;
import dev.shadowpipeline.shadow.trace.ProxyTracing;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shadow proxy}: serve callers from the primary, mirror to the shadow, record every pair. */
@Command(
    name = "proxy",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Fork live traffic: callers get the primary's answers, the shadow gets a copy.",
    synopsisHeading = "%nUsage: ",
    customSynopsis =
        "shadow proxy --primary URL --shadow URL [--port 8080] [--admin-port 9090] [--out DIR] "
            + "[--config FILE] [OPTIONS]",
    description = {
      "",
      "Every caller is answered by the primary model; a copy of each (sampled) request goes to the shadow model in "
          + "the background. The caller never waits for the shadow: not for its answer, not for the comparison, not "
          + "for the records. Each mirrored pair is compared (errors, JSON, or the label/score/ranking/text rules below "
          + "and in the config's 'compare:' routes) and appended to OUT/records.jsonl; diverging inputs go to "
          + "OUT/regression_suite.json; live aggregates are at GET /summary on the admin port (a live page reading them at "
          + "GET /), and OUT/report.html and OUT/summary.json are written on shutdown.",
      "",
      "With a 'compare: judge:' section in the config, pairs whose text diverged also go to a judge model (an "
          + "OpenAI-compatible chat endpoint, off the caller's path, bounded by max-calls and a queue): its verdicts "
          + "are appended to OUT/judgements.jsonl and summarized as the shadow's win rate in summary.json (llm.judge).",
      ""
    },
    footer = {
      "",
      "Every option is also a key in the 'proxy:' section of a YAML file given with --config (flags win), e.g.:",
      "  proxy:",
      "    primary: http://models:8001",
      "    sample-rate: 0.25",
      // $${ is picocli's escape: a bare ${VAR} would print the variable's value, here the admin
      // token itself
      "    admin-token: $${SHADOW_ADMIN_TOKEN}",
      "Durations take a unit (250ms, 5s, 2m); sizes a number of bytes or KiB/MiB/GiB.",
      "",
      "Secrets never reach a file, a log line or an endpoint. Credential headers (Authorization, "
          + "Proxy-Authorization, Cookie, Set-Cookie, X-Api-Key, Api-Key, X-Goog-Api-Key, X-Auth-Token, "
          + "X-Amz-Security-Token, X-Csrf-Token, ...) and query parameters (api_key, key, token, access_token, sig, "
          + "signature, password, secret, client_secret, X-Amz-Signature, X-Goog-Signature, ...), and every name "
          + "containing api-key, token, secret, password, passwd, credential, signature, session, auth or cookie, are "
          + "written as [REDACTED] in records, the suite, summaries and reports; the models still get the real "
          + "values. --redact-headers and --redact-query add names; --keep-headers and --keep-query keep a name that "
          + "only a word matched (the exact credential names are always masked).",
      "user:password@ in --primary, --shadow or --secondary is sent to that model as HTTP Basic auth, replacing the caller's "
          + "Authorization header, and is shown as user:**** in logs, /health, /admin/shadow, records and reports.",
      "",
      "Stop with Ctrl-C or SIGTERM: requests in progress finish, shadow copies get --drain-timeout, records are "
          + "flushed."
    })
public final class ProxyCommand implements Callable<Integer> {

  @Option(
      names = "--primary",
      paramLabel = "URL",
      order = 1,
      description =
          "The production model; callers get its answers (required). A path is a prefix for every request; "
              + "user:password@ is sent as Basic auth.")
  String primary;

  @Option(
      names = "--shadow",
      paramLabel = "URL",
      order = 2,
      description =
          "The candidate model; it gets a copy of each mirrored request (required). user:password@ is sent "
              + "as Basic auth.")
  String shadow;

  @Option(
      names = "--secondary",
      paramLabel = "URL",
      order = 2,
      description =
          "A second instance of the production model (the noise baseline): it gets the same copy as the shadow, at "
              + "the same moment and under the same deadlines. Differences the primary also has with itself are "
              + "classified noise and do not count against agreement, the suite or the gate (see 'Noise baseline' "
              + "in the README). user:password@ is sent as Basic auth.")
  String secondary;

  @Option(
      names = "--secondary-sample-rate",
      paramLabel = "0..1",
      order = 2,
      description =
          "Share of all requests also sent to the secondary; at most --sample-rate, since only requests mirrored to "
              + "the shadow go to it (default: every mirrored request).")
  Double secondarySampleRate;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      order = 3,
      description =
          "YAML file with a 'proxy:' section; flags override it. See examples/shadow.yaml.")
  Path config;

  // No option below has a picocli defaultValue: an option not given (on the command line or in the
  // config file) stays
  // null and the ProxyConfig builder's default applies, so ProxyConfig.Defaults is the one source
  // of the defaults and
  // the help texts are built from it.

  @Option(
      names = "--port",
      paramLabel = "PORT",
      order = 4,
      description =
          "Port callers connect to, 0-65535; 0 picks a free one (default: " + Defaults.PORT + ").")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      order = 5,
      description = "Address to listen on (default: " + Defaults.HOST + ").")
  String host;

  @Option(
      names = "--admin-port",
      paramLabel = "PORT",
      order = 6,
      description =
          "Port of the live page (/), /summary, /health, /metrics and /admin/shadow: 0-65535 (0 picks a free"
              + " one), never --port itself; -1 turns it off (default: "
              + Defaults.ADMIN_PORT
              + ").")
  Integer adminPort;

  @Option(
      names = "--admin-host",
      paramLabel = "HOST",
      order = 7,
      description =
          "Address of the admin server (default: " + Defaults.ADMIN_HOST + ", this machine only).")
  String adminHost;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      order = 8,
      description =
          "Where records.jsonl is appended (default: "
              + Defaults.OUT_DIR
              + "); tried at start, before the warm-up: a folder that cannot be written, or a file the proxy "
              + "writes there (records.jsonl, regression_suite.json, report.html, summary.json, quality.json, "
              + "judgements.jsonl) whose place is taken by a folder or that is read-only, is exit 2 at once.")
  Path out;

  @Option(
      names = "--shadow-mode",
      paramLabel = "MODE",
      order = 9,
      converter = ShadowModeConverter.class,
      // an enum has no compile-time text; ProxyCommandTest checks that this is Defaults.SHADOW_MODE
      description =
          "parallel: copy sent with the primary request; after-primary: once the primary answered (default: "
              + "parallel).")
  ShadowMode shadowMode;

  @Option(
      names = "--shadow-timeout",
      paramLabel = "DURATION",
      order = 10,
      converter = DurationConverter.class,
      description =
          "Deadline for the shadow's answer head; later is recorded as a timeout (default: "
              + Defaults.SHADOW_TIMEOUT_SECONDS
              + "s).")
  Duration shadowTimeout;

  @Option(
      names = "--shadow-idle-timeout",
      paramLabel = "DURATION",
      order = 10,
      converter = DurationConverter.class,
      description =
          "Longest gap between two chunks of the shadow's answer; longer is a timeout (default: "
              + Defaults.SHADOW_IDLE_TIMEOUT_SECONDS
              + "s).")
  Duration shadowIdleTimeout;

  @Option(
      names = "--shadow-max-duration",
      paramLabel = "DURATION",
      order = 10,
      converter = DurationConverter.class,
      description =
          "Longest a shadow copy may take in all, streaming included (default: "
              + Defaults.SHADOW_MAX_DURATION_MINUTES
              + "m).")
  Duration shadowMaxDuration;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      order = 11,
      description =
          "Most shadow requests waiting at once; more copies are dropped and counted (default: "
              + Defaults.MAX_IN_FLIGHT
              + ").")
  Integer maxInFlight;

  @Option(
      names = "--sample-rate",
      paramLabel = "0..1",
      order = 12,
      description = "Share of requests mirrored (default: " + Defaults.SAMPLE_RATE + ").")
  Double sampleRate;

  @Option(
      names = "--sample-key",
      paramLabel = "HEADER",
      order = 13,
      description =
          "Sample by this header's value (e.g. X-User-Id): the same value is always in or always out.")
  String sampleKey;

  @Option(
      names = "--mirror-methods",
      paramLabel = "METHOD",
      split = ",",
      order = 14,
      description =
          "Mirror only these methods, e.g. POST or POST,PUT: GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, TRACE,"
              + " CONNECT, QUERY or another method of IANA's registry (PROPFIND...), in any case (default: all).")
  List<String> mirrorMethods;

  @Option(
      names = "--max-body",
      paramLabel = "SIZE",
      order = 15,
      converter = ByteSizeConverter.class,
      description =
          "Largest request body; larger gets 413 and is not forwarded (default: "
              + Defaults.MAX_BODY_MIB
              + "MiB).")
  Long maxBody;

  @Option(
      names = "--capture-max",
      paramLabel = "SIZE",
      order = 15,
      converter = ByteSizeConverter.class,
      description =
          "What is kept of each body (request and answers) to compare and record; beyond it bodies are "
              + "compared by size and SHA-256 and recorded cut (default: "
              + Defaults.CAPTURE_MAX_MIB
              + "MiB).")
  Long captureMax;

  @Option(
      names = "--primary-timeout",
      paramLabel = "DURATION",
      order = 16,
      converter = DurationConverter.class,
      description =
          "Deadline for the primary's answer head once the request is sent; later gets 504 (default: "
              + Defaults.PRIMARY_TIMEOUT_SECONDS
              + "s).")
  Duration primaryTimeout;

  @Option(
      names = "--primary-idle-timeout",
      paramLabel = "DURATION",
      order = 16,
      converter = DurationConverter.class,
      description =
          "Longest gap between two chunks of the primary's answer; a longer one cuts the answer. Streams "
              + "that keep sending are never cut (default: "
              + Defaults.PRIMARY_IDLE_TIMEOUT_SECONDS
              + "s).")
  Duration primaryIdleTimeout;

  @Option(
      names = "--tolerance",
      paramLabel = "REL",
      order = 17,
      description =
          "Relative tolerance when comparing JSON numbers (default: "
              + Defaults.RELATIVE_TOLERANCE_TEXT
              + ").")
  Double tolerance;

  @Option(
      names = "--ignore",
      paramLabel = "POINTER",
      split = ",",
      order = 18,
      description = "JSON Pointers left out of the comparison, e.g. /id,/timestamp,/items/*/trace.")
  List<String> ignore;

  @Option(
      names = "--redact-headers",
      paramLabel = "HEADER",
      split = ",",
      order = 19,
      description =
          "Headers masked in records, besides the credential headers always masked (see Secrets below).")
  List<String> redactHeaders;

  @Option(
      names = "--admin-token",
      paramLabel = "TOKEN",
      order = 20,
      description =
          "Bearer token for PUT /admin/shadow and POST /labels (or env SHADOW_ADMIN_TOKEN). Without one the "
              + "admin API is read-only.")
  String adminToken;

  @Option(
      names = "--drain-timeout",
      paramLabel = "DURATION",
      order = 21,
      converter = DurationConverter.class,
      description =
          "On shutdown, how long shadow copies in flight may still take (default: "
              + Defaults.DRAIN_TIMEOUT_SECONDS
              + "s).")
  Duration drainTimeout;

  @Option(
      names = "--record-queue",
      paramLabel = "N",
      order = 22,
      description =
          "Pairs waiting to be compared and written; beyond it they are dropped and counted (default: "
              + Defaults.RECORD_QUEUE
              + ").")
  Integer recordQueue;

  @Option(
      names = "--record-queue-bytes",
      paramLabel = "SIZE",
      order = 22,
      converter = ByteSizeConverter.class,
      description =
          "Bytes of pairs waiting to be compared and written; beyond it they are dropped and counted "
              + "(default: 1/8 of the heap, 8 MiB to 1 GiB).")
  Long recordQueueBytes;

  @Option(
      names = "--max-in-flight-bytes",
      paramLabel = "SIZE",
      order = 22,
      converter = ByteSizeConverter.class,
      description =
          "Bytes held for mirrored requests in flight (request copies, captured answers); beyond it copies "
              + "are dropped and counted (default: 1/8 of the heap, 8 MiB to 1 GiB).")
  Long maxInFlightBytes;

  @Option(
      names = "--upstream-ca",
      paramLabel = "PEM",
      order = 23,
      description = "Extra CA certificates to trust for https upstreams.")
  Path upstreamCa;

  @Option(
      names = "--insecure",
      order = 24,
      description = "Accept any TLS certificate from upstreams (test setups only).")
  Boolean insecure;

  @Option(
      names = "--event-loops",
      paramLabel = "N",
      order = 25,
      description =
          "Threads serving callers, and as many again that send the copies to the shadow and the "
              + "secondary, at most "
              + ProxyConfig.MAX_EVENT_LOOPS
              + " (default: one per CPU core).")
  Integer eventLoops;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      order = 26,
      description =
          "Most pooled connections per upstream, shared out among the event loops (default: "
              + Defaults.MAX_CONNECTIONS
              + ").")
  Integer maxConnections;

  @Option(
      names = "--max-request-line",
      paramLabel = "SIZE",
      order = 27,
      converter = ByteSizeConverter.class,
      description =
          "Longest request line (method, path and query) accepted; longer gets 414 (default: "
              + Defaults.MAX_REQUEST_LINE_KIB
              + "KiB).")
  Long maxRequestLine;

  @Option(
      names = "--max-header-size",
      paramLabel = "SIZE",
      order = 28,
      converter = ByteSizeConverter.class,
      description =
          "Largest request header block accepted; larger gets 431 (default: "
              + Defaults.MAX_HEADER_KIB
              + "KiB).")
  Long maxHeaderSize;

  @Option(
      names = "--shed-lag",
      paramLabel = "DURATION",
      order = 29,
      converter = DurationConverter.class,
      description =
          "When the event loops run this late (late on 4 ticks in a row of a 10 ms timer on each), only 1 "
              + "finished pair in 10 is compared and recorded until they catch up; the others are shed and "
              + "counted (metric shadow.records.shed, drops.shed in summary.json), so recording does not take "
              + "the CPU the callers need. E.g. 20ms on a small machine (default: 0s, off: every pair is "
              + "recorded whatever the lag).")
  Duration shedLag;

  @Option(
      names = "--record-nice",
      paramLabel = "N",
      order = 29,
      description =
          "Linux nice value of the thread that compares and records pairs, 0 to 19 (default: "
              + Defaults.RECORD_NICE
              + ", the proxy's own priority: every pair recorded while the worker and the event loops can"
              + " share the cores). E.g. 10: "
              + "when the cores are short the kernel runs the event loops serving callers first, and pairs the "
              + "recording cannot keep up with are dropped and counted "
              + "(shadow_records_dropped_total{reason=\"queue_full\"}); on idle cores it runs at full speed. "
              + "Linux only.")
  Integer recordNice;

  @Option(
      names = "--warm-up",
      paramLabel = "DURATION",
      order = 30,
      converter = DurationConverter.class,
      description =
          "Before the port opens, send stand-in traffic through a stand-in proxy with the same settings to two "
              + "stand-in models in this process, so that the JIT compiles the proxy's code on it rather than on "
              + "the first callers' requests (a fresh proxy at 1,024 req/s otherwise kept a tenth of them waiting "
              + "half a second in its first seconds), until --warm-up-requests are answered or for at most this "
              + "long. Nothing reaches the models, the records or the metrics. 0s skips it (default: 10s).")
  Duration warmUp;

  @Option(
      names = "--warm-up-requests",
      paramLabel = "N",
      order = 30,
      description =
          "The warm-up ends once this many stand-in requests are answered (a slow machine takes longer to "
              + "serve them, and needs them as much); 0: no such limit, it runs for the whole --warm-up "
              + "(default: "
              + DEFAULT_WARM_UP_REQUESTS
              + ").")
  Long warmUpRequests;

  @Mixin ComparisonOptions comparison;

  @Option(
      names = "--db",
      paramLabel = "URL",
      order = 60,
      description =
          "Keep per-minute comparison aggregates in this history database (SQLite file, jdbc:postgresql://HOST/DB or "
              + "postgresql://USER:PASSWORD@HOST/DB; else credentials from SHADOW_DB_USER/SHADOW_DB_PASSWORD), "
              + "opened before the proxy starts. Several proxies may share one.")
  String db;

  @Option(
      names = "--instance-id",
      paramLabel = "NAME",
      order = 61,
      description =
          "This proxy's name in a fleet: every record carries it as instance_id, summary.json and the report count "
              + "per instance, the history database (--db) keeps its windows under it, exported spans carry it as "
              + "service.instance.id. Keep it stable across restarts (default: $HOSTNAME, else the host name, and "
              + ":PORT; nothing random).")
  String instanceId;

  @Option(
      names = "--trace-url",
      paramLabel = "TEMPLATE",
      order = 62,
      description =
          "Link each divergence in the report to its trace: a URL with {trace_id} where the trace id goes, e.g. "
              + "https://jaeger.example/trace/{trace_id} (default: the trace id is shown as text). It is written into "
              + "the report, so a user-info or a credential-named query parameter (token, key, sig, ...) is "
              + "refused.")
  String traceUrl;

  @Option(
      names = "--otlp-endpoint",
      paramLabel = "URL",
      order = 63,
      description =
          "Export the proxy's spans over OTLP/HTTP (protobuf) to this collector, e.g. http://collector:4318 "
              + "(/v1/traces is added to a URL without a path). Off by default: without it the trace context still "
              + "goes to the models and into the records, and nothing is exported. Spans are sent in batches on a "
              + "thread of their own; when the queue ("
              + ProxyTracing.DEFAULT_QUEUE_SPANS
              + " spans) is full they are dropped and counted (shadow_trace_spans_total).")
  String otlpEndpoint;

  @Option(
      names = "--otlp-headers",
      paramLabel = "NAME=VALUE",
      split = ",",
      order = 64,
      description =
          "Headers sent with every export, e.g. an API key: write them in the config file from the environment "
              + "(otlp-headers: {x-api-key: $${OTLP_API_KEY}}); their values are never printed. Whitespace "
              + "around a value (a secret file's last line break) is removed; a control character inside it "
              + "is refused before the proxy starts.")
  Map<String, String> otlpHeaders;

  @Option(
      names = "--sink",
      paramLabel = "URL",
      order = 65,
      description =
          "Also send every record to a Kafka topic, kafka://HOST:PORT[,HOST:PORT]/TOPIC (repeatable): the same "
              + "redacted line as records.jsonl, keyed by its input_key. records.jsonl is written all the same. "
              + "Callers never wait for the brokers: records they cannot take in time are dropped and counted "
              + "(/metrics, /health). Security, buffer and topic creation: the config's kafka: section.")
  List<String> sinks;

  @Option(
      names = "--labels-join",
      paramLabel = "record-id|POINTER",
      order = 70,
      description =
          "Take ground truth while running: POST /labels on the admin port (bearer token required; one JSON "
              + "object per line) joins each label with the kept prediction of the same input, by record id (the "
              + "X-Shadow-Request-Id both models saw) or by a field of the request body such as /applicant_id. "
              + "/summary then shows both models' quality, the history windows (--db) keep it, and quality.json "
              + "is written on shutdown. Each answer's label and score are read where the label and score "
              + "comparisons look, as shadow labels reads them.")
  String labelsJoin;

  @Option(
      names = "--labels-truth",
      paramLabel = "FIELD",
      order = 71,
      description =
          "The posted labels' field (or /pointer) holding the outcome (default: "
              + LabelJoin.DEFAULT_TRUTH
              + "). The join key is the field 'id' for record-id, else the pointer's last segment.")
  String labelsTruth;

  @Option(
      names = "--labels-positive",
      paramLabel = "VALUE",
      order = 72,
      description =
          "The label of the positive class, e.g. approve; scores are read as its probability (by default true or "
              + "1 when the labels are booleans or 0/1).")
  String labelsPositive;

  @Option(
      names = "--labels-truth-positive",
      paramLabel = "VALUE",
      order = 73,
      description =
          "The outcome that means the positive class when the truth is written differently from the labels, "
              + "e.g. true for a 'repaid' field when the positive label is approve (by default --labels-positive).")
  String labelsTruthPositive;

  @Option(
      names = "--labels-task",
      paramLabel = "classification|regression",
      order = 74,
      description =
          "What the models predict (by default classification when the records carry labels, regression when "
              + "they carry a score only).")
  String labelsTask;

  @Option(
      names = "--labels-max-bytes",
      paramLabel = "SIZE",
      order = 75,
      converter = ByteSizeConverter.class,
      description =
          "Memory for the predictions kept for labels to come (about 200 bytes each plus their text); beyond it "
              + "the oldest are evicted and counted, and their labels count as unmatched. The labelled pairs get as "
              + "much again (by default 1/16 of the heap, 4 MiB to 256 MiB).")
  Long labelsMaxBytes;

  @Spec CommandSpec spec;

  private final CliContext ctx;

  ProxyCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws InterruptedException {
    ProxyConfig config = toConfig();
    Duration warmUpFor = warmUpDuration();
    long warmUpRequestCount = warmUpRequestCount();
    CaptureSettings capture = captureSettings();
    LiveQuality labels = liveLabels();
    String instance = instanceId(config);
    TraceLink traces = traceLink();
    URI otlp = otlpUrl();
    Map<String, String> exportHeaders = otlpHeaders();
    // before the database is created, the 10 s warm-up and the ports: found only when the proxy
    // opened its records, these made the user wait for an error known from the start
    OutputFolder.checkWritable(source("--out"), config.outDir());
    if (config.upstreamCa() != null) {
      InputFiles.requireFile(
          source("--upstream-ca"), config.upstreamCa(), "a PEM file of CA certificates");
    }
    // the judge's settings too: a mistake in them is found before the database is created
    JudgeConfig judgeConfig = JudgeSetup.fromFile(this.config, ctx.env(), ctx::warn);
    // every file it will write, before it listens: report.html or summary.json in a folder's place
    // was found only on shutdown, when the run's report was lost
    OutputFolder.checkFiles(
        source("--out"), config.outDir(), outputFiles(labels != null, judgeConfig != null));
    ComparisonHistory history =
        db == null
            ? null
            : ComparisonHistory.open(
                db,
                source("--db"),
                instance,
                // a record comes late by the shadow's time and, with the semantic model, by
                // its max-wait: a window waits for both
                config.shadowTimeout().plusSeconds(10).plus(capture.comparator().longestDelay()),
                Clock.systemUTC(),
                ctx.env(),
                labels);
    PairwiseJudge judge;
    try {
      judge = startJudge(judgeConfig, config);
    } catch (RuntimeException e) {
      discard(history);
      throw e;
    }
    List<KafkaRecordSink> kafkaSinks;
    try {
      kafkaSinks = startSinks();
    } catch (RuntimeException e) {
      if (judge != null) {
        judge.close(Duration.ZERO);
      }
      discard(history);
      throw e;
    }
    List<RecordConsumer> consumers = new ArrayList<>(kafkaSinks);
    if (history != null) {
      consumers.add(history.windows());
    }
    if (judge != null) {
      // on the record worker, never waiting: pairs that do not fit the judge's queue are skipped
      // and counted;
      // closing the records drains the judge for up to its timeout
      consumers.add(JudgeFeeder.live(judge, judgeConfig.timeout()));
    }
    warmUp(config, capture, warmUpFor, warmUpRequestCount);
    ShadowProxy proxy;
    try {
      ShadowProxy.Builder builder =
          ShadowProxy.builder(config)
              .capture(capture)
              .consumers(consumers)
              .clock(Clock.systemUTC())
              .nanoTime(System::nanoTime)
              .instanceId(instance);
      if (otlp != null) {
        builder.tracing(
            ProxyTracing.exporting(
                OtlpExport.http(otlp, exportHeaders, OTLP_TIMEOUT),
                instance,
                ProxyTracing.DEFAULT_QUEUE_SPANS,
                OTLP_BATCH_DELAY));
      }
      if (labels != null) {
        builder.labels(labels);
      }
      if (judge != null) {
        builder.judge(judge::summary);
      }
      proxy = builder.start();
    } catch (ProxyStartException e) {
      String option =
          switch (e.setting()) {
            case PORT -> "--port";
            case ADMIN_PORT -> "--admin-port";
            case OUT_DIR -> "--out";
            case UPSTREAM_CA -> "--upstream-ca";
            case OTHER -> null;
          };
      discard(history); // a database this run created and wrote nothing to is removed again
      if (judge != null) {
        judge.close(Duration.ZERO);
      }
      kafkaSinks.forEach(KafkaRecordSink::abandon);
      throw new UsageException(
          option == null ? e.getMessage() : source(option) + ": " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  proxy.close();
                  if (history != null) {
                    history.close(); // after the records: the last windows are handed on when the
                    // record worker closes
                  }
                  writeReport(proxy, ctx, judge == null ? null : judge.summary(), traces);
                  stopped.countDown();
                },
                "shadow-shutdown"));
    if (judge != null) {
      judge.bindTo(proxy.meterRegistry());
    }
    printBanner(proxy, ctx.out());
    if (otlp != null) {
      ctx.out()
          .printf(
              "  traces   OTLP %s  (spans of every request, batched; dropped and counted when the "
                  + "collector falls behind)%n",
              OtlpExport.describe(otlp, exportHeaders));
    }
    for (KafkaRecordSink sink : kafkaSinks) {
      ctx.out()
          .printf(
              "  sink     %s  (every record too; at most %s not yet acknowledged, then dropped and"
                  + " counted; its state on /health)%n",
              sink.address(), ByteSizes.format(sink.bufferLimitBytes()));
    }
    if (judge != null) {
      ctx.out()
          .printf(
              "  judge    %s, model %s  (diverged text pairs, at most %d calls, %d at once; %s)%n",
              UrlSecrets.maskAll(judgeConfig.url().toString()),
              judgeConfig.model(),
              judgeConfig.maxCalls(),
              judgeConfig.concurrency(),
              config.outDir().resolve(JudgementsFile.FILE));
    }
    stopped.await();
    return ExitCode.OK;
  }

  /** The files the proxy writes into its output folder, with these options. */
  static List<String> outputFiles(boolean labels, boolean judge) {
    List<String> files = new ArrayList<>();
    files.add(ShadowProxy.RECORDS_FILE);
    files.add(RegressionSuite.FILE);
    files.addAll(ComparisonReport.FILES);
    if (labels) {
      files.add(QualityJson.FILE);
    }
    if (judge) {
      files.add(JudgementsFile.FILE);
    }
    return files;
  }

  // the sinks beside records.jsonl: started before the proxy, connecting in the background, so
  // that a broker that is away does not keep the proxy from serving
  private List<KafkaRecordSink> startSinks() {
    if (sinks == null || sinks.isEmpty()) {
      return List.of();
    }
    try {
      return RecordSinks.start(
          nonBlank(sinks),
          KafkaSettings.fromFile(config, ctx.env(), ctx::warn),
          KafkaRecordSink.Mode.LIVE);
    } catch (IllegalArgumentException e) {
      throw new UsageException(source("--sink") + ": " + e.getMessage());
    }
  }

  private static void discard(ComparisonHistory history) {
    if (history != null) {
      history.discard();
    }
  }

  private static final Duration OTLP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration OTLP_BATCH_DELAY = Duration.ofSeconds(1);

  // the flag, or a stable default: $HOSTNAME (a pod's name) or the host name, and the port
  private String instanceId(ProxyConfig config) {
    if (instanceId == null) {
      return FleetIdentity.defaultInstanceId(ctx.env(), config.port());
    }
    try {
      return FleetIdentity.check(instanceId);
    } catch (IllegalArgumentException e) {
      throw new UsageException(source("--instance-id") + ": " + e.getMessage());
    }
  }

  private TraceLink traceLink() {
    if (traceUrl == null) {
      return null;
    }
    try {
      return new TraceLink(traceUrl);
    } catch (IllegalArgumentException e) {
      throw new UsageException(source("--trace-url") + ": " + e.getMessage());
    }
  }

  private URI otlpUrl() {
    if (otlpEndpoint == null) {
      if (otlpHeaders != null && !otlpHeaders.isEmpty()) {
        throw new UsageException(
            source("--otlp-headers")
                + " needs --otlp-endpoint URL (or 'otlp-endpoint:' in the config)");
      }
      return null;
    }
    try {
      return OtlpExport.tracesUrl(otlpEndpoint);
    } catch (IllegalArgumentException e) {
      throw new UsageException(source("--otlp-endpoint") + ": " + e.getMessage());
    }
  }

  // checked before anything starts: the HTTP client refuses a bad header only when it exports, on
  // its own thread, printing the value
  private Map<String, String> otlpHeaders() {
    if (otlpHeaders == null) {
      return Map.of();
    }
    try {
      return HeaderSecrets.headers(source("--otlp-headers"), otlpHeaders);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The comparison rules: the flags, then the config file's 'compare:' and 'redact:' sections. */
  CaptureSettings captureSettings() {
    return ComparisonSetup.build(
        comparison.toRules(),
        config,
        tolerance != null ? tolerance : Defaults.RELATIVE_TOLERANCE,
        ignore,
        redactHeaders,
        ctx.env(),
        ctx::warn);
  }

  /**
   * The live labels these options describe, or {@code null} without {@code --labels-join}; a bad value is reported
   * naming its flag or config key.
   */
  LiveQuality liveLabels() {
    if (labelsJoin == null) {
      for (String[] other :
          new String[][] {
            {"--labels-truth", labelsTruth},
            {"--labels-positive", labelsPositive},
            {"--labels-truth-positive", labelsTruthPositive},
            {"--labels-task", labelsTask},
            {"--labels-max-bytes", labelsMaxBytes == null ? null : labelsMaxBytes.toString()}
          }) {
        if (other[1] != null) {
          throw new UsageException(
              source(other[0])
                  + " needs --labels-join (record-id, or a request field such as /applicant_id)");
        }
      }
      return null;
    }
    LabelJoin j = labelsSetting("--labels-join", () -> LabelJoin.of(JoinKey.parse(labelsJoin)));
    if (labelsTruth != null) {
      LabelJoin base = j;
      j = labelsSetting("--labels-truth", () -> base.withTruth(labelsTruth));
    }
    if (labelsPositive != null) {
      LabelJoin base = j;
      j = labelsSetting("--labels-positive", () -> base.withPositive(labelsPositive));
    }
    if (labelsTruthPositive != null) {
      LabelJoin base = j;
      j =
          labelsSetting(
              "--labels-truth-positive", () -> base.withTruthPositive(labelsTruthPositive));
    }
    if (labelsTask != null) {
      LabelJoin base = j;
      j = labelsSetting("--labels-task", () -> base.withTask(Task.fromKey(labelsTask)));
    }
    long maxBytes = labelsMaxBytes != null ? labelsMaxBytes : PredictionStore.defaultMaxBytes();
    if (maxBytes < 1) {
      throw new UsageException(
          source("--labels-max-bytes") + " must be at least 1 byte: " + maxBytes);
    }
    return LiveQuality.of(j, maxBytes);
  }

  private LabelJoin labelsSetting(String option, java.util.function.Supplier<LabelJoin> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new UsageException(source(option) + ": " + e.getMessage());
    }
  }

  // on the way out, the aggregates of the whole run become report.html and summary.json beside the
  // records, with the quality against the labels posted while it ran
  static void writeReport(ShadowProxy proxy, CliContext ctx) {
    writeReport(proxy, ctx, null, null);
  }

  // the judge is started before the proxy, so that a judgements file that cannot be opened stops
  // the start
  private PairwiseJudge startJudge(JudgeConfig judgeConfig, ProxyConfig config) {
    if (judgeConfig == null) {
      return null;
    }
    try {
      java.nio.file.Files.createDirectories(config.outDir());
      return PairwiseJudge.start(judgeConfig, config.outDir(), System::nanoTime);
    } catch (java.io.IOException e) {
      throw new UsageException(
          source("--out")
              + ": cannot write "
              + config.outDir().resolve(JudgementsFile.FILE)
              + ": "
              + OutputFolder.reason(e),
          e);
    }
  }

  /**
   * Writes the report and summary of the run, with the judge's verdicts when a judge ran, and the divergences linked
   * to their traces when there is a template.
   */
  static void writeReport(ShadowProxy proxy, CliContext ctx, JudgeSummary judge, TraceLink traces) {
    try {
      ComparisonSummary summary = proxy.summary();
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode quality = null;
      try {
        quality = proxy.quality();
      } catch (IllegalArgumentException e) {
        ctx.err().println("warning: no quality in the report: " + e.getMessage());
      }
      ComparisonReport.write(
          proxy.config().outDir(),
          "shadow proxy in front of " + proxy.config().primary(),
          summary,
          Gate.evaluate(summary, GateCriteria.DEFAULTS),
          quality,
          judge,
          traces,
          mapper);
      ctx.out()
          .printf(
              "Wrote %s and %s%n",
              proxy.config().outDir().resolve(ComparisonReport.FILE),
              proxy.config().outDir().resolve("summary.json"));
      ctx.out().flush();
    } catch (java.io.IOException | RuntimeException e) {
      ctx.err().println("error: could not write the report: " + e.getMessage());
      ctx.err().flush();
    }
  }

  /** The default of {@code --warm-up}: the longest a warm-up may take. */
  static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(10);

  /** The default of {@code --warm-up-requests}. */
  static final long DEFAULT_WARM_UP_REQUESTS = 3_000;

  /** Stand-in requests that end the warm-up: {@code --warm-up-requests}, or its default. */
  long warmUpRequestCount() {
    long n = warmUpRequests != null ? warmUpRequests : DEFAULT_WARM_UP_REQUESTS;
    if (n < 0) {
      throw new UsageException(source("--warm-up-requests") + ": must not be negative: " + n);
    }
    return n;
  }

  /** How long the warm-up runs: {@code --warm-up}, or its default. */
  Duration warmUpDuration() {
    Duration duration = warmUp != null ? warmUp : DEFAULT_WARM_UP;
    if (duration.isNegative()) {
      throw new UsageException(source("--warm-up") + ": must not be negative: " + duration);
    }
    return duration;
  }

  // the rehearsal before the port opens; its failure is reported and the real start goes on
  private void warmUp(
      ProxyConfig config, CaptureSettings capture, Duration duration, long requests) {
    if (duration.isZero()) {
      return;
    }
    ProxyWarmUp.Result result;
    // the stand-in proxy's own start and stop lines would read as this proxy's
    Logging.Quieted quieted = Logging.quietFor("dev.shadowpipeline.shadow.proxy");
    try {
      result = ProxyWarmUp.run(config, capture, duration, requests);
    } catch (ProxyStartException | RuntimeException e) {
      ctx.warn("warm-up skipped: " + e.getMessage());
      return;
    } finally {
      quieted.close();
    }
    ctx.out().println(warmUpLine(result, requests, duration));
  }

  /**
   * What the warm-up did, in one line; when its time ran out before its requests, what that means and how to give it
   * longer.
   */
  static String warmUpLine(ProxyWarmUp.Result result, long requests, Duration limit) {
    String line =
        String.format(
            Locale.ROOT,
            "warmed up: %,d requests in %.1f s through a stand-in proxy and stand-in models in this process"
                + " (nothing sent upstream or recorded; --warm-up 0s skips it)",
            result.requests(),
            result.took().toMillis() / 1000.0);
    if (requests > 0 && result.requests() < requests) {
      line +=
          String.format(
              Locale.ROOT,
              "; --warm-up %s ran out before --warm-up-requests %,d: the first callers may still wait for"
                  + " the JIT (a longer --warm-up gives it time)",
              human(limit),
              requests);
    }
    return line;
  }

  // the upstreams print through UpstreamAddress.toString, which masks a URL's password
  static void printBanner(ShadowProxy proxy, java.io.PrintWriter out) {
    ProxyConfig c = proxy.config();
    out.printf("shadow proxy listening on http://%s%n", HostPort.of(c.host(), proxy.port()));
    out.printf("  instance %s  (instance_id of its records)%n", proxy.instanceId());
    out.printf("  primary  %s  (callers get its answers)%n", c.primary());
    out.printf(
        "  shadow   %s  (%s of requests mirrored, %s)%n",
        c.shadow(),
        c.sampleRate() >= 1 ? "all" : Math.round(c.sampleRate() * 1000) / 10.0 + "%",
        c.shadowMode() == ShadowMode.PARALLEL ? "in parallel" : "after the primary");
    if (c.hasSecondary()) {
      double share =
          Double.isNaN(c.secondarySampleRate()) ? c.sampleRate() : c.secondarySampleRate();
      out.printf(
          "  secondary %s  (noise baseline: the same copy as the shadow, %s of requests)%n",
          c.secondary(), share >= 1 ? "all" : Math.round(share * 1000) / 10.0 + "%");
    }
    if (proxy.adminPort() >= 0) {
      out.printf(
          "  admin    http://%s  /health /metrics /admin/shadow (%s)%n",
          HostPort.of(c.adminHost(), proxy.adminPort()),
          c.adminToken() == null ? "read-only" : "changes need the bearer token");
    }
    LiveQuality labels = proxy.liveQuality();
    if (labels != null && proxy.adminPort() >= 0) {
      out.printf(
          "  labels   POST http://%s/labels  (JSONL joined by %s, field '%s'; %s)%n",
          HostPort.of(c.adminHost(), proxy.adminPort()),
          labels.join().key().describe(),
          labels.join().labelKey(),
          c.adminToken() == null ? "refused: no admin token" : "needs the bearer token");
    }
    out.printf(
        "  records  %s  (+ regression_suite.json; report.html and summary.json on shutdown)%n",
        proxy.recordsFile());

    out.printf(
        "Stop with Ctrl-C or SIGTERM; shadow copies in flight get %s to finish.%n",
        human(c.drainTimeout()));
    out.flush();
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** The proxy configuration these options describe; every bad value is reported naming its flag or config key. */
  ProxyConfig toConfig() {
    if (primary == null) {
      throw new UsageException(
          "the primary model's URL is required: --primary URL (or 'primary:' in the config)");
    }
    if (shadow == null) {
      throw new UsageException(
          "the shadow model's URL is required: --shadow URL (or 'shadow:' in the config)");
    }
    ProxyConfig.Builder b = ProxyConfig.builder();
    set("--primary", primary, b::primary);
    set("--shadow", shadow, b::shadow);
    set("--secondary", secondary, b::secondary);
    set("--secondary-sample-rate", secondarySampleRate, b::secondarySampleRate);
    checkSecondaryRate();
    set("--port", port, b::port);
    set("--host", host, b::host);
    set("--admin-port", adminPort, b::adminPort);
    set("--admin-host", adminHost, b::adminHost);
    set("--out", out, b::outDir);
    set("--shadow-mode", shadowMode, b::shadowMode);
    set("--shadow-timeout", shadowTimeout, b::shadowTimeout);
    set("--max-in-flight", maxInFlight, b::maxInFlight);
    set("--sample-rate", sampleRate, b::sampleRate);
    set("--sample-key", sampleKey, b::sampleKey);
    set("--mirror-methods", mirrorMethods, v -> b.mirrorMethods(new LinkedHashSet<>(methods(v))));
    set("--max-body", maxBody, b::maxBodyBytes);
    set("--primary-timeout", primaryTimeout, b::primaryTimeout);
    set("--tolerance", tolerance, b::relativeTolerance);
    set(
        "--ignore",
        ignore,
        v -> b.ignore(nonBlank(v).stream().map(JsonPointerPattern::parse).toList()));
    set("--redact-headers", redactHeaders, v -> b.redactHeaders(nonBlank(v)));
    set(
        "--admin-token",
        adminToken != null ? adminToken : ctx.env().get("SHADOW_ADMIN_TOKEN"),
        // compared with what callers send in a header, which cannot end with a line break: a
        // token mounted from a file would refuse every change
        v -> b.adminToken(HeaderSecrets.value("the token", v)));
    set("--drain-timeout", drainTimeout, b::drainTimeout);
    set("--record-queue", recordQueue, b::recordQueue);
    set("--upstream-ca", upstreamCa, b::upstreamCa);
    set("--insecure", insecure, b::insecure);
    set("--event-loops", eventLoops, b::eventLoops);
    set("--max-connections", maxConnections, b::maxConnections);
    set("--shadow-idle-timeout", shadowIdleTimeout, b::shadowIdleTimeout);
    set("--shadow-max-duration", shadowMaxDuration, b::shadowMaxDuration);
    set("--primary-idle-timeout", primaryIdleTimeout, b::primaryIdleTimeout);
    set("--capture-max", captureMax, b::captureMaxBytes);
    set("--record-queue-bytes", recordQueueBytes, b::recordQueueBytes);
    set("--max-in-flight-bytes", maxInFlightBytes, b::inFlightBytes);
    set(
        "--max-request-line",
        maxRequestLine,
        v -> b.maxRequestLineBytes((int) Math.min(Integer.MAX_VALUE, v)));
    set(
        "--max-header-size",
        maxHeaderSize,
        v -> b.maxHeaderBytes((int) Math.min(Integer.MAX_VALUE, v)));
    set("--shed-lag", shedLag, b::shedLag);
    set("--record-nice", recordNice, b::recordNice);
    ProxyConfig built = b.build();
    listenable("--host", built.host());
    if (built.adminEnabled()) {
      listenable("--admin-host", built.adminHost());
    }
    // told now, not after the warm-up: the same conflict on "any free port" is found when listening
    String conflict = built.adminPortConflict(built.port());
    if (conflict != null) {
      throw new UsageException(source("--admin-port") + ": " + conflict);
    }
    String itself = built.upstreamOnItself();
    if (itself != null) {
      UpstreamAddress upstream =
          switch (itself) {
            case "primary" -> built.primary();
            case "shadow" -> built.shadow();
            default -> built.secondary();
          };
      throw new UsageException(
          source("--" + itself)
              + ": "
              + upstream.url()
              + " is this proxy's own address (--port "
              + built.port()
              + "): every request would come back to the proxy; give the model's own address");
    }
    return built;
  }

  // an address to listen on that does not resolve is the address's fault, not the port's
  private void listenable(String option, String host) {
    try {
      InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new UsageException(source(option) + ": no such address to listen on: " + host);
    }
  }

  // only requests mirrored to the shadow go to the secondary: its share of all requests cannot be
  // larger than the shadow's, and it means nothing without a secondary
  private void checkSecondaryRate() {
    if (secondarySampleRate == null) {
      return;
    }
    if (secondary == null) {
      throw new UsageException(
          source("--secondary-sample-rate")
              + " needs a secondary: --secondary URL (or 'secondary:' in the config)");
    }
    double shadowRate = sampleRate != null ? sampleRate : Defaults.SAMPLE_RATE;
    if (secondarySampleRate > shadowRate) {
      throw new UsageException(
          source("--secondary-sample-rate")
              + " ("
              + secondarySampleRate
              + ") must not be above "
              + source("--sample-rate")
              + " ("
              + shadowRate
              + "): only requests mirrored to the shadow go to the secondary");
    }
  }

  // a value not given (null) leaves the builder's default
  private <T> void set(String option, T value, Consumer<T> setter) {
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException(source(option) + ": " + e.getMessage());
    }
  }

  // names the flag, or the config key when the value came from the file
  private String source(String option) {
    return ConfigDefaults.where(spec, option);
  }

  // given, the list must name a method: an empty one (",,") would otherwise mean "every method",
  // the opposite of a restriction
  private List<String> methods(List<String> given) {
    List<String> named = nonBlank(given);
    if (named.isEmpty()) {
      throw new UsageException(
          source("--mirror-methods")
              + " names no method: give one or more, e.g. POST or POST,PUT (leave it out to mirror every"
              + " method)");
    }
    return named;
  }

  private static List<String> nonBlank(List<String> values) {
    List<String> kept = new ArrayList<>();
    if (values != null) {
      for (String v : values) {
        if (!v.isBlank()) {
          kept.add(v.trim());
        }
      }
    }
    return kept;
  }
}
