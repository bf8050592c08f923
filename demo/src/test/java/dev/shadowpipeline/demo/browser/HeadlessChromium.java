package dev.shadowpipeline.demo.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol, on the JDK's own WebSocket client.
 *
 * <p>Why not Selenium: the protocol gives what these tests need directly (console messages,
 * network requests, script evaluation, screenshots) with no driver process and no dependency that
 * could break the build's dependency convergence. One browser per test class; each page is a new
 * tab.
 */
final class HeadlessChromium implements AutoCloseable {

  /** The Debian package that provides the browser; named in every "no browser" message. */
  static final String PACKAGE = "chromium";

  /** Set (to anything) where a missing browser must fail the build instead of skipping: CI. */
  static final String REQUIRE_ENV = "SHADOW_REQUIRE_BROWSER";

  /** The viewport width the pages must fit without horizontal scrolling. */
  static final int WIDTH = 1280;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();

  private HeadlessChromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /**
   * The browser to use: {@code SHADOW_CHROMIUM} when set, else the first of the usual names found
   * on {@code PATH}.
   */
  static Optional<Path> find() {
    String configured = System.getenv("SHADOW_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String name : List.of("chromium", "chromium-browser", "google-chrome", "chrome")) {
      for (String dir : path.split(Pattern.quote(java.io.File.pathSeparator), -1)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts {@code binary} headless with a throw-away profile and connects to it. */
  static HeadlessChromium start(Path binary) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("shadow-chromium");
    List<String> command =
        List.of(
            binary.toString(),
            "--headless=new",
            "--remote-debugging-port=0",
            "--user-data-dir=" + profile,
            // CI runs as root in a container, where Chromium's sandbox cannot start
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--hide-scrollbars",
            "--window-size=" + WIDTH + ",900",
            "about:blank");
    Process process =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String url = null;
    for (String line = err.readLine(); line != null; line = err.readLine()) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        url = m.group(1);
        break;
      }
      seen.append(line).append('\n');
    }
    if (url == null) {
      process.destroyForcibly();
      throw new IOException(binary + " did not open its DevTools port; it said:\n" + seen);
    }
    // keep draining stderr so the browser never blocks on a full pipe
    Thread drain =
        new Thread(
            () -> {
              try {
                while (err.readLine() != null) {
                  // discarded: Chromium's own log chatter
                }
              } catch (IOException ignored) {
                // the browser closed its end
              }
            },
            "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    HeadlessChromium[] self = new HeadlessChromium[1];
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(TIMEOUT)
            .buildAsync(URI.create(url), new Receiver(msg -> self[0].dispatch(msg)))
            .join();
    self[0] = new HeadlessChromium(process, profile, socket);
    return self[0];
  }

  /** Opens {@code file} in a new 1280 px wide tab and waits for its load event. */
  Page open(Path file) {
    return open(file.toUri().toString());
  }

  /** Opens {@code url} (a file or a loopback server's page) in a new 1280 px wide tab and waits until it loaded. */
  Page open(String url) {
    String target =
        call(null, "Target.createTarget", obj().put("url", "about:blank"))
            .path("targetId")
            .asText();
    String session =
        call(null, "Target.attachToTarget", obj().put("targetId", target).put("flatten", true))
            .path("sessionId")
            .asText();
    Page page = new Page(session);
    listeners.add(page::onEvent);
    for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
      call(session, domain + ".enable", obj());
    }
    call(
        session,
        "Emulation.setDeviceMetricsOverride",
        obj()
            .put("width", WIDTH)
            .put("height", 900)
            .put("deviceScaleFactor", 1)
            .put("mobile", false));
    call(session, "Page.navigate", obj().put("url", url));
    // polled rather than waiting for Page.loadEventFired: about:blank's own load event may arrive
    // late and be taken for the file's
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String ready =
        "location.href === " + JSON.valueToTree(url) + " && document.readyState === 'complete'";
    while (!page.eval(ready).asBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("page did not load within " + TIMEOUT + ": " + url);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while loading " + url, e);
      }
    }
    return page;
  }

  /** One tab: what it logged and requested, and ways to look at it. */
  final class Page {
    private final String session;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private Page(String session) {
      this.session = session;
    }

    private void onEvent(JsonNode msg) {
      if (!session.equals(msg.path("sessionId").asText())) {
        return;
      }
      JsonNode p = msg.path("params");
      switch (msg.path("method").asText()) {
        case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
        case "Runtime.consoleAPICalled" -> {
          String type = p.path("type").asText();
          if (type.equals("error") || type.equals("assert") || type.equals("warning")) {
            errors.add("console." + type + ": " + p.path("args"));
          }
        }
        case "Log.entryAdded" -> {
          String level = p.path("entry").path("level").asText();
          if (level.equals("error") || level.equals("warning")) {
            errors.add("log " + level + ": " + p.path("entry").path("text").asText());
          }
        }
        case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
        default -> {
          // other events are not of interest
        }
      }
    }

    /** Console errors and warnings, uncaught exceptions and browser log errors so far. */
    List<String> errors() {
      return List.copyOf(errors);
    }

    /** Every URL the page requested, the page's own file included. */
    List<String> requests() {
      return List.copyOf(requests);
    }

    /** Evaluates {@code expression} in the page and returns its value as JSON. */
    JsonNode eval(String expression) {
      JsonNode r =
          call(
              session,
              "Runtime.evaluate",
              obj()
                  .put("expression", expression)
                  .put("returnByValue", true)
                  .put("awaitPromise", true));
      if (r.has("exceptionDetails")) {
        throw new IllegalStateException(
            "script failed: " + expression + "\n" + r.path("exceptionDetails"));
      }
      return r.path("result").path("value");
    }

    /** Saves a full-page PNG screenshot to {@code png}. */
    void screenshot(Path png) throws IOException {
      JsonNode size = call(session, "Page.getLayoutMetrics", obj()).path("cssContentSize");
      ObjectNode clip =
          obj()
              .put("x", 0)
              .put("y", 0)
              .put("width", Math.max(WIDTH, size.path("width").asDouble()))
              .put("height", size.path("height").asDouble())
              .put("scale", 1);
      ObjectNode params = obj().put("format", "png").put("captureBeyondViewport", true);
      params.set("clip", clip);
      String data = call(session, "Page.captureScreenshot", params).path("data").asText();
      Files.createDirectories(png.toAbsolutePath().getParent());
      Files.write(png, Base64.getDecoder().decode(data));
    }
  }

  private static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  private JsonNode call(String session, String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    ObjectNode msg = obj().put("id", id).put("method", method);
    msg.set("params", params);
    if (session != null) {
      msg.put("sessionId", session);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      synchronized (socket) {
        socket
            .sendText(JSON.writeValueAsString(msg), true)
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
      JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IllegalStateException(method + " failed: " + reply.path("error"));
      }
      return reply.path("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(method + " got no answer", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      pending.remove(id);
    }
  }

  private void dispatch(String text) {
    JsonNode msg;
    try {
      msg = JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (msg.has("id")) {
      CompletableFuture<JsonNode> answer = pending.get(msg.path("id").asInt());
      if (answer != null) {
        answer.complete(msg);
      }
    } else {
      for (Consumer<JsonNode> l : listeners) {
        l.accept(msg);
      }
    }
  }

  /** Joins a message's fragments and hands whole messages on. */
  private static final class Receiver implements WebSocket.Listener {
    private final Consumer<String> onMessage;
    private final StringBuilder buffer = new StringBuilder();

    Receiver(Consumer<String> onMessage) {
      this.onMessage = onMessage;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String whole = buffer.toString();
        buffer.setLength(0);
        onMessage.accept(whole);
      }
      webSocket.request(1);
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the browser is being stopped anyway
    }
    // the renderer and helper processes write to the profile until they exit: wait for all of them
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    process.destroy();
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
    deleteTree(profile);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (var walk = Files.walk(dir)) {
      walk.forEach(all::add);
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      Files.deleteIfExists(all.get(i));
    }
  }
}
