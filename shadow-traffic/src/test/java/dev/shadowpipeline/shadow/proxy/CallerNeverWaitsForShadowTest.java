package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The promise at the heart of the product: the caller's answer depends on the primary alone. These tests hold the
 * shadow's answers back and check that callers on reused keep-alive connections are served anyway — the failure
 * mode of nginx's {@code mirror}, where the next request on a connection waits for the previous mirror subrequest.
 */
class CallerNeverWaitsForShadowTest {

  private Vertx vertx;
  private LoopbackCaller caller;
  @TempDir Path out;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    // two pooled connections for 40 sequential requests: every connection is reused many times
    caller = new LoopbackCaller(vertx, 2);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(ShadowMode.class)
  void callersAreServedWhileEveryShadowAnswerIsHeldBack(ShadowMode mode) throws Exception {
    List<HttpServerRequest> parked = new ArrayList<>();
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.stall(parked))) {
      ProxyHarness proxy =
          new ProxyHarness(
              primary.url(),
              shadow.url(),
              out,
              b ->
                  b.shadowMode(mode)
                      .shadowTimeout(Duration.ofSeconds(60))
                      .drainTimeout(Duration.ofSeconds(10)));

      List<String> answers = sendSequentially(proxy.proxy.port(), 40);

      // every caller got its own answer while the shadow had answered nothing at all
      assertThat(answers).hasSize(40);
      for (int i = 0; i < 40; i++) {
        assertThat(answers.get(i)).isEqualTo("{\"n\":" + i + "}");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> shadow.receivedCount() == 40);
      synchronized (parked) {
        assertThat(parked).hasSize(40).allMatch(r -> !r.response().ended());
        parked.forEach(r -> r.response().end("{\"late\":true}"));
      }
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).hasSize(40);
      assertThat(records)
          .allSatisfy(r -> assertThat(r.at("/shadow/status").asInt()).isEqualTo(200));
    }
  }

  @Test
  void aShadowThatTakesTwoSecondsDelaysNoCaller() throws Exception {
    ConcurrentLinkedQueue<Long> shadowAnsweredAt = new ConcurrentLinkedQueue<>();
    TestUpstream.Responder slow =
        TestUpstream.delayed(
            vertx,
            2_000,
            (req, body) -> {
              shadowAnsweredAt.add(System.nanoTime());
              req.response().end("{\"slow\":true}");
            });
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, slow)) {
      ProxyHarness proxy = new ProxyHarness(primary.url(), shadow.url(), out, b -> b);
      AtomicLong lastCallerAnswer = new AtomicLong();

      List<String> answers = sendSequentially(proxy.proxy.port(), 40);
      lastCallerAnswer.set(System.nanoTime());

      // had callers waited for the shadow, 40 sequential requests would have taken 80 s and could
      // not all be done
      // before the shadow's first answer: the order of events proves it, no stopwatch needed
      assertThat(answers).hasSize(40);
      assertThat(shadowAnsweredAt).allMatch(t -> t > lastCallerAnswer.get());
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).hasSize(40);
      for (JsonNode r : records) {
        assertThat(r.at("/shadow/latency_ms").asDouble()).isGreaterThanOrEqualTo(2000.0);
        assertThat(r.at("/primary/latency_ms").asDouble()).isLessThan(2000.0);
        assertThat(r.at("/latency_delta_ms").asDouble()).isGreaterThan(0.0);
      }
    }
  }

  private List<String> sendSequentially(int port, int count) throws Exception {
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      RequestOptions options =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setHost("127.0.0.1")
              .setPort(port)
              .setURI("/predict")
              .putHeader("Content-Type", "application/json");
      String body = "{\"n\":" + i + "}";
      answers.add(caller.call(options, body).text());
    }
    return answers;
  }
}
