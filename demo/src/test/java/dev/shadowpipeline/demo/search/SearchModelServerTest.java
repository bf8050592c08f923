package dev.shadowpipeline.demo.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both search servers on real loopback sockets, spoken to with the JDK's HTTP client. */
class SearchModelServerTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String LONG_QUERY =
      "how to change my first mobile app login on a new device";

  private static Vertx vertx;
  private static SearchModelServer v1;
  private static SearchModelServer v2;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    v1 = await(SearchModelServer.start(vertx, SearchModel.V1, "127.0.0.1", 0, Duration.ZERO));
    v2 = await(SearchModelServer.start(vertx, SearchModel.V2, "127.0.0.1", 0, Duration.ZERO));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void answersQueryResultsAndTook() throws Exception {
    SearchQuery q = new SearchQuery("credit card limit", 10);
    HttpResponse<String> r = get(v1, q.uri());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode n = MAPPER.readTree(r.body());
    assertThat(n.get("query").asText()).isEqualTo("credit card limit");
    assertThat(n.get("took_ms").asLong()).isEqualTo(16); // 10 ms + 2 ms for each of 3 terms
    JsonNode results = n.get("results");
    assertThat(results).hasSize(10);
    List<Hit> expected = SearchModel.V1.search(q.text(), 10);
    for (int i = 0; i < 10; i++) {
      assertThat(results.get(i).get("id").asText())
          .matches("doc-\\d{3}")
          .isEqualTo(expected.get(i).id());
      assertThat(results.get(i).get("score").isNumber()).isTrue();
      assertThat(results.get(i).get("score").asDouble()).isEqualTo(expected.get(i).score());
    }
  }

  @Test
  void theSameQueryGetsTheSameAnswer() throws Exception {
    String uri = new SearchQuery("mortgage rate refinance", 10).uri();
    assertThat(get(v2, uri).body()).isEqualTo(get(v2, uri).body());
  }

  @Test
  void kDefaultsToTenAndIsHonoured() throws Exception {
    assertThat(MAPPER.readTree(get(v1, "/search?q=card").body()).get("results")).hasSize(10);
    assertThat(MAPPER.readTree(get(v1, "/search?q=card&k=3").body()).get("results")).hasSize(3);
    assertThat(MAPPER.readTree(get(v1, "/search?q=zebra").body()).get("results")).isEmpty();
  }

  @Test
  void v2IsSlowerOnLongQueriesAndSays() throws Exception {
    String uri = new SearchQuery(LONG_QUERY, 10).uri(); // 12 terms
    long start = System.nanoTime();
    JsonNode slow = MAPPER.readTree(get(v2, uri).body());
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    JsonNode fast = MAPPER.readTree(get(v1, uri).body());
    assertThat(slow.get("took_ms").asLong()).isEqualTo(12 + 40 * 9);
    assertThat(fast.get("took_ms").asLong()).isEqualTo(10 + 2 * 12);
    // a lower bound only: timers never fire early, but a busy machine may be late
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(372);
    String shortUri = new SearchQuery("loan", 10).uri();
    assertThat(MAPPER.readTree(get(v2, shortUri).body()).get("took_ms").asLong()).isEqualTo(12);
  }

  @Test
  void extraLatencyAddsToTookAndMustNotBeNegative() throws Exception {
    try (SearchModelServer hop =
        await(
            SearchModelServer.start(
                vertx, SearchModel.V1, "127.0.0.1", 0, Duration.ofMillis(50)))) {
      assertThat(MAPPER.readTree(get(hop, "/search?q=loan").body()).get("took_ms").asLong())
          .isEqualTo(62);
    }
    assertThatThrownBy(
            () ->
                SearchModelServer.start(
                    vertx, SearchModel.V1, "127.0.0.1", 0, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("extraLatency");
  }

  @Test
  void badParametersAre400sWithAJsonError() throws Exception {
    assertBadRequest("/search", "'q' is required");
    assertBadRequest("/search?q=%20%20", "'q' is required");
    assertBadRequest("/search?q=card&k=0", "'k' must be an integer from 1 to 100: '0'");
    assertBadRequest("/search?q=card&k=ten", "'k' must be an integer from 1 to 100: 'ten'");
    assertBadRequest("/search?q=card&k=101", "'k' must be an integer from 1 to 100: '101'");
    assertBadRequest(
        "/search?q=" + "a".repeat(SearchModelServer.MAX_QUERY_CHARS + 1),
        "at most 1000 characters");
  }

  @Test
  void unknownPathsAre404sOtherMethods405sAndHealthIsUp() throws Exception {
    HttpResponse<String> notFound = get(v1, "/v1/search?q=card");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(MAPPER.readTree(notFound.body()).get("error").asText()).contains("/v1/search");
    HttpResponse<String> post =
        HTTP.send(
            HttpRequest.newBuilder(uri(v1, "/search?q=card"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"q\":\"card\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET");
    HttpResponse<String> health = get(v2, "/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(MAPPER.readTree(health.body()).get("model").asText()).isEqualTo("search-vector-v2");
  }

  private static void assertBadRequest(String uri, String message) throws Exception {
    HttpResponse<String> r = get(v2, uri);
    assertThat(r.statusCode()).as(uri).isEqualTo(400);
    assertThat(MAPPER.readTree(r.body()).get("error").asText()).as(uri).contains(message);
  }

  private static HttpResponse<String> get(SearchModelServer s, String uri) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri(s, uri)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(SearchModelServer s, String uri) {
    return URI.create("http://127.0.0.1:" + s.port() + uri);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
