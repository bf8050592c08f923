package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.app.shadowtest.ComparisonRules;
import dev.shadowpipeline.app.shadowtest.ComparisonSetup;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, with the real local model and no network beyond loopback: two chat models answer OpenAI chat
 * completions, the proxy is set up from a config file whose {@code compare: semantic: enabled: true} adds the
 * semantic comparator to the text route; a paraphrased answer passes, an unrelated one is flagged.
 */
class SemanticProxyTest {

  static final String CONFIG =
      """
      compare:
        semantic:
          enabled: true
          min: 0.6
          severity: critical
        routes:
          - path: /v1/chat/completions
            comparators:
              - type: text
                min: 0   # lexical similarity decides nothing here: the semantic comparator does
      """;

  /** What the primary says, what the shadow says: a paraphrase, then an unrelated answer. */
  static final Map<String, List<String>> ANSWERS =
      Map.of(
          "reset",
          List.of(
              "To reset your password, open Settings and choose Forgot password.",
              "Go to Settings and pick Forgot password to reset it."),
          "capital",
          List.of(
              "The capital of France is Paris.", "Our quarterly revenue grew by twelve percent."));

  Vertx vertx;
  TestUpstream primary;
  TestUpstream shadow;

  @BeforeEach
  void models() throws Exception {
    vertx = Vertx.vertx();
    primary = TestUpstream.start(vertx, chat(0));
    shadow = TestUpstream.start(vertx, chat(1));
  }

  @AfterEach
  void stop() throws Exception {
    primary.close();
    shadow.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /** A chat model answering with side {@code side}'s text for the prompt's key. */
  static TestUpstream.Responder chat(int side) {
    return (req, body) -> {
      JsonNode request;
      try {
        request = ProxyHarness.MAPPER.readTree(body.getBytes());
      } catch (java.io.IOException e) {
        req.response().setStatusCode(400).end();
        return;
      }
      String prompt = request.path("messages").path(0).path("content").asText();
      ObjectNode answer = ProxyHarness.MAPPER.createObjectNode();
      answer.put("id", "chatcmpl-" + side);
      answer.put("object", "chat.completion");
      ObjectNode message =
          answer.putArray("choices").addObject().put("index", 0).putObject("message");
      message.put("role", "assistant");
      message.put("content", ANSWERS.get(prompt).get(side));
      req.response().putHeader("Content-Type", "application/json").end(answer.toString());
    };
  }

  @Test
  void anUnrelatedAnswerIsFlaggedAndAParaphrasePasses(@TempDir Path out) throws Exception {
    ComparisonRules flags =
        new ComparisonRules(
            null,
            List.of(),
            null,
            0,
            null,
            null,
            null,
            0,
            null,
            0,
            Duration.ofSeconds(30),
            List.of(),
            "mask",
            List.of(),
            List.of(),
            List.of(),
            1000,
            null);
    CaptureSettings capture =
        ComparisonSetup.build(
            flags,
            ConfigFile.parse(out.resolve("shadow.yaml"), CONFIG, Map.of(), w -> {}),
            1e-6,
            List.of(),
            List.of(),
            Map.of());
    List<JsonNode> records;
    try (ProxyHarness proxy =
        new ProxyHarness(primary.url(), shadow.url(), out, b -> b, s -> s.capture(capture))) {
      LoopbackCaller caller = new LoopbackCaller(vertx, 2);
      for (String prompt : List.of("reset", "capital")) {
        ObjectNode body = ProxyHarness.MAPPER.createObjectNode().put("model", "m");
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        LoopbackCaller.Answer answer =
            caller.call(
                new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setHost("127.0.0.1")
                    .setPort(proxy.proxy.port())
                    .setURI("/v1/chat/completions")
                    .putHeader("Content-Type", "application/json"),
                body.toString());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text())
            .contains(ANSWERS.get(prompt).get(0)); // the caller gets the primary's
      }
      records = proxy.closeAndReadRecords();
    }
    assertThat(records).hasSize(2);
    for (JsonNode r : records) {
      String text = r.toString();
      double cosine = semanticCosine(r);
      System.out.println(
          "semantic_cosine "
              + cosine
              + " for "
              + (text.contains("Paris") ? "unrelated" : "paraphrase"));
      if (text.contains("Paris")) {
        // measured -0.041 with all-minilm-l6-v2-q (ONNX Runtime 1.20.0)
        assertThat(cosine).isLessThan(0.3);
        assertThat(differences(r))
            .anySatisfy(
                d -> {
                  assertThat(d.path("reason").asText())
                      .startsWith("semantic_cosine ")
                      .endsWith(" < 0.6");
                  assertThat(d.path("severity").asText()).isEqualTo("critical");
                });
      } else {
        // measured 0.909 with all-minilm-l6-v2-q
        assertThat(cosine).isGreaterThan(0.6);
        assertThat(differences(r)).isEmpty();
      }
    }
  }

  static double semanticCosine(JsonNode record) {
    for (JsonNode o : record.findValues("observations")) {
      for (JsonNode item : o) {
        if (item.path("metric").asText().equals("semantic_cosine")) {
          assertThat(item.has("unmeasured")).as(item.toString()).isFalse();
          return item.path("value").asDouble(Double.NaN);
        }
      }
    }
    throw new AssertionError("no semantic_cosine in " + record);
  }

  static List<JsonNode> differences(JsonNode record) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode list : record.findValues("differences")) {
      list.forEach(out::add);
    }
    return out;
  }
}
