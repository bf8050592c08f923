package dev.shadowpipeline.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
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
    assertThat(log).contains("shadow proxy listening on").contains("proxy stopped");
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
