package dev.shadowpipeline.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.shadowpipeline.app.shadowtest.ComparisonHistory;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.proxy.ProxyConfig;
import dev.shadowpipeline.shadow.proxy.ShadowProxy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Every form of secret the proxy meets — credential headers, credential query parameters, user:password in the
 * upstream URLs, a Set-Cookie from a model, the admin token — is planted in traffic whose answers diverge, and none
 * may show up in a file of the output folder (records, suite, summary, report, history database), a log line, the
 * command's output, or an admin endpoint. The models must still get the real values.
 */
class SecretsNeverLeakTest {

  private static final String AUTHORIZATION = "Bearer authz-s3cr3t-01";
  private static final String COOKIE = "sid=cookie-s3cr3t-02";
  private static final String AZURE_KEY = "azure-s3cr3t-03";
  private static final String GOOGLE_KEY = "goog-s3cr3t-04";
  private static final String AUTH_TOKEN = "xauth-s3cr3t-05";
  private static final String QUERY =
      "q=loan&api_key=qapi-s3cr3t-06&key=qkey-s3cr3t-07&token=qtok-s3cr3t-08"
          + "&sig=qsig-s3cr3t-09";
  private static final String PRIMARY_PASSWORD = "ppass-s3cr3t-10";
  private static final String SHADOW_PASSWORD = "spass-s3cr3t-11";
  private static final String SET_COOKIE = "session=resp-s3cr3t-12";
  private static final String ADMIN_TOKEN = "admin-s3cr3t-13";
  private static final String BAD_URL_PASSWORD = "bad-s3cr3t-14";
  private static final int REQUESTS = 6;

  private static final List<String> SECRETS =
      List.of(
          "authz-s3cr3t-01",
          "cookie-s3cr3t-02",
          AZURE_KEY,
          GOOGLE_KEY,
          AUTH_TOKEN,
          "qapi-s3cr3t-06",
          "qkey-s3cr3t-07",
          "qtok-s3cr3t-08",
          "qsig-s3cr3t-09",
          PRIMARY_PASSWORD,
          SHADOW_PASSWORD,
          "resp-s3cr3t-12",
          ADMIN_TOKEN,
          BAD_URL_PASSWORD,
          base64("puser", PRIMARY_PASSWORD),
          base64("suser", SHADOW_PASSWORD));

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;
  private Model primary;
  private Model shadow;
  private ListAppender<ILoggingEvent> logs;
  private final Map<String, Level> levelsBefore = new java.util.HashMap<>();

  /** A model on loopback that answers with a fixed label and keeps what it received. */
  private record Model(HttpServer server, ConcurrentLinkedQueue<Map<String, String>> received) {

    static Model start(String label) throws IOException {
      ConcurrentLinkedQueue<Map<String, String>> received = new ConcurrentLinkedQueue<>();
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(Executors.newFixedThreadPool(4));
      server.createContext(
          "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            received.add(
                Map.of(
                    "query",
                    String.valueOf(exchange.getRequestURI().getRawQuery()),
                    "authorization",
                    String.join("|", h.getOrDefault("Authorization", List.of())),
                    "api-key",
                    String.valueOf(h.getFirst("api-key")),
                    "x-goog-api-key",
                    String.valueOf(h.getFirst("X-Goog-Api-Key")),
                    "cookie",
                    String.valueOf(h.getFirst("Cookie"))));
            byte[] body = ("{\"label\":\"" + label + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Set-Cookie", SET_COOKIE);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return new Model(server, received);
    }

    String url(String user, String password) {
      return "http://" + user + ":" + password + "@127.0.0.1:" + server.getAddress().getPort();
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    primary = Model.start("approve");
    shadow = Model.start("reject");
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    logs = new ListAppender<>();
    logs.setContext(context);
    logs.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    // every line of every logger, down to DEBUG, also those another test in this JVM quieted (the
    // demo does)
    levelsBefore.put(org.slf4j.Logger.ROOT_LOGGER_NAME, root.getLevel());
    for (Logger logger : context.getLoggerList()) {
      if (logger.getLevel() != null) {
        levelsBefore.put(logger.getName(), logger.getLevel());
        logger.setLevel(Level.DEBUG);
      }
    }
    root.setLevel(Level.DEBUG);
  }

  @AfterEach
  void tearDown() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    levelsBefore.forEach((name, level) -> context.getLogger(name).setLevel(level));
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(logs);
    primary.server().stop(0);
    shadow.server().stop(0);
  }

