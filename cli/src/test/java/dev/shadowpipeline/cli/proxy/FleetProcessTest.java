package dev.shadowpipeline.cli.proxy;

import static dev.shadowpipeline.cli.proxy.ProxyProcessTest.awaitListening;
import static dev.shadowpipeline.cli.proxy.ProxyProcessTest.awaitSummary;
import static dev.shadowpipeline.cli.proxy.ProxyProcessTest.decisionModel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow proxy} as one replica of a fleet, a real process configured from a file: its default instance id
 * comes from {@code HOSTNAME}, its spans go to an OTLP/HTTP collector on loopback with an API key taken from the
 * environment (sent, never printed), the caller's trace ids reach the records, and the report it writes on SIGTERM
 * links each divergence to its trace and shows its own drops.
 */
class FleetProcessTest {

  @TempDir Path out;

  @Test
  void aReplicaNamesItselfTracesItsRequestsAndLinksItsDivergences() throws Exception {
    // the shadow flips every odd input
    HttpServer primary = decisionModel(i -> true);
    HttpServer shadow = decisionModel(i -> i % 2 == 0);
    ConcurrentLinkedQueue<String> apiKeys = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> contentTypes = new ConcurrentLinkedQueue<>();
    ByteArrayOutputStream exported = new ByteArrayOutputStream();
    HttpServer collector =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          apiKeys.add(String.valueOf(exchange.getRequestHeaders().getFirst("x-api-key")));
          contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
          synchronized (exported) {
            exported.write(body);
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    int[] ports = FreePorts.two();
    int port = ports[0];
    int adminPort = ports[1];
    Path config = out.resolve("shadow.yaml");
    Files.writeString(
        config,
        "proxy:\n"
            + "  otlp-endpoint: http://127.0.0.1:"
            + collector.getAddress().getPort()
            + "\n"
            + "  otlp-headers:\n"
            + "    x-api-key: ${OTLP_API_KEY}\n"
            + "  trace-url: https://jaeger.example/trace/{trace_id}\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.shadowpipeline.cli.ShadowCli",
                    "proxy",
                    "--config",
                    config.toString(),
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
                    out.toString(),
                    "--label",
                    "/decision"))
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("proxy.log").toFile());
    builder.environment().put("HOSTNAME", "pod-7");
    // with the line break a secret mounted from a file (kubectl create secret --from-file) ends
    // with: sent without it. Before, every export failed, the JDK's client printing the value
    builder.environment().put("OTLP_API_KEY", "s3cret-otlp-key\n");
    Process proxy = builder.start();
    String instance = "pod-7:" + port;
    ObjectMapper mapper = new ObjectMapper();
    try {
      awaitListening(port, proxy);
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 10; i++) {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                    .header("traceparent", "00-" + traceId(i) + "-00f067aa0ba902b7-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"i\":" + i + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
      }
      String admin = "http://127.0.0.1:" + adminPort;
      // /summary shows the local proxy's row, with its drops: known here, unlike in a report from
      // records
      awaitSummary(http, admin, s -> s.path("requests").asInt() == 10);
      JsonNode live =
          mapper.readTree(
              http.send(
                      HttpRequest.newBuilder(URI.create(admin + "/summary")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      JsonNode row = live.path("instances").get(0);
      assertThat(live.path("instances")).hasSize(1);
      assertThat(row.path("instance_id").asText()).isEqualTo(instance);
      assertThat(row.path("pairs").asInt()).isEqualTo(10);
      assertThat(row.path("matches").asInt()).isEqualTo(5);
      assertThat(row.at("/drops/copies").asLong()).isZero();
      assertThat(row.at("/drops/records").asLong()).isZero();
      proxy.destroy(); // SIGTERM
      assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).as("proxy exits after SIGTERM").isTrue();
    } finally {
      proxy.destroyForcibly();
      primary.stop(0);
      shadow.stop(0);
      collector.stop(0);
    }
    String log = Files.readString(out.resolve("proxy.log"));
    assertThat(log)
        .contains("instance " + instance)
        .contains(
            "traces   OTLP http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces")
        .contains("(headers x-api-key)")
        .doesNotContain("s3cret-otlp-key");

    List<String> lines = Files.readAllLines(out.resolve("records.jsonl"), StandardCharsets.UTF_8);
    assertThat(lines).as(log).hasSize(10);
    for (String line : lines) {
      JsonNode r = mapper.readTree(line);
      int i = r.at("/request/body/i").asInt();
      assertThat(r.path("instance_id").asText()).isEqualTo(instance);
      assertThat(r.path("trace_id").asText()).isEqualTo(traceId(i));
    }
    JsonNode summary = mapper.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.at("/instances/0/instance_id").asText()).isEqualTo(instance);
    assertThat(summary.at("/instances/0/drops/copies").isNumber()).isTrue();
    String report = Files.readString(out.resolve("report.html"));
    for (int i = 1; i < 10; i += 2) {
      assertThat(report).contains("href=\"https://jaeger.example/trace/" + traceId(i) + "\"");
    }

    // three spans a request, each in the caller's trace, all sent with the key from the environment
    assertThat(apiKeys).isNotEmpty().allMatch("s3cret-otlp-key"::equals);
    assertThat(contentTypes).allMatch(t -> t.startsWith("application/x-protobuf"));
    byte[] spans;
    synchronized (exported) {
      spans = exported.toByteArray();
    }
    for (int i = 0; i < 10; i++) {
      assertThat(occurrences(spans, HexFormat.of().parseHex(traceId(i))))
          .as("spans of trace " + traceId(i))
          .isGreaterThanOrEqualTo(3);
    }
  }

  private static String traceId(int i) {
    return String.format("%032x", 0x4bf92f3577b34da6L + i);
  }

  private static int occurrences(byte[] haystack, byte[] needle) {
    int n = 0;
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      n++;
    }
    return n;
  }
}
