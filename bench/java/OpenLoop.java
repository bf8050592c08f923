// Open-loop, constant-throughput HTTP/1.1 load for bench/proxy-overhead.sh, corrected for coordinated omission
// the way wrk2 does it: every request has an intended send time on a fixed schedule (RATE requests per second spread
// evenly over CONNS keep-alive connections), and its latency is measured from that intended time, not from when it
// was actually sent. A server that stalls for 100 ms therefore shows every request that should have gone out during
// the stall as late, instead of the one request a closed-loop generator (hey -q) would have waited on.
//
// Run with the runnable jar on the class path (HdrHistogram comes from it; this program is not part of the product):
//   java -cp cli/target/shadow.jar bench/java/OpenLoop.java --url http://127.0.0.1:8080/predict \
//     --rate 1024 --connections 64 --duration 20s --warmup 5s [--body FILE] [--content-type application/json]
//
// Prints a human-readable block and, last, one machine-readable line:
//   RESULT p50_ms=.. p90_ms=.. p99_ms=.. p999_ms=.. max_ms=.. rate=.. requests=.. errors=.. unsent=..
// One blocking socket and one thread per connection: at the rates this bench uses (~1,000 req/s) a thread that sleeps
// until its next intended time costs next to nothing, and it keeps the HTTP handling obvious. Errors (connect
// failures, non-2xx answers, closed or broken connections, answers slower than --timeout) are counted; the
// connection is reopened and the schedule goes on.
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

public final class OpenLoop {

  record Options(
      URI url,
      double rate,
      int connections,
      long durationNanos,
      long warmupNanos,
      byte[] body,
      String contentType,
      int timeoutMillis) {}

