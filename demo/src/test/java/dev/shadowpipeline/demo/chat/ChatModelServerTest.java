package dev.shadowpipeline.demo.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both chat servers on real loopback sockets, spoken to with the JDK's HTTP client. */
class ChatModelServerTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Vertx vertx;
  private static ChatModelServer v1;
  private static ChatModelServer v2;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    v1 = await(ChatModelServer.start(vertx, ChatModel.V1, "127.0.0.1", 0, Duration.ZERO));
    v2 = await(ChatModelServer.start(vertx, ChatModel.V2, "127.0.0.1", 0, Duration.ZERO));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void answersInTheOpenAiChatCompletionShape() throws Exception {
    long before = System.currentTimeMillis() / 1000;
    HttpResponse<String> r =
        post(v1, ChatModelServer.requestBody("gpt-4o", "How do I change my PIN?"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode n = MAPPER.readTree(r.body());
    assertThat(n.get("id").asText()).matches("chatcmpl-[A-Za-z0-9]{24}");
    assertThat(n.get("object").asText()).isEqualTo("chat.completion");
    assertThat(n.get("created").isIntegralNumber()).isTrue();
    assertThat(n.get("created").asLong()).isBetween(before, System.currentTimeMillis() / 1000);
    assertThat(n.get("model").asText()).isEqualTo("chat-large-v1");
    assertThat(n.get("choices")).hasSize(1);
    JsonNode choice = n.get("choices").get(0);
    assertThat(choice.get("index").asInt()).isZero();
    assertThat(choice.at("/message/role").asText()).isEqualTo("assistant");
    assertThat(choice.at("/message/content").asText())
        .isEqualTo(ChatModel.V1.answer("How do I change my PIN?"));
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    JsonNode usage = n.get("usage");
    assertThat(usage.get("prompt_tokens").asInt()).isPositive();
    assertThat(usage.get("completion_tokens").asInt())
        .isEqualTo(ChatModel.tokens(ChatModel.V1.answer("How do I change my PIN?")));
    assertThat(usage.get("total_tokens").asInt())
        .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
  }

  @Test
  void theSamePromptGetsTheSameAnswerButAFreshId() throws Exception {
    String body = ChatModelServer.requestBody("gpt-4o", "Are my deposits insured?");
    JsonNode a = MAPPER.readTree(post(v2, body).body());
    JsonNode b = MAPPER.readTree(post(v2, body).body());
    assertThat(a.at("/choices/0/message/content")).isEqualTo(b.at("/choices/0/message/content"));
    assertThat(a.get("usage")).isEqualTo(b.get("usage"));
    assertThat(a.get("id")).isNotEqualTo(b.get("id"));
    assertThat(a.get("model").asText()).isEqualTo("chat-small-v2");
  }

  @Test
  void twoInstancesOfTheSameModelDifferInTheirFingerprintsAndASamplingOneInItsWording()
      throws Exception {
    ChatModelServer sampling =
        await(ChatModelServer.start(vertx, ChatModel.V1, "127.0.0.1", 0, Duration.ZERO, true));
    CannedAnswer paraphrased =
        ChatCatalog.entries().stream()
            .filter(e -> e.agreement() == Agreement.PARAPHRASED)
            .findFirst()
            .orElseThrow();
    CannedAnswer different =
        ChatCatalog.entries().stream()
            .filter(e -> e.agreement() == Agreement.DIFFERENT)
            .findFirst()
            .orElseThrow();
    JsonNode fixed =
        MAPPER.readTree(
            post(v1, ChatModelServer.requestBody("gpt-4o", paraphrased.prompt())).body());
    java.util.Set<String> wordings = new java.util.HashSet<>();
    java.util.Set<String> fingerprints = new java.util.HashSet<>();
    for (int i = 0; i < 40; i++) {
      JsonNode n =
          MAPPER.readTree(
              post(sampling, ChatModelServer.requestBody("gpt-4o", paraphrased.prompt())).body());
      wordings.add(n.at("/choices/0/message/content").asText());
      fingerprints.add(n.get("system_fingerprint").asText());
      // a different substance is never sampled: only the wording of the same answer varies
      JsonNode d =
          MAPPER.readTree(
              post(sampling, ChatModelServer.requestBody("gpt-4o", different.prompt())).body());
      assertThat(d.at("/choices/0/message/content").asText()).isEqualTo(different.v1Answer());
    }
    // 40 fair coin flips all alike: probability 2^-39
    assertThat(wordings).containsExactlyInAnyOrder(paraphrased.v1Answer(), paraphrased.v2Answer());
    assertThat(fingerprints).hasSize(1);
    assertThat(fingerprints.iterator().next())
        .matches("fp_[0-9a-f]{16}")
        .isNotEqualTo(fixed.get("system_fingerprint").asText());
    sampling.close();
  }

  @Test
  void overTheWireTheModelsDifferInSubstanceOnExactlyTheDesignedPrompts() throws Exception {
    List<CannedAnswer> entries = ChatCatalog.entries();
    List<CompletableFuture<HttpResponse<String>>> fromV1 = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> fromV2 = new ArrayList<>();
    for (CannedAnswer e : entries) {
      String body = ChatModelServer.requestBody("gpt-4o", e.prompt());
      fromV1.add(HTTP.sendAsync(postRequest(v1, body), HttpResponse.BodyHandlers.ofString()));
      fromV2.add(HTTP.sendAsync(postRequest(v2, body), HttpResponse.BodyHandlers.ofString()));
    }
    int identical = 0;
    for (int i = 0; i < entries.size(); i++) {
      CannedAnswer e = entries.get(i);
      String a = content(fromV1.get(i).get(10, TimeUnit.SECONDS));
      String b = content(fromV2.get(i).get(10, TimeUnit.SECONDS));
      assertThat(a).as(e.prompt()).isEqualTo(e.v1Answer());
      assertThat(b).as(e.prompt()).isEqualTo(e.v2Answer());
      identical += a.equals(b) ? 1 : 0;
    }
    assertThat(identical).isEqualTo(12);
  }

  @Test
  void theLastUserMessageIsTheQuestionAndContentPartsAreAccepted() throws Exception {
    String body =
        """
        {"model": "gpt-4o", "messages": [
          {"role": "system", "content": "You are a helpful bank assistant."},
          {"role": "user", "content": "Tell me a joke"},
          {"role": "assistant", "content": "No."},
          {"role": "user", "content": [{"type": "text", "text": "What is my routing number?"}]}]}
        """;
    HttpResponse<String> r = post(v1, body);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(content(r)).contains("021000089");
  }

  @Test
  void malformedJsonIsA400WithAnOpenAiErrorBody() throws Exception {
    HttpResponse<String> r = post(v1, "{\"model\": \"gpt-4o\", \"messages\": [");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode error = MAPPER.readTree(r.body()).get("error");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("message").asText()).startsWith("We could not parse the JSON body");
  }

  @Test
  void requestsMissingWhatTheApiRequiresAre400sNamingTheParameter() throws Exception {
    assertBadRequest("[1, 2]", null);
    assertBadRequest("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "model");
    assertBadRequest("{\"model\": \"gpt-4o\"}", "messages");
    assertBadRequest("{\"model\": \"gpt-4o\", \"messages\": []}", "messages");
    assertBadRequest(
        "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"system\", \"content\": \"x\"}]}",
        "messages");
    assertBadRequest(
        "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": 3}]}",
        "messages[0].content");
    assertBadRequest(
        "{\"model\": \"gpt-4o\", \"stream\": \"yes\", \"messages\": [{\"role\": \"user\", "
            + "\"content\": \"hi\"}]}",
        "stream");
  }

  @Test
  void streamsTheSameAnswerTokenByTokenWithItsUsageLast() throws Exception {
    String prompt = "How do I change my PIN?";
    JsonNode whole =
        MAPPER.readTree(post(v1, ChatModelServer.requestBody("gpt-4o", prompt)).body());
    HttpResponse<String> streamed = post(v1, ChatModelServer.requestBody("gpt-4o", prompt, true));
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.headers().firstValue("content-type")).hasValue("text/event-stream");
    StringBuilder text = new StringBuilder();
    JsonNode usage = null;
    int contentChunks = 0;
    // the body ends with a blank line, so the last piece is empty
    String[] events = streamed.body().split("\n\n", -1);
    assertThat(events[events.length - 1]).isEmpty();
    for (int i = 0; i < events.length - 1; i++) {
      String data = events[i].substring("data: ".length());
      if (data.equals("[DONE]")) {
        continue;
      }
      JsonNode chunk = MAPPER.readTree(data);
      assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(chunk.path("model").asText()).isEqualTo(ChatModel.V1.id());
      String piece = chunk.at("/choices/0/delta/content").asText("");
      if (!piece.isEmpty()) {
        contentChunks++;
        text.append(piece);
      }
      if (chunk.has("usage")) {
        usage = chunk.get("usage");
      }
    }
    assertThat(events[events.length - 2]).isEqualTo("data: [DONE]");
    String content = whole.at("/choices/0/message/content").asText();
    assertThat(text.toString()).isEqualTo(content);
    // one chunk per token, as usage counts them
    assertThat(contentChunks).isEqualTo(whole.at("/usage/completion_tokens").asInt());
    assertThat(usage).isEqualTo(whole.get("usage"));
  }

  @Test
  void unknownUrlsAre404sAndHealthIsUp() throws Exception {
    HttpResponse<String> wrongPath = post(v1, "/v1/completions", ChatPrompts.bodies(1, 1).get(0));
    assertThat(wrongPath.statusCode()).isEqualTo(404);
    assertThat(MAPPER.readTree(wrongPath.body()).at("/error/code").asText())
        .isEqualTo("unknown_url");
    assertThat(get(v1, ChatModelServer.PATH).statusCode()).isEqualTo(404);
    HttpResponse<String> health = get(v2, "/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(MAPPER.readTree(health.body()).get("model").asText()).isEqualTo("chat-small-v2");
  }

  @Test
  void anOversizedBodyIsRefused() throws Exception {
    String huge = ChatModelServer.requestBody("gpt-4o", "x".repeat(ChatModelServer.MAX_BODY_BYTES));
    assertThat(post(v1, huge).statusCode()).isEqualTo(413);
    // without a length up front the body arrives chunked and is counted as it comes
    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v1.port() + ChatModelServer.PATH))
            .version(HttpClient.Version.HTTP_1_1)
            .timeout(Duration.ofSeconds(10))
            .POST(
                HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(huge)))
            .build();
    assertThat(HTTP.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(413);
  }

  @Test
  void theAnswerWaitsForTheGenerationTimeAndTheExtraLatency() throws Exception {
    try (ChatModelServer slow =
        await(ChatModelServer.start(vertx, ChatModel.V2, "127.0.0.1", 0, Duration.ofMillis(150)))) {
      String prompt = "How do I change my PIN?";
      long floorMillis =
          150
              + ChatModel.V2
                  .generationTime(ChatModel.tokens(ChatModel.V2.answer(prompt)))
                  .toMillis();
      long start = System.nanoTime();
      assertThat(post(slow, ChatModelServer.requestBody("gpt-4o", prompt)).statusCode())
          .isEqualTo(200);
      // a lower bound only: timers never fire early, but a busy machine may be late
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(floorMillis);
    }
    assertThatThrownBy(
            () -> ChatModelServer.start(vertx, ChatModel.V1, "127.0.0.1", 0, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("extraLatency");
  }

  private static void assertBadRequest(String body, String param) throws Exception {
    HttpResponse<String> r = post(v2, body);
    assertThat(r.statusCode()).as(body).isEqualTo(400);
    JsonNode error = MAPPER.readTree(r.body()).get("error");
    assertThat(error.get("message").asText()).as(body).isNotBlank();
    if (param == null) {
      assertThat(error.get("param").isNull()).as(body).isTrue();
    } else {
      assertThat(error.get("param").asText()).as(body).isEqualTo(param);
    }
  }

  private static String content(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return MAPPER.readTree(r.body()).at("/choices/0/message/content").asText();
  }

  private static HttpResponse<String> post(ChatModelServer s, String body) throws Exception {
    return post(s, ChatModelServer.PATH, body);
  }

  private static HttpResponse<String> post(ChatModelServer s, String path, String body)
      throws Exception {
    return HTTP.send(postRequest(s, path, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest postRequest(ChatModelServer s, String body) {
    return postRequest(s, ChatModelServer.PATH, body);
  }

  private static HttpRequest postRequest(ChatModelServer s, String path, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static HttpResponse<String> get(ChatModelServer s, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
