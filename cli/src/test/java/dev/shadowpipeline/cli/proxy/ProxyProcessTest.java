package dev.shadowpipeline.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.shadowpipeline.store.ComparisonWindow;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.WindowQuality;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow proxy} as a real process: started from the command line, stopped with SIGTERM while shadow copies
 * are still in flight. Every record must be on disk afterwards.
 */
class ProxyProcessTest {

  private HttpServer primary;
  private HttpServer shadow;
  @TempDir Path out;

  @BeforeEach
  void startModels() throws IOException {
    primary = model(0);
    shadow = model(600); // slower than the time between the last request and SIGTERM
  }

  @AfterEach
  void stopModels() {
    primary.stop(0);
    shadow.stop(0);
  }

  private static HttpServer model(long delayMillis) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(32));
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  @Test
  void sigtermDrainsShadowCopiesAndFlushesEveryRecord() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.shadowpipeline.cli.ShadowCli",
                "proxy",
                "--primary",
                "http://127.0.0.1:" + primary.getAddress().getPort(),
                "--shadow",
                "http://127.0.0.1:" + shadow.getAddress().getPort(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--admin-port",
                "-1",
                "--out",
                out.toString(),
                "--drain-timeout",
                "10s"));
    Process proxy =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("proxy.log").toFile())
            .start();
    try {
      awaitListening(port, proxy);
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/p"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"i\":" + i + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).isEqualTo("{\"i\":" + i + "}");
      }
      proxy.destroy(); // SIGTERM
      assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).as("proxy exits after SIGTERM").isTrue();
    } finally {
      proxy.destroyForcibly();
    }
    String log = Files.readString(out.resolve("proxy.log"));
    // the warm-up ran before the port opened, on stand-ins: none of its requests is in the records
    // (exactly the 20 below), and its stand-in proxy's own start and stop lines are not in the log
    assertThat(log).contains("shadow proxy listening on").contains("warmed up: ");
    assertThat(log).containsOnlyOnce("event loops on").containsOnlyOnce("proxy stopped");
    assertThat(log.indexOf("warmed up: ")).isLessThan(log.indexOf("event loops on"));
    if (System.getProperty("os.name").equals("Linux")
        && List.of("amd64", "aarch64").contains(System.getProperty("os.arch"))) {
      // Netty's native transport ships for these two: the event loops must be on it, not NIO
      assertThat(log).contains("event loops on epoll");
    }
    ObjectMapper mapper = new ObjectMapper();
    List<String> lines = Files.readAllLines(out.resolve("records.jsonl"), StandardCharsets.UTF_8);
    assertThat(lines).as(log).hasSize(20);
    for (String line : lines) {
      JsonNode r = mapper.readTree(line);
      assertThat(r.at("/shadow/status").asInt()).isEqualTo(200);
      // the answers agree; a slow shadow copy may add an info-level latency divergence, which is
      // not disagreement
      assertThat(r.at("/verdict/severity").asText("info")).isEqualTo("info");
    }
  }

  // a loan model answering {"decision": ...} for the body {"i": n}
  static HttpServer decisionModel(java.util.function.IntPredicate approves) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          JsonNode request = new ObjectMapper().readTree(exchange.getRequestBody());
          byte[] body =
              ("{\"decision\":\""
                      + (approves.test(request.get("i").asInt()) ? "approve" : "reject")
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  @Test
  void labelsPostedWhileRunningAreInQualityJsonTheSummaryAndTheHistoryAfterSigterm()
      throws Exception {
    // the outcome is approve for even i; the primary approves i < 10, the shadow every even i
    // but 4: on 0..19 the primary is right 10 times, the shadow 19 times
    HttpServer labelledPrimary = decisionModel(i -> i < 10);
    HttpServer labelledShadow = decisionModel(i -> i % 2 == 0 && i != 4);
    int[] ports = FreePorts.two();
    int port = ports[0];
    int adminPort = ports[1];
    Path db = out.resolve("history.db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "dev.shadowpipeline.cli.ShadowCli",
            "proxy",
            "--primary",
            "http://127.0.0.1:" + labelledPrimary.getAddress().getPort(),
            "--shadow",
            "http://127.0.0.1:" + labelledShadow.getAddress().getPort(),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--admin-port",
            Integer.toString(adminPort),
            "--out",
            out.toString(),
            "--label",
            "/decision",
            "--labels-join",
            "/i",
            "--labels-truth",
            "outcome",
            "--labels-positive",
            "approve",
            "--db",
            db.toString(),
            "--instance-id",
            "labelled");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("proxy.log").toFile());
    builder.environment().put("SHADOW_ADMIN_TOKEN", "process-token");
    Process proxy = builder.start();
    ObjectMapper mapper = new ObjectMapper();
    try {
      awaitListening(port, proxy);
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 20; i++) {
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"i\":" + i + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
      }
      String admin = "http://127.0.0.1:" + adminPort;
      awaitSummary(http, admin, s -> s.path("requests").asInt() == 20);
      StringBuilder labels = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        labels
            .append("{\"i\":")
            .append(i)
            .append(",\"outcome\":\"")
            .append(i % 2 == 0 ? "approve" : "reject")
            .append("\"}\n");
      }
      HttpResponse<String> posted =
          http.send(
              HttpRequest.newBuilder(URI.create(admin + "/labels"))
                  .header("Authorization", "Bearer process-token")
                  .POST(HttpRequest.BodyPublishers.ofString(labels.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
      assertThat(mapper.readTree(posted.body()).get("matched").asInt()).isEqualTo(20);
      // the window written at shutdown takes the quality last computed: wait for it
      awaitSummary(
          http,
          admin,
          s -> s.path("quality").isObject() && s.path("quality_labels_pending").asInt(-1) == 0);
      proxy.destroy(); // SIGTERM
      assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).as("proxy exits after SIGTERM").isTrue();
    } finally {
      proxy.destroyForcibly();
      labelledPrimary.stop(0);
      labelledShadow.stop(0);
    }
    String log = Files.readString(out.resolve("proxy.log"));
    assertThat(log).contains("POST http://127.0.0.1:" + adminPort + "/labels");
    JsonNode quality = mapper.readTree(out.resolve("quality.json").toFile());
    assertThat(quality.get("n_joined").asInt()).as(log).isEqualTo(20);
    assertThat(quality.at("/primary/accuracy").asDouble()).isEqualTo(10 / 20.0);
    assertThat(quality.at("/shadow/accuracy").asDouble()).isEqualTo(19 / 20.0);
    // only the shadow right: odd i < 10 and even i >= 10; only the primary: i = 4
    assertThat(quality.at("/paired/discordant/shadow_right").asInt()).isEqualTo(10);
    assertThat(quality.at("/paired/discordant/primary_right").asInt()).isEqualTo(1);
    JsonNode summary = mapper.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.at("/quality/n_joined").asInt()).isEqualTo(20);
    try (Store store = Store.open(db.toString())) {
      List<ComparisonWindow> windows =
          store.windows(Instant.EPOCH, Instant.now().plusSeconds(3600));
      assertThat(windows).as(log).isNotEmpty();
      WindowQuality last = windows.get(windows.size() - 1).quality();
      assertThat(last).isNotNull();
      assertThat(last.labelledPairs()).isEqualTo(20);
      assertThat(last.primaryAccuracy()).isEqualTo(0.5);
      assertThat(last.shadowAccuracy()).isEqualTo(0.95);
      assertThat(last.mcnemarP()).isEqualTo(quality.at("/paired/mcnemar_p").asDouble());
      assertThat(last.primaryMae()).isNaN();
    }
  }

  static void awaitSummary(
      HttpClient http, String admin, java.util.function.Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last =
          new ObjectMapper()
              .readTree(
                  http.send(
                          HttpRequest.newBuilder(URI.create(admin + "/summary")).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body());
      if (done.test(last)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("/summary never got there: " + last);
  }

  static void awaitListening(int port, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("proxy exited early with code " + process.exitValue());
      }
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("proxy did not listen on " + port + " within 30 s");
  }
}