  public static void main(String[] args) throws Exception {
    Options options = parse(args);
    byte[] request = requestBytes(options);
    long intervalNanos = Math.round(options.connections() * 1e9 / options.rate());
    // Everyone starts on the same clock; connection i is offset by i/rate so the sends are spread evenly.
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    long measureFrom = start + options.warmupNanos();
    long end = measureFrom + options.durationNanos();
    List<Connection> connections = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < options.connections(); i++) {
      long first = start + Math.round(i * 1e9 / options.rate());
      Connection c = new Connection(options, request, first, intervalNanos, measureFrom, end);
      connections.add(c);
      Thread t = new Thread(c, "open-loop-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    // answers still outstanding at the end get up to the timeout; the threads are daemons
    long deadline = end + TimeUnit.MILLISECONDS.toNanos(options.timeoutMillis() + 1000L);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
    long requests = 0;
    long errors = 0;
    long unsent = 0;
    for (Connection c : connections) {
      synchronized (c) {
        all.add(c.histogram);
        requests += c.completed;
        errors += c.errors;
        unsent += c.unsent;
      }
    }
    double seconds = options.durationNanos() / 1e9;
    double achieved = requests / seconds;
    System.out.printf(
        Locale.ROOT,
        "open loop: %s, %.0f req/s intended over %d connections, %.1f s measured after %.1f s warm-up%n",
        options.url(),
        options.rate(),
        options.connections(),
        seconds,
        options.warmupNanos() / 1e9);
    System.out.printf(
        Locale.ROOT,
        "latency from intended send time (ms): p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
        at(all, 50),
        at(all, 90),
        at(all, 99),
        at(all, 99.9),
        at(all, 100));
    System.out.printf(
        Locale.ROOT,
        "achieved %.1f req/s, %d answered, %d errors, %d never sent (their connection was still waiting"
            + " for an earlier answer when the run ended)%n",
        achieved,
        requests,
        errors,
        unsent);
    System.out.printf(
        Locale.ROOT,
        "RESULT p50_ms=%s p90_ms=%s p99_ms=%s p999_ms=%s max_ms=%s rate=%.1f requests=%d errors=%d"
            + " unsent=%d%n",
        at(all, 50),
        at(all, 90),
        at(all, 99),
        at(all, 99.9),
        at(all, 100),
        achieved,
        requests,
        errors,
        unsent);
  }

  /** A percentile in milliseconds, or "n/a" when no request was answered in the measured window. */
  static String at(Histogram h, double percentile) {
    if (h.getTotalCount() == 0) {
      return "n/a";
    }
    long nanos = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  /** One keep-alive connection on its own schedule: one request per interval, never more than one in flight. */
  static final class Connection implements Runnable {
    final Options options;
    final byte[] request;
    final long first;
    final long interval;
    final long measureFrom;
    final long end;
    final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
    long completed;
    long errors;
    long unsent;
    Socket socket;
    InputStream in;
    OutputStream out;

    Connection(Options options, byte[] request, long first, long interval, long measureFrom, long end) {
      this.options = options;
      this.request = request;
      this.first = first;
      this.interval = interval;
      this.measureFrom = measureFrom;
      this.end = end;
    }

    @Override
    public void run() {
      for (long intended = first; intended < end; intended += interval) {
        if (System.nanoTime() >= end) {
          // the run is over while this connection still owes sends (a server slower than the schedule):
          // counted, not sent; their latency would be at least the time left, which nobody measured
          long owed = 0;
          for (long t = intended; t < end; t += interval) {
            owed += t >= measureFrom ? 1 : 0;
          }
          synchronized (this) {
            unsent += owed;
          }
          break;
        }
        long wait = intended - System.nanoTime();
        while (wait > 0) {
          LockSupport.parkNanos(wait);
          wait = intended - System.nanoTime();
        }
        boolean ok;
        try {
          ok = exchange();
        } catch (IOException e) {
          ok = false;
          close();
        }
        long latency = System.nanoTime() - intended;
        if (intended >= measureFrom) {
          synchronized (this) {
            if (ok) {
              histogram.recordValue(Math.min(latency, histogram.getHighestTrackableValue()));
              completed++;
            } else {
              errors++;
            }
          }
        }
      }
      close();
    }

    private boolean exchange() throws IOException {
      if (socket == null) {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(
            new InetSocketAddress(options.url().getHost(), port(options.url())), options.timeoutMillis());
        socket.setSoTimeout(options.timeoutMillis());
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
      }
      out.write(request);
      out.flush();
      try {
        return readAnswer();
      } catch (SocketTimeoutException e) {
        close();
        return false;
      }
    }

    /** Reads one HTTP/1.1 answer (Content-Length or chunked); true for a 2xx status. */
    private boolean readAnswer() throws IOException {
      String status = line();
      if (status == null || !status.startsWith("HTTP/1.")) {
        throw new IOException("no HTTP answer: " + status);
      }
      int code = Integer.parseInt(status.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean closeAfter = false;
      for (String header = line(); header != null && !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> closeAfter = value.equalsIgnoreCase("close");
          default -> {}
        }
      }
      if (chunked) {
        while (true) {
          String size = line();
          if (size == null) {
            throw new IOException("chunked answer cut short");
          }
          int semi = size.indexOf(';');
          long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
          if (n == 0) {
            for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {}
            break;
          }
          skip(n);
          line();
        }
      } else if (length >= 0) {
        skip(length);
      } else {
        closeAfter = true; // an answer ended by closing the connection
        while (in.read() >= 0) {}
      }
      if (closeAfter) {
        close();
      }
      return code >= 200 && code < 300;
    }

    private void skip(long n) throws IOException {
      while (n > 0) {
        long skipped = in.skip(n);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("answer body cut short");
          }
          skipped = 1;
        }
        n -= skipped;
      }
    }

    private String line() throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          int n = buf.size();
          byte[] bytes = buf.toByteArray();
          return new String(bytes, 0, n > 0 && bytes[n - 1] == '\r' ? n - 1 : n, StandardCharsets.ISO_8859_1);
        }
        buf.write(b);
      }
      return null;
    }

    private void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing a broken connection; the next request opens a new one
        }
      }
      socket = null;
      in = null;
      out = null;
    }
  }

  static int port(URI url) {
    return url.getPort() > 0 ? url.getPort() : 80;
  }

  static byte[] requestBytes(Options options) {
    URI url = options.url();
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    String method = options.body() == null ? "GET" : "POST";
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(url.getHost()).append(':').append(port(url)).append("\r\n");
    if (options.body() != null) {
      head.append("Content-Type: ").append(options.contentType()).append("\r\n");
      head.append("Content-Length: ").append(options.body().length).append("\r\n");
    }
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] b = options.body() == null ? new byte[0] : options.body();
    byte[] all = new byte[h.length + b.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(b, 0, all, h.length, b.length);
    return all;
  }

  static Options parse(String[] args) throws IOException {
    URI url = null;
    double rate = 1024;
    int connections = 64;
    long duration = TimeUnit.SECONDS.toNanos(20);
    long warmup = TimeUnit.SECONDS.toNanos(5);
    byte[] body = null;
    String contentType = "application/json";
    int timeout = 10_000;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--url" -> url = URI.create(value);
        case "--rate" -> rate = Double.parseDouble(value);
        case "--connections" -> connections = Integer.parseInt(value);
        case "--duration" -> duration = nanos(value);
        case "--warmup" -> warmup = nanos(value);
        case "--body" -> body = Files.readAllBytes(Path.of(value));
        case "--content-type" -> contentType = value;
        case "--timeout" -> timeout = (int) TimeUnit.NANOSECONDS.toMillis(nanos(value));
        default -> usage("unknown option " + args[i]);
      }
      i++;
    }
    if (url == null || !"http".equals(url.getScheme())) {
      usage("--url http://HOST:PORT/PATH is required");
    }
    if (rate <= 0 || connections <= 0 || duration <= 0 || warmup < 0) {
      usage("--rate, --connections and --duration must be positive, --warmup not negative");
    }
    return new Options(url, rate, connections, duration, warmup, body, contentType, timeout);
  }

  /** "20s", "500ms", "2m" or plain seconds. */
  static long nanos(String text) {
    if (text == null) {
      usage("a duration is missing");
    }
    if (text.endsWith("ms")) {
      return TimeUnit.MILLISECONDS.toNanos(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    if (text.endsWith("s")) {
      return Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1e9);
    }
    if (text.endsWith("m")) {
      return TimeUnit.MINUTES.toNanos(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    return Math.round(Double.parseDouble(text) * 1e9);
  }

  static void usage(String message) {
    System.err.println("OpenLoop: " + message);
    System.err.println(
        "usage: OpenLoop --url URL [--rate REQ_PER_S] [--connections N] [--duration 20s] [--warmup 5s]"
            + " [--body FILE] [--content-type TYPE] [--timeout 10s]");
    System.exit(2);
  }
}
