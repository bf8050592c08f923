package dev.shadowpipeline.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow proxy} in its own JVM with a 256 MiB heap, fed thousands of distinct diverging JSON answers of
 * 100 KB to 2 MB (over 2 GB of answers in all, eight times the heap). It must serve every caller the primary's exact
 * bytes, keep {@code /health} up, account for every mirrored pair as recorded or dropped, and on SIGTERM write the
 * records, the suite, the summary and the report. Before the byte bounds, 800 such answers ended in
 * OutOfMemoryError on the event loops.
 */
class ProxyUnderHeapPressureTest {

  private static final int REQUESTS = 2_000;
  private static final int CONCURRENCY = 8;
  private static final int MIN_ANSWER = 100 * 1024;
  private static final int MAX_ANSWER = 2 * 1024 * 1024;
  private static final byte[] PAD_A = filled('a');
  private static final byte[] PAD_B = filled('b');
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HttpServer primary;
  private HttpServer shadow;
  @TempDir Path out;

  private static byte[] filled(char c) {
    byte[] b = new byte[MAX_ANSWER];
    Arrays.fill(b, (byte) c);
    return b;
  }

  /** The answer to request {@code i}: a JSON object with a pad whose letter tells the side, of a size set by i. */
  static byte[] answer(int i, byte[] pad) {
    byte[] head = ("{\"i\":" + i + ",\"pad\":\"").getBytes(StandardCharsets.US_ASCII);
    int padLength = MIN_ANSWER + (int) ((i * 7_919L) % (MAX_ANSWER - MIN_ANSWER - 64));
    byte[] out = new byte[head.length + padLength + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(pad, 0, out, head.length, padLength);
    out[out.length - 2] = '"';
    out[out.length - 1] = '}';
    return out;
  }

  @BeforeEach
  void startModels() throws IOException {
    primary = model(PAD_A);
    shadow = model(PAD_B);
  }

  @AfterEach
  void stopModels() {
    primary.stop(0);
    shadow.stop(0);
  }

  private static HttpServer model(byte[] pad) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext(
        "/",
        (HttpExchange exchange) -> {
          exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getPath();
          int i = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
          byte[] body = answer(i, pad);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(body);
          }
        });
    server.start();
    return server;
  }

  @Test
  void thousandsOfLargeDivergingAnswersUnderA256MiBHeap() throws Exception {
    int[] ports = FreePorts.two();
    int port = ports[0];
    int adminPort = ports[1];
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx256m",
            "-XX:+ExitOnOutOfMemoryError",
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
            Integer.toString(adminPort),
            "--out",
            out.resolve("run").toString(),
            "--drain-timeout",
            "10s");
    Path log = out.resolve("proxy.log");
    Process proxy =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> unhealthy = new ConcurrentLinkedQueue<>();
    AtomicBoolean trafficDone = new AtomicBoolean();
    String metrics;
    try {
      awaitListening(port, proxy);
      awaitListening(adminPort, proxy); // the admin server starts after the proxy's port
      Thread healthWatch =
          new Thread(() -> watchHealth(http, adminPort, trafficDone, unhealthy), "health-watch");
      healthWatch.start();
      ExecutorService callers = Executors.newFixedThreadPool(CONCURRENCY);
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        int n = i;
        sent.add(callers.submit(() -> call(http, port, n, wrong)));
      }
      for (Future<?> f : sent) {
        f.get(10, TimeUnit.MINUTES);
      }
      callers.shutdown();
      trafficDone.set(true);
      healthWatch.join(10_000);
      metrics = get(http, "http://127.0.0.1:" + adminPort + "/metrics");
      proxy.destroy(); // SIGTERM
      assertThat(proxy.waitFor(2, TimeUnit.MINUTES)).as("proxy exits after SIGTERM").isTrue();
    } finally {
      proxy.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(wrong).as("callers that did not get the primary's exact bytes").isEmpty();
    assertThat(unhealthy).as("/health answers other than 200 up").isEmpty();
    assertThat(output).doesNotContain("OutOfMemoryError").contains("proxy stopped");
    // a JVM ended by SIGTERM exits with 128 + 15 once its shutdown hook (the graceful stop) has run
    assertThat(proxy.exitValue()).as(output).isIn(0, 143);

    // every request was mirrored or dropped before mirroring, and every mirrored pair recorded or
    // dropped after
    long mirrored = counter(metrics, "shadow_copies_mirrored_total");
    long copiesDropped = sum(metrics, "shadow_copies_dropped_total");
    long recordsDropped = sum(metrics, "shadow_records_dropped_total");
    Path run = out.resolve("run");
    // records.jsonl holds up to three 1 MiB bodies a line, gigabytes in all: read line by line,
    // keep the last
    long recordCount = 0;
    String lastLine = null;
    try (java.io.BufferedReader lines = Files.newBufferedReader(run.resolve("records.jsonl"))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        recordCount++;
        lastLine = line;
      }
    }
    assertThat(mirrored + copiesDropped).isEqualTo(REQUESTS);
    assertThat(recordCount + recordsDropped).as(metrics).isEqualTo(mirrored);
    // pairs of 2 x 1 MiB captured bodies arrive faster than one worker writes them (2 MiB a line):
    // the queue's byte
    // bound drops the excess, counted, instead of growing
    assertThat(recordCount).as(metrics).isGreaterThan(REQUESTS / 10);
    JsonNode last = MAPPER.readTree(lastLine);
    assertThat(last.at("/primary/body_truncated").asBoolean()).isTrue();
    assertThat(last.at("/verdict/match").asBoolean()).isFalse();

    JsonNode suite = MAPPER.readTree(run.resolve("regression_suite.json").toFile());
    assertThat(suite.get("entries").size()).isPositive();
    JsonNode summary = MAPPER.readTree(run.resolve("summary.json").toFile());
    assertThat(summary.toString()).isNotEmpty();
    assertThat(Files.readString(run.resolve("report.html"))).contains("<html");
  }

  private static void call(HttpClient http, int port, int i, ConcurrentLinkedQueue<String> wrong) {
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict/" + i))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"applicant\":" + i + "}"))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200 || !Arrays.equals(r.body(), answer(i, PAD_A))) {
        wrong.add(
            "request " + i + ": status " + r.statusCode() + ", " + r.body().length + " bytes");
      }
    } catch (IOException | InterruptedException e) {
      wrong.add("request " + i + ": " + e);
    }
  }

  private static void watchHealth(
      HttpClient http, int adminPort, AtomicBoolean done, ConcurrentLinkedQueue<String> unhealthy) {
    while (!done.get()) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200
            || !MAPPER.readTree(r.body()).path("status").asText().equals("up")) {
          unhealthy.add(r.statusCode() + " " + r.body());
        }
        Thread.sleep(250);
      } catch (IOException e) {
        unhealthy.add(e.toString());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static long counter(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.E]+)$").matcher(metrics);
    assertThat(m.find()).as(name + " in\n" + metrics).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  private static long sum(String metrics, String name) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*\\} ([0-9.E]+)$").matcher(metrics);
    long total = 0;
    while (m.find()) {
      total += (long) Double.parseDouble(m.group(1));
    }
    return total;
  }

  private static void awaitListening(int port, Process process) throws Exception {
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
