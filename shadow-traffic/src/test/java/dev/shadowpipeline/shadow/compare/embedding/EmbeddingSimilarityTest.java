package dev.shadowpipeline.shadow.compare.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shadowpipeline.shadow.compare.Observation;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.TextComparator.Texts;
import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.compare.embedding.EmbeddingClient.Config;
import dev.shadowpipeline.shadow.compare.embedding.EmbeddingClient.Embedded;
import dev.shadowpipeline.shadow.compare.embedding.EmbeddingClient.Failed;
import dev.shadowpipeline.shadow.compare.embedding.EmbeddingClient.Result;
import dev.shadowpipeline.shadow.compare.embedding.EmbeddingClient.Skipped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real OpenAI-style embeddings server on 127.0.0.1 that answers fixed vectors. */
class EmbeddingSimilarityTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String KEY = "sk-test-secret-123";

  // fixed embeddings: cos(cat, kitten) = (1·0.8 + 0·0.6) / (1·1) = 0.8; cos(cat, car) = 0
  private static final Map<String, float[]> VECTORS =
      Map.of(
          "cat", new float[] {1, 0, 0},
          "kitten", new float[] {0.8f, 0.6f, 0},
          "car", new float[] {0, 0, 1},
          "feline", new float[] {0.96f, 0.28f, 0});

  private HttpServer server;
  private ExecutorService serverThreads;
  private final AtomicInteger requests = new AtomicInteger();
  private final ConcurrentLinkedQueue<List<String>> inputs = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile int status = 200;
  private volatile String override;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serverThreads = Executors.newFixedThreadPool(8);
    server.setExecutor(serverThreads);
    server.createContext("/v1/embeddings", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      JsonNode request = MAPPER.readTree(exchange.getRequestBody());
      List<String> texts =
          MAPPER.convertValue(
              request.get("input"),
              MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
      inputs.add(texts);
      if (texts.stream().anyMatch(t -> t.startsWith("slow"))) {
        release.await(10, TimeUnit.SECONDS);
      }
      ObjectNode body =
          MAPPER
              .createObjectNode()
              .put("object", "list")
              .put("model", request.get("model").asText());
      ArrayNode data = body.putArray("data");
      for (int i = texts.size() - 1;
          i >= 0;
          i--) { // out of order on purpose: the index says where each goes
        ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
        ArrayNode e = item.putArray("embedding");
        for (float x : VECTORS.getOrDefault(texts.get(i), new float[] {0, 1, 0})) {
          e.add(x);
        }
      }
      byte[] bytes =
          (override != null ? override : body.toString()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Config config() {
    return Config.of(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()), KEY, "test-embed");
  }

  private static Verdict matched() {
    return Verdict.of(
        "text", List.of(), List.of(Observation.measure("text", "/a", "rouge_l", 0.9)));
  }

  @Test
  void addsTheCosineAndDivergesBelowTheThreshold() {
    EmbeddingSimilarity step =
        new EmbeddingSimilarity(
            new EmbeddingClient(config()), new EmbeddingSimilarity.Spec(0.85, Severity.CRITICAL));
    // cos(cat, kitten) = 0.8 < 0.85
    Verdict v = step.enrich(matched(), new Texts("/a", "cat", "kitten"));
    assertThat(v.match()).isFalse();
    assertThat(v.observations()).hasSize(2);
    Observation o = v.observations().get(1);
    assertThat(o.key()).isEqualTo("text:/a:embedding_cosine");
    assertThat(o.value()).isCloseTo(0.8, within(1e-6));
    assertThat(v.differences())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo("embedding_cosine 0.8 < 0.85");
              assertThat(d.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(d.path()).isEqualTo("/a");
            });
    // cos(cat, feline) = 0.96 >= 0.85: observed, still a match
    Verdict w = step.enrich(matched(), new Texts("/a", "cat", "feline"));
    assertThat(w.match()).isTrue();
    assertThat(w.observations().get(1).value()).isCloseTo(0.96, within(1e-6));
    // the bearer key was sent on every request
    assertThat(authorizations).containsOnly("Bearer " + KEY);
  }

  @Test
  void eachTextIsEmbeddedOnceAndThenServedFromTheCache() {
    EmbeddingClient client = new EmbeddingClient(config());
    EmbeddingSimilarity step = new EmbeddingSimilarity(client, EmbeddingSimilarity.Spec.defaults());
    step.enrich(matched(), "cat", "kitten");
    step.enrich(matched(), "cat", "kitten");
    step.enrich(matched(), "cat", "car"); // only "car" is new
    assertThat(requests).hasValue(2);
    assertThat(inputs).containsExactly(List.of("cat", "kitten"), List.of("car"));
    assertThat(client.stats()).isEqualTo(new EmbeddingClient.Stats(3, 3, 3, 2, 0, 0));
    // identical texts go once in one request, and their cosine is 1
    Verdict same = step.enrich(matched(), "same words", "same words");
    assertThat(inputs).last().isEqualTo(List.of("same words"));
    assertThat(same.observations().get(1).value()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void theCacheIsBoundedAndEvictsTheLeastRecentlyUsed() {
    EmbeddingClient client = new EmbeddingClient(config().withCacheSize(2));
    embed(client, "cat");
    embed(client, "car");
    embed(client, "cat"); // hit: cat is now the most recent
    embed(client, "kitten"); // evicts car
    embed(client, "cat"); // hit
    embed(client, "car"); // miss again
    assertThat(inputs)
        .containsExactly(List.of("cat"), List.of("car"), List.of("kitten"), List.of("car"));
    assertThat(client.stats().cacheHits()).isEqualTo(2);
  }

  private static Result embed(EmbeddingClient client, String... texts) {
    return client.embed(List.of(texts)).join();
  }

  @Test
  void whenEveryPermitIsTakenACallIsSkippedNotQueued() {
    EmbeddingClient client = new EmbeddingClient(config().withMaxConcurrent(2));
    CompletableFuture<Result> first = client.embed(List.of("slow one"));
    CompletableFuture<Result> second = client.embed(List.of("slow two"));
    await().atMost(Duration.ofSeconds(5)).until(() -> requests.get() == 2);
    assertThat(client.availablePermits()).isZero();

    Result third = client.embed(List.of("cat")).getNow(null); // completes at once
    assertThat(third).isInstanceOf(Skipped.class);
    assertThat(requests).hasValue(2);
    // a cached text needs no permit
    assertThat(first.isDone()).isFalse();
    EmbeddingSimilarity step = new EmbeddingSimilarity(client, EmbeddingSimilarity.Spec.defaults());
    Verdict unchanged = step.enrich(matched(), "cat", "car");
    assertThat(unchanged).isEqualTo(matched());

    release.countDown();
    assertThat(first.join()).isInstanceOf(Embedded.class);
    assertThat(second.join()).isInstanceOf(Embedded.class);
    assertThat(client.availablePermits()).isEqualTo(2);
    assertThat(embed(client, "cat")).isInstanceOf(Embedded.class);
    assertThat(client.stats().skipped()).isEqualTo(2);
  }

  @Test
  void aStalledServerTimesOutAndReturnsThePermit() {
    EmbeddingClient client =
        new EmbeddingClient(config().withTimeout(Duration.ofMillis(300)).withMaxConcurrent(1));
    Result r = embed(client, "slow answer");
    assertThat(r).isEqualTo(new Failed("timeout"));
    assertThat(client.availablePermits()).isEqualTo(1);
    release.countDown();
    assertThat(embed(client, "cat")).isInstanceOf(Embedded.class);
    assertThat(client.stats().failures()).isEqualTo(1);
  }

  @Test
  void httpErrorsAndMalformedAnswersFailWithoutTheKeyOrBody() {
    EmbeddingClient client = new EmbeddingClient(config());
    status = 401;
    override = "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}";
    Result unauthorized = embed(client, "cat");
    assertThat(unauthorized).isEqualTo(new Failed("HTTP 401 from the embeddings endpoint"));
    status = 200;
    override = "{\"data\":[]}";
    assertThat(embed(client, "cat"))
        .isEqualTo(new Failed("the embeddings answer has 0 embeddings for 1 inputs"));
    override = "{\"data\":[{\"index\":0,\"embedding\":[1,\"x\"]}]}";
    assertThat(embed(client, "cat"))
        .isEqualTo(
            new Failed("the embeddings answer has a non-number at " + "data[0].embedding[1]"));
    override = "not json";
    assertThat(embed(client, "cat")).isEqualTo(new Failed("the embeddings answer is not JSON"));
    // failures are not cached: the next good answer is used
    override = null;
    assertThat(embed(client, "cat")).isInstanceOf(Embedded.class);
    // a failure leaves the verdict as it was
    status = 500;
    assertThat(
            new EmbeddingSimilarity(client, EmbeddingSimilarity.Spec.defaults())
                .enrich(matched(), "x", "y"))
        .isEqualTo(matched());
  }

  @Test
  void aRefusedConnectionFails() throws IOException {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    EmbeddingClient client =
        new EmbeddingClient(Config.of(URI.create("http://127.0.0.1:" + port), null, "m"));
    assertThat(embed(client, "cat")).isInstanceOf(Failed.class);
    assertThat(client.availablePermits()).isEqualTo(EmbeddingClient.DEFAULT_MAX_CONCURRENT);
  }

  @Test
  void configuration() {
    Config c = Config.of(URI.create("https://api.example.com/v1/"), KEY, "text-embedding-3-small");
    assertThat(c.endpoint()).isEqualTo(URI.create("https://api.example.com/v1/embeddings"));
    assertThat(Config.of(URI.create("http://h:8000"), null, "m").endpoint())
        .isEqualTo(URI.create("http://h:8000/v1/embeddings"));
    assertThat(c.toString()).doesNotContain(KEY).contains("apiKey=***");
    assertThatThrownBy(() -> Config.of(URI.create("ftp://h"), null, "m"))
        .hasMessage("embedding base URI must be an http(s) URL with a host: ftp://h");
    assertThatThrownBy(() -> Config.of(URI.create("http://h"), null, " "))
        .hasMessage("embedding model must be named: ' '");
    assertThatThrownBy(() -> c.withMaxConcurrent(0))
        .hasMessage("embedding maxConcurrent must be at least 1: 0");
    assertThatThrownBy(() -> c.withTimeout(Duration.ZERO))
        .hasMessage("embedding timeout must be positive: PT0S");
    assertThatThrownBy(() -> new EmbeddingSimilarity.Spec(1.5, Severity.INFO))
        .hasMessage("embedding threshold must be between -1 and 1: 1.5");
  }

  @Test
  void cosineByHand() {
    // (1·0.96 + 0·0.28) / (1 · sqrt(0.9216 + 0.0784)) = 0.96
    assertThat(EmbeddingClient.cosine(new float[] {1, 0}, new float[] {0.96f, 0.28f}))
        .isCloseTo(0.96, within(1e-6));
    assertThat(EmbeddingClient.cosine(new float[] {1, 0}, new float[] {-1, 0})).isEqualTo(-1.0);
    assertThat(EmbeddingClient.cosine(new float[] {0, 0}, new float[] {1, 0})).isNaN();
    assertThat(EmbeddingClient.cosine(new float[] {1}, new float[] {1, 0})).isNaN();
  }
}
