package dev.shadowpipeline.cli.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.shadowpipeline.cli.CliRun;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare.embeddings} in the config: text comparisons gain the embedding cosine from an OpenAI-compatible
 * endpoint — here a loopback server — with the key from the environment, sent as a bearer token and never written.
 */
class EmbeddingConfigTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path dir;
  private HttpServer models;
  private HttpServer embeddings;
  private final AtomicInteger embeddingCalls = new AtomicInteger();
  private final List<String> authorizations = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    models = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    models.createContext(
        "/primary/v1/chat/completions", ex -> answer(ex, "The fee is 25 dollars."));
    models.createContext(
        "/shadow/v1/chat/completions", ex -> answer(ex, "It costs twenty-five dollars."));
    models.start();
    embeddings = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    embeddings.createContext(
        "/v1/embeddings",
        ex -> {
          embeddingCalls.incrementAndGet();
          synchronized (authorizations) {
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
          }
          JsonNode request = MAPPER.readTree(ex.getRequestBody());
          ObjectNode response = MAPPER.createObjectNode();
          ArrayNode data = response.putArray("data");
          int i = 0;
          for (JsonNode text : request.get("input")) {
            // two fixed directions: the texts about "fee" vs the others; cosine of (1,0) and
            // (0.8,0.6) is 0.8
            ArrayNode vector = data.addObject().put("index", i++).putArray("embedding");
            if (text.asText().contains("fee")) {
              vector.add(1.0).add(0.0);
            } else {
              vector.add(0.8).add(0.6);
            }
          }
          byte[] body = MAPPER.writeValueAsBytes(response);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    embeddings.start();
  }

  private static void answer(com.sun.net.httpserver.HttpExchange ex, String content)
      throws java.io.IOException {
    ex.getRequestBody().readAllBytes();
    byte[] body =
        ("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"}}]}")
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  @AfterEach
  void stop() {
    models.stop(0);
    embeddings.stop(0);
  }

  @Test
  void textComparisonsGainTheEmbeddingCosine() throws Exception {
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "compare:",
            "  embeddings:",
            "    url: http://127.0.0.1:" + embeddings.getAddress().getPort(),
            "    key: ${EMBEDDING_KEY}",
            "    min: 0.9",
            "  routes:",
            "    - path: /v1/chat/*",
            "      comparators:",
            "        - {type: text, min: 0.0}",
            ""));
    Path input = dir.resolve("prompts.jsonl");
    Files.write(
        input,
        List.of(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"wire fee?\"}]}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"wire fee?\"}]}"));
    String base = "http://127.0.0.1:" + models.getAddress().getPort();
    CliRun run =
        CliRun.run(
            Map.of("EMBEDDING_KEY", "sk-test-secret"),
            "replay",
            "--input",
            input.toString(),
            "--primary",
            base + "/primary",
            "--shadow",
            base + "/shadow",
            "--path",
            "/v1/chat/completions",
            "--config",
            config.toString(),
            "--out",
            dir.resolve("out").toString(),
            "--concurrency",
            "1");
    assertThat(run.exitCode()).as(run.err()).isZero();

    List<String> lines = Files.readAllLines(dir.resolve("out/records.jsonl"));
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      JsonNode verdict = MAPPER.readTree(line).get("verdict");
      JsonNode cosine = null;
      for (JsonNode o : verdict.get("observations")) {
        if (o.get("metric").asText().equals("embedding_cosine")) {
          cosine = o.get("value");
        }
      }
      assertThat(cosine).as(line).isNotNull();
      assertThat(cosine.asDouble()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(verdict.get("differences").findValuesAsText("kind")).contains("text_similarity");
    }
    assertThat(embeddingCalls.get()).as("the second pair's texts come from the cache").isEqualTo(1);
    assertThat(authorizations).containsOnly("Bearer sk-test-secret");
    for (Path written : List.of(dir.resolve("out/records.jsonl"), dir.resolve("out/report.html"))) {
      assertThat(Files.readString(written)).doesNotContain("sk-test-secret");
    }
  }
}