  @Test
  void noSecretReachesAFileALogLineOrAnEndpoint() throws Exception {
    Path out = dir.resolve("out");
    StringWriter printed = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(printed, true), new PrintWriter(printed, true), Map.of(), false);
    ProxyCommand command = new ProxyCommand(ctx);
    new CommandLine(command)
        .parseArgs(
            "--primary",
            primary.url("puser", PRIMARY_PASSWORD),
            "--shadow",
            shadow.url("suser", SHADOW_PASSWORD),
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--admin-port",
            "0",
            "--out",
            out.toString(),
            "--admin-token",
            ADMIN_TOKEN,
            "--event-loops",
            "2");
    ProxyConfig config = command.toConfig();
    CaptureSettings capture = command.captureSettings();
    ComparisonHistory history =
        ComparisonHistory.open(
            out.resolve("history.db").toString(),
            "secrets-test",
            Duration.ofSeconds(1),
            Clock.systemUTC(),
            ctx.env());
    ShadowProxy proxy =
        ShadowProxy.builder(config)
            .capture(capture)
            .consumers(List.of(history.windows()))
            .clock(Clock.systemUTC())
            .nanoTime(System::nanoTime)
            .start();
    List<String> endpoints = new ArrayList<>();
    try {
      ProxyCommand.printBanner(proxy, ctx.out());
      HttpClient http = HttpClient.newHttpClient();
      String admin = "http://127.0.0.1:" + proxy.adminPort();

      // an operator re-points the shadow, once with a malformed URL whose password must not be
      // echoed
      HttpResponse<String> bad =
          http.send(
              put(admin, "http://suser:" + BAD_URL_PASSWORD + " x@127.0.0.1:1"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
      endpoints.add(bad.body());
      HttpResponse<String> good =
          http.send(
              put(admin, shadow.url("suser", SHADOW_PASSWORD)),
              HttpResponse.BodyHandlers.ofString());
      assertThat(good.statusCode()).isEqualTo(200);
      assertThat(good.body()).contains("suser:****@");
      endpoints.add(good.body());

      for (int i = 0; i < REQUESTS; i++) {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + proxy.port() + "/predict?" + QUERY + "&n=" + i))
                    .header("Content-Type", "application/json")
                    .header("Authorization", AUTHORIZATION)
                    .header("Cookie", COOKIE)
                    .header("api-key", AZURE_KEY)
                    .header("X-Goog-Api-Key", GOOGLE_KEY)
                    .header("X-Auth-Token", AUTH_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"applicant\":" + i + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).isEqualTo("{\"label\":\"approve\"}");
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> proxy.summary().requests() == REQUESTS);

      for (String path : List.of("/health", "/admin/shadow", "/summary", "/metrics")) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(admin + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        endpoints.add(path + " " + r.body());
      }
    } finally {
      proxy.close();
      history.close();
    }
    ProxyCommand.writeReport(proxy, ctx);

    // the models got every credential as sent, and the URL's user:password as Basic auth instead of
    // the caller's
    assertThat(primary.received())
        .hasSize(REQUESTS)
        .allSatisfy(
            r -> {
              assertThat(r.get("query")).startsWith(QUERY + "&n=");
              assertThat(r.get("authorization")).isEqualTo(basic("puser", PRIMARY_PASSWORD));
              assertThat(r.get("api-key")).isEqualTo(AZURE_KEY);
              assertThat(r.get("x-goog-api-key")).isEqualTo(GOOGLE_KEY);
              assertThat(r.get("cookie")).isEqualTo(COOKIE);
            });
    assertThat(shadow.received())
        .hasSize(REQUESTS)
        .allSatisfy(
            r -> {
              assertThat(r.get("query")).startsWith(QUERY + "&n=");
              assertThat(r.get("authorization")).isEqualTo(basic("suser", SHADOW_PASSWORD));
            });

