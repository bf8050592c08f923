// Soak load for bench/soak.sh: two model servers and a steady mix of callers against a running `shadow proxy`,
// sampling the proxy's heap after each GC, its RSS and its metrics, and writing bench/results/soak.md.
// JDK only, run as a single-file program:
//   java bench/java/Soak.java PROXY_PORT ADMIN_PORT PRIMARY_PORT SHADOW_PORT PROXY_PID GC_LOG RESULTS MINUTES PHASE_S
// The shadow cycles through phases: healthy, slow (2 s per answer), resetting (closes every connection unanswered).
// Traffic per second: 40 small JSON calls, 6 answers of 100 KB-2 MB (distinct, diverging), 1 SSE stream of 5 s,
// and 4 small calls straight to the primary (no proxy) as the control for the callers' latency.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Soak {

  enum Phase { HEALTHY, SLOW, RESETTING }

  static final int MAX_BODY = 2 * 1024 * 1024;
  static final byte[] PAD_A = filled('a');
  static final byte[] PAD_B = filled('b');
  static final AtomicReference<Phase> PHASE = new AtomicReference<>(Phase.HEALTHY);
  // latencies in microseconds per phase and kind of call
  static final Map<String, ConcurrentLinkedQueue<Long>> LATENCY = new ConcurrentHashMap<>();
  static final Map<String, AtomicLong> FAILURES = new ConcurrentHashMap<>();
  static final AtomicLong WRONG = new AtomicLong();
  static final AtomicLong SENT = new AtomicLong();

  static byte[] filled(char c) {
    byte[] b = new byte[MAX_BODY];
    Arrays.fill(b, (byte) c);
    return b;
  }

  static byte[] large(long i, byte[] pad) {
    byte[] head = ("{\"i\":" + i + ",\"pad\":\"").getBytes(StandardCharsets.US_ASCII);
    int padLength = 100 * 1024 + (int) ((i * 7_919L) % (MAX_BODY - 100 * 1024 - 64));
    byte[] out = new byte[head.length + padLength + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(pad, 0, out, head.length, padLength);
    out[out.length - 2] = '"';
    out[out.length - 1] = '}';
    return out;
  }

  public static void main(String[] args) throws Exception {
    // the JDK's server would otherwise send a small answer's head and body in two segments under Nagle's algorithm and
    // every small call would wait ~40 ms for a delayed ACK: a cost of the model stand-in, not of the proxy
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int proxyPort = Integer.parseInt(args[0]);
    int adminPort = Integer.parseInt(args[1]);
    int primaryPort = Integer.parseInt(args[2]);
    int shadowPort = Integer.parseInt(args[3]);
    long pid = Long.parseLong(args[4]);
    Path gcLog = Path.of(args[5]);
    Path results = Path.of(args[6]);
    int minutes = Integer.parseInt(args[7]);
    int phaseSeconds = Integer.parseInt(args[8]);

    HttpServer primary = model(primaryPort, false);
    HttpServer shadow = model(shadowPort, true);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .executor(Executors.newFixedThreadPool(64)).build();
    ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
    List<String> rss = new ArrayList<>();
    Instant start = Instant.now();
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
    AtomicLong seq = new AtomicLong();

    clock.scheduleAtFixedRate(() -> {
      long second = (System.nanoTime() - (end - TimeUnit.MINUTES.toNanos(minutes))) / 1_000_000_000L;
      PHASE.set(Phase.values()[(int) (second / phaseSeconds) % 3]);
    }, 0, 1, TimeUnit.SECONDS);
    clock.scheduleAtFixedRate(() -> rss.add(String.format(Locale.ROOT, "%d %d",
        Duration.between(start, Instant.now()).toSeconds(), rssKiB(pid))), 0, 10, TimeUnit.SECONDS);
    // 40 small + 6 large + 1 stream through the proxy, 4 small straight to the primary, per second, spread evenly
    clock.scheduleAtFixedRate(() -> {
      long n = seq.getAndIncrement();
      int slot = (int) (n % 51);
      if (slot < 40) {
        call(http, proxyPort, "small", "/small/" + n, "{\"applicant\":" + n + "}", n);
      } else if (slot < 46) {
        call(http, proxyPort, "large", "/large/" + n, "{\"i\":" + n + "}", n);
      } else if (slot < 47) {
        call(http, proxyPort, "sse", "/sse/" + n, "{\"stream\":true}", n);
      } else {
        call(http, primaryPort, "small direct (control)", "/small/" + n, "{\"applicant\":" + n + "}", n);
      }
    }, 0, 1_000_000 / 51, TimeUnit.MICROSECONDS);

    while (System.nanoTime() < end) {
      Thread.sleep(1_000);
    }
    clock.shutdownNow();
    Thread.sleep(15_000); // streams and slow copies in flight finish
    String metrics = get(http, "http://127.0.0.1:" + adminPort + "/metrics");
    String health = get(http, "http://127.0.0.1:" + adminPort + "/health");
    write(results, start, minutes, phaseSeconds, gcLog, rss, metrics, health);
    primary.stop(0);
    shadow.stop(0);
    System.exit(0);
  }

  static void call(HttpClient http, int port, String kind, String path, String body, long n) {
    Phase phase = PHASE.get();
    long sent = System.nanoTime();
    SENT.incrementAndGet();
    http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete((r, e) -> {
          long micros = (System.nanoTime() - sent) / 1_000;
          String key = phase.name().toLowerCase(Locale.ROOT) + " " + kind;
          if (e != null || r.statusCode() != 200) {
            FAILURES.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
            return;
          }
          if (kind.equals("large") && !Arrays.equals(r.body(), large(n, PAD_A))) {
            WRONG.incrementAndGet();
          }
          LATENCY.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(micros);
        });
  }

  static HttpServer model(int port, boolean isShadow) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
    server.setExecutor(Executors.newFixedThreadPool(128));
    server.createContext("/", (HttpExchange ex) -> {
      try (InputStream in = ex.getRequestBody()) {
        in.readAllBytes();
      }
      String path = ex.getRequestURI().getPath();
      long n = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
      Phase phase = PHASE.get();
      try {
        if (isShadow && phase == Phase.RESETTING) {
          ex.close(); // no answer at all: the connection just ends
          return;
        }
        if (isShadow && phase == Phase.SLOW) {
          Thread.sleep(2_000);
        }
        if (path.startsWith("/sse/")) {
          ex.getResponseHeaders().add("Content-Type", "text/event-stream");
          ex.sendResponseHeaders(200, 0);
          try (OutputStream o = ex.getResponseBody()) {
            for (int t = 0; t < 100; t++) {
              o.write(("data: {\"token\":" + t + ",\"side\":\"" + (isShadow ? "b" : "a") + "\"}\n\n")
                  .getBytes(StandardCharsets.US_ASCII));
              o.flush();
              Thread.sleep(50);
            }
            o.write("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
          }
          return;
        }
        byte[] body = path.startsWith("/large/") ? large(n, isShadow ? PAD_B : PAD_A)
            : ("{\"decision\":\"" + (n % 7 == 0 && isShadow ? "approve" : "reject") + "\",\"score\":0.42}")
                .getBytes(StandardCharsets.US_ASCII);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream o = ex.getResponseBody()) {
          o.write(body);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        // the proxy went away mid-answer; nothing to do
      } finally {
        ex.close();
      }
    });
    server.start();
    return server;
  }

  static long rssKiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  static String get(HttpClient http, String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return "unavailable: " + e;
    }
  }

  // "[12.345s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 100M->20M(256M) 5.1ms"
  static TreeMap<Long, long[]> heapAfterGc(Path gcLog) throws IOException {
    Pattern p = Pattern.compile("^\\[(\\d+)\\.\\d+s\\].*GC\\(\\d+\\) Pause.*?(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    TreeMap<Long, long[]> byMinute = new TreeMap<>(); // minute -> {min after, max after, count}
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        long minute = Long.parseLong(m.group(1)) / 60;
        long after = Long.parseLong(m.group(3));
        long[] s = byMinute.computeIfAbsent(minute, k -> new long[] {Long.MAX_VALUE, 0, 0});
        s[0] = Math.min(s[0], after);
        s[1] = Math.max(s[1], after);
        s[2]++;
      }
    }
    return byMinute;
  }

  static long metric(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.E+]+)$").matcher(metrics);
    long total = 0;
    while (m.find()) {
      total += (long) Double.parseDouble(m.group(2));
    }
    return total;
  }

  static String lines(String metrics, String name) {
    StringBuilder sb = new StringBuilder();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} ([0-9.E+]+)$").matcher(metrics);
    while (m.find()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(m.group(1)).append(": ")
          .append((long) Double.parseDouble(m.group(2)));
    }
    return sb.toString();
  }

  static double pct(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1000.0;
  }

  static void write(Path results, Instant start, int minutes, int phaseSeconds, Path gcLog, List<String> rss,
      String metrics, String health) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Soak: ").append(minutes).append(" minutes under -Xmx256m\n\n");
    md.append("Reproduce: `bench/soak.sh` (MINUTES=").append(minutes).append(", PHASE=").append(phaseSeconds)
        .append("s).\n\n");
    md.append("- Date: ").append(start).append('\n');
    md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
        .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
        .append("; load generator, both models and the proxy share the cores\n");
    md.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.version")).append('\n');
    md.append("- Load, per second, through the proxy: 40 small JSON calls (1 in 7 flips the decision), 6 distinct "
        + "diverging JSON answers of 100 KB-2 MB, 1 SSE stream of 100 events 50 ms apart (5 s); and, as the control in "
        + "the same run, 4 small calls straight to the primary; ")
        .append(String.format(Locale.ROOT, "%,d", SENT.get())).append(" calls in all\n");
    md.append("- The shadow cycles every ").append(phaseSeconds)
        .append(" s: healthy, slow (2 s per answer), resetting (closes every connection unanswered)\n");
    md.append("- Proxy: `shadow proxy` with -Xmx256m, every default (capture 1 MiB, in-flight and record-queue bounds "
        + "1/8 of the heap, suite 1/16)\n\n");

    md.append("## Heap after GC, per minute (MiB)\n\nFrom the proxy's GC log (`-Xlog:gc`, G1). *Lowest* is the smallest "
        + "heap left after a pause in the minute: the live set, which must not grow. *Highest* is taken after young "
        + "pauses that leave old garbage for the next mixed collection; it must stay under the 256 MiB heap.\n\n"
        + "| minute | lowest | highest | GCs |\n|---|---|---|---|\n");
    for (Map.Entry<Long, long[]> e : heapAfterGc(gcLog).entrySet()) {
      md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()[0]).append(" | ").append(e.getValue()[1])
          .append(" | ").append(e.getValue()[2]).append(" |\n");
    }
    md.append("\n## RSS of the proxy (MiB), every 10 s\n\n");
    StringBuilder rssLine = new StringBuilder();
    for (String s : rss) {
      String[] parts = s.split(" ");
      rssLine.append(rssLine.length() == 0 ? "" : ", ").append(parts[0]).append("s ")
          .append(Long.parseLong(parts[1]) / 1024);
    }
    md.append(rssLine).append("\n\n");

    md.append("## Callers, by shadow phase (ms)\n\n| phase and call | answered | p50 | p99 | failed |\n"
        + "|---|---|---|---|---|\n");
    TreeMap<String, ConcurrentLinkedQueue<Long>> sortedKeys = new TreeMap<>(LATENCY);
    for (String key : FAILURES.keySet()) {
      sortedKeys.putIfAbsent(key, new ConcurrentLinkedQueue<>());
    }
    for (Map.Entry<String, ConcurrentLinkedQueue<Long>> e : sortedKeys.entrySet()) {
      List<Long> sorted = new ArrayList<>(e.getValue());
      sorted.sort(null);
      md.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %d |%n", e.getKey(), sorted.size(),
          pct(sorted, 0.5), pct(sorted, 0.99), FAILURES.getOrDefault(e.getKey(), new AtomicLong()).get()));
    }
    md.append("\nLarge answers whose bytes differed from the primary's: ").append(WRONG.get()).append("\n\n");

    md.append("## What the proxy counted\n\n");
    md.append("- requests: ").append(lines(metrics, "shadow_requests_total")).append('\n');
    md.append("- copies mirrored: ").append(metric(metrics, "shadow_copies_mirrored_total"))
        .append("; not sent: ").append(lines(metrics, "shadow_copies_dropped_total")).append('\n');
    md.append("- shadow failures: ").append(lines(metrics, "shadow_copies_failed_total")).append('\n');
    md.append("- pairs compared (recorded): ").append(metric(metrics, "shadow_comparisons_total"))
        .append("; dropped: ").append(lines(metrics, "shadow_records_dropped_total")).append('\n');
    md.append("- record worker failures: ").append(metric(metrics, "shadow_records_worker_failures_total"))
        .append('\n');
    md.append("- /health at the end: `").append(health.trim()).append("`\n");
    Files.createDirectories(results.getParent());
    Files.writeString(results, md.toString());
    System.out.println(md);
  }
}
