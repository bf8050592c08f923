// The semantic comparator at overload, through a real proxy (bench/semantic-overload.sh): two stand-in chat models
// on loopback answer every request with a distinct answer-length text (~120 words; the shadow's differs in a tenth of
// its words, so no pair hits the cache), the runnable jar's `shadow proxy` runs with `compare: semantic: enabled`,
// and this program offers RATE requests/s for SECONDS (open loop), then stops the proxy with SIGTERM (its graceful
// path) and counts: pairs mirrored, records written, records lost (mirrored − written), and the semantic outcome of
// each record (measured, or why not). Run:   java -cp JAR bench/java/SemanticOverloadBench.java JAR RATE SECONDS LABEL
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SemanticOverloadBench {

  static final String[] WORDS = {
    "the", "model", "answer", "customer", "account", "balance", "payment", "refund", "order", "shipping", "delivery",
    "password", "reset", "server", "update", "restart", "weather", "today", "forecast", "loan", "application",
    "approved", "rejected", "interest", "rate", "monthly", "please", "contact", "support", "team", "within", "days",
    "because", "however", "therefore", "quickly", "carefully", "important", "recommend", "check", "settings", "page",
    "error", "message", "network", "connection", "database", "query", "result", "search", "vector", "keyword"
  };

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** Request n's answer: 120 words drawn with seed n; the shadow changes every tenth word. */
  static String answer(long n, boolean shadow) {
    Random words = new Random(n);
    Random changes = new Random(n + 1_000_000_007L);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 120; i++) {
      String w = WORDS[words.nextInt(WORDS.length)];
      if (shadow && i % 10 == 9) {
        w = WORDS[changes.nextInt(WORDS.length)];
      }
      b.append(i == 0 ? "" : " ").append(w);
      if (i % 12 == 11) {
        b.append('.');
      }
    }
    return b.append('.').toString();
  }

  static HttpServer model(boolean shadow) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          JsonNode request = MAPPER.readTree(exchange.getRequestBody());
          long n = request.path("messages").path(0).path("content").asLong();
          var body = MAPPER.createObjectNode().put("object", "chat.completion").put("model", "m");
          body.putArray("choices")
              .addObject()
              .put("index", 0)
              .putObject("message")
              .put("role", "assistant")
              .put("content", answer(n, shadow));
          byte[] bytes = MAPPER.writeValueAsBytes(body);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    return server;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String get(HttpClient http, String url) {
    try {
      HttpResponse<String> r =
          http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The sum of every sample of a metric whose name and labels start with {@code prefix}. */
  static double metric(String scrape, String prefix) {
    double sum = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(prefix)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  public static void main(String[] args) throws Exception {
    String jar = args[0];
    double rate = Double.parseDouble(args[1]);
    int seconds = Integer.parseInt(args[2]);
    String label = args[3];
    HttpServer primary = model(false);
    HttpServer shadow = model(true);
    Path dir = Files.createTempDirectory("semantic-overload");
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(
        config,
        """
        compare:
          semantic:
            enabled: true
            min: 0.8
          routes:
            - path: /v1/chat/completions
              comparators:
                - {type: text, metric: token_cosine, min: 0.5}
        """);
    int port = freePort();
    int admin = freePort();
    Path out = dir.resolve("out");
    Process proxy =
        new ProcessBuilder(
                "java", "-jar", jar, "proxy",
                "--primary", "http://127.0.0.1:" + primary.getAddress().getPort(),
                "--shadow", "http://127.0.0.1:" + shadow.getAddress().getPort(),
                "--port", String.valueOf(port),
                "--admin-port", String.valueOf(admin),
                "--out", out.toString(),
                "--config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("proxy.log").toFile())
            .start();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String adminUrl = "http://127.0.0.1:" + admin;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (get(http, adminUrl + "/health") == null) {
      if (System.nanoTime() > deadline || !proxy.isAlive()) {
        throw new IllegalStateException("the proxy did not start: see " + dir.resolve("proxy.log"));
      }
      Thread.sleep(100);
    }
    String url = "http://127.0.0.1:" + port + "/v1/chat/completions";
    AtomicLong sent = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    // one request loads the model, then the clock starts
    send(http, url, -1, answered).join();
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (metric(get(http, adminUrl + "/metrics"), "shadow_semantic_model_ready") < 1) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the model did not load");
      }
      Thread.sleep(100);
    }
    Thread.sleep(1000);
    String before = get(http, adminUrl + "/metrics");
    long intervalNanos = (long) (1e9 / rate);
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    List<java.util.concurrent.CompletableFuture<Void>> calls = new java.util.ArrayList<>();
    for (long next = start, n = 0; next < end; next += intervalNanos, n++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      sent.incrementAndGet();
      calls.add(send(http, url, n, answered));
    }
    for (var c : calls) {
      c.join();
    }
    double loadSeconds = (System.nanoTime() - start) / 1e9;
    Thread.sleep(2000); // the last shadow answers reach the record queue
    String after = get(http, adminUrl + "/metrics");
    long writtenAtEnd = lines(out.resolve("records.jsonl"));
    double measuredDuringLoad =
        metric(after, "shadow_semantic_pairs_total{outcome=\"measured\"")
            - metric(before, "shadow_semantic_pairs_total{outcome=\"measured\"");
    double droppedDuringLoad = metric(after, "shadow_records_dropped_total");
    long stopStart = System.nanoTime();
    proxy.destroy(); // SIGTERM: the graceful stop
    if (!proxy.waitFor(120, TimeUnit.SECONDS)) {
      proxy.destroyForcibly();
    }
    double stopSeconds = (System.nanoTime() - stopStart) / 1e9;
    primary.stop(0);
    shadow.stop(0);
    double mirrored = metric(after, "shadow_copies_mirrored_total");
    Map<String, Long> outcomes = new TreeMap<>();
    long written = 0;
    for (String line : Files.readAllLines(out.resolve("records.jsonl"), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      written++;
      Matcher m = SEMANTIC.matcher(line);
      String outcome = "none";
      if (m.find()) {
        Matcher u = UNMEASURED.matcher(m.group());
        outcome = u.find() ? u.group(1) : "measured";
      }
      outcomes.merge(outcome, 1L, Long::sum);
    }
    System.out.printf(
        Locale.ROOT,
        "overload\t%s\trate=%.0f/s\tseconds=%d\tsent=%d\tanswered=%d\tmirrored=%.0f\t"
            + "written_by_end_of_load=%d\tdropped_by_end_of_load=%.0f\twritten=%d\tlost=%.0f\t"
            + "measured_during_load=%.0f (%.1f pairs/s)\tsemantic=%s\tstop=%.1f s%n",
        label, rate, seconds, sent.get(), answered.get(), mirrored, writtenAtEnd,
        droppedDuringLoad, written, mirrored - written, measuredDuringLoad,
        measuredDuringLoad / loadSeconds, outcomes, stopSeconds);
    System.exit(0); // the models' and the client's threads would keep the JVM alive
  }

  // the warm-up pair is mirrored and written too: it is in mirrored, written and the outcomes alike
  static final Pattern SEMANTIC =
      Pattern.compile("\\{[^{}]*\"metric\":\"semantic_cosine\"[^{}]*\\}");
  static final Pattern UNMEASURED = Pattern.compile("\"unmeasured\":\"([a-z_]+)\"");

  static long lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (var s = Files.lines(file)) {
      return s.filter(l -> !l.isBlank()).count();
    }
  }

  static java.util.concurrent.CompletableFuture<Void> send(
      HttpClient http, String url, long n, AtomicLong answered) {
    String body =
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + n + "\"}]}";
    return http.sendAsync(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .handle(
            (r, e) -> {
              if (e == null && r.statusCode() == 200) {
                answered.incrementAndGet();
              }
              return null;
            });
  }
}