    // what was written is there, diverging, and masked
    List<Path> files;
    try (Stream<Path> walk = Files.walk(out)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains(
            "records.jsonl", "regression_suite.json", "summary.json", "report.html", "history.db");
    JsonNode suite = MAPPER.readTree(out.resolve("regression_suite.json").toFile());
    assertThat(suite.get("entries")).hasSize(REQUESTS);
    JsonNode record = MAPPER.readTree(Files.readAllLines(out.resolve("records.jsonl")).get(0));
    assertThat(record.get("query").asText())
        .startsWith(
            "q=loan&api_key=[REDACTED]&key=[REDACTED]" + "&token=[REDACTED]&sig=[REDACTED]&n=");
    assertThat(record.at("/request/headers/x-goog-api-key").asText()).isEqualTo("[REDACTED]");
    assertThat(record.get("shadow_target").asText()).contains("suser:****@");
    assertThat(Files.readString(out.resolve("report.html"))).contains("puser:****@");

    for (Path file : files) {
      // ISO-8859-1 maps every byte to one char: a secret stored as UTF-8 text inside a binary file
      // is found too
      String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertNoSecret(file.toString(), content);
    }
    for (String body : endpoints) {
      assertNoSecret("admin endpoint", body);
    }
    assertThat(endpoints)
        .anySatisfy(body -> assertThat(body).startsWith("/health").contains("puser:****@"));
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : logs.list) {
      lines.add(
          e.getFormattedMessage()
              + (e.getThrowableProxy() == null
                  ? ""
                  : " " + ThrowableProxyUtil.asString(e.getThrowableProxy())));
    }
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("shadow proxy listening on"));
    for (String line : lines) {
      assertNoSecret("log line", line);
    }
    assertThat(printed.toString()).contains("puser:****@", "suser:****@", "Wrote ");
    assertNoSecret("command output", printed.toString());
  }

  @Test
  void regressReplaysASuiteWhoseQueryHoldsTheMaskWithTheCandidatesUrlCredentials()
      throws Exception {
    Path suite = dir.resolve("regression_suite.json");
    Files.writeString(
        suite,
        """
        {"version": 1, "entries": [{
          "key": "k1", "severity": "warning", "count": 1, "first_seen": "2026-01-01T00:00:00Z",
          "last_seen": "2026-01-01T00:00:00Z", "reasons": ["value_changed /label"],
          "method": "POST", "path": "/predict", "query": "q=loan&api_key=[REDACTED]",
          "request": {"headers": {"content-type": "application/json", "authorization": "[REDACTED]"},
                      "body_format": "json", "body": {"applicant": 1}},
          "primary": {"status": 200, "body_format": "json", "body": {"label": "approve"}},
          "shadow": {"status": 200, "body_format": "json", "body": {"label": "reject"}}
        }]}
        """);
    CliRun run =
        CliRun.run(
            "regress",
            "--suite",
            suite.toString(),
            "--model",
            shadow.url("ruser", "rpass-s3cr3t"),
            "--out",
            dir.resolve("regress").toString());
    assertThat(run.exitCode())
        .as(run.err())
        .isZero(); // ran; the divergence remains but is not critical
    assertThat(run.out()).contains("ruser:****@").doesNotContain("rpass-s3cr3t");
    assertThat(Files.readString(dir.resolve("regress/regress.json")))
        .doesNotContain("rpass-s3cr3t")
        .contains("still_diverging");
    Map<String, String> seen = shadow.received().peek();
    assertThat(seen.get("query")).isEqualTo("q=loan&api_key=%5BREDACTED%5D");
    assertThat(seen.get("authorization")).isEqualTo(basic("ruser", "rpass-s3cr3t"));
  }

  private static HttpRequest put(String admin, String url) {
    return HttpRequest.newBuilder(URI.create(admin + "/admin/shadow"))
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .PUT(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\"}"))
        .build();
  }

  private static String basic(String user, String password) {
    return "Basic " + base64(user, password);
  }

  private static String base64(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static void assertNoSecret(String where, String text) {
    for (String secret : SECRETS) {
      assertThat(text).as("%s must not contain %s", where, secret).doesNotContain(secret);
    }
  }
}
