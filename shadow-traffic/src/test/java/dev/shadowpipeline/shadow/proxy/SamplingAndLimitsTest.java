package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is mirrored: sampling (random and sticky), method filter, and the in-flight bound. */
class SamplingAndLimitsTest {

  private Vertx vertx;
  private TestUpstream primary;
  @TempDir Path out;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    primary = TestUpstream.start(vertx, TestUpstream.echo());
  }

  @AfterEach
  void tearDown() throws Exception {
    primary.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void stickySamplingByHeaderKeepsEachUserInOrOut() throws Exception {
    try (TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo())) {
      try (ProxyHarness proxy =
          new ProxyHarness(
              primary.url(), shadow.url(), out, b -> b.sampleRate(0.5).sampleKey("X-User-Id"))) {
        for (int round = 0; round < 2; round++) {
          for (int user = 0; user < 100; user++) {
            proxy.send(
                HttpRequest.newBuilder(URI.create(proxy.url() + "/predict"))
                    .header("X-User-Id", "user-" + user)
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build());
          }
        }
      }
      List<String> mirroredUsers =
          shadow.received().stream().map(r -> r.header("X-User-Id")).toList();
      Set<String> distinct = new TreeSet<>(mirroredUsers);
      // each mirrored user was mirrored in both rounds: in or out, never both
      assertThat(mirroredUsers).hasSize(distinct.size() * 2);
      // and about half of them (the hash is uniform; 100 users at p = 0.5 lie within 30..70 with
      // room to spare)
      assertThat(distinct.size()).isBetween(30, 70);
      for (String user : distinct) {
        assertThat(MirrorPolicy.unitHash(user)).isLessThan(0.5);
      }
    }
  }

  @Test
  void sampleRateZeroMirrorsNothingAndMethodsCanBeRestricted() throws Exception {
    try (TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo())) {
      try (ProxyHarness proxy =
          new ProxyHarness(primary.url(), shadow.url(), out, b -> b.sampleRate(0))) {
        for (int i = 0; i < 10; i++) {
          assertThat(proxy.post("/predict", "{}").statusCode()).isEqualTo(200);
        }
      }
      assertThat(shadow.receivedCount()).isZero();
      try (ProxyHarness proxy =
          new ProxyHarness(
              primary.url(), shadow.url(), out, b -> b.mirrorMethods(Set.of("post")))) {
        proxy.get("/predict?x=1");
        proxy.post("/predict", "{}");
      }
      assertThat(shadow.received())
          .extracting(TestUpstream.Received::method)
          .containsExactly("POST");
    }
  }

  @Test
  void copiesBeyondMaxInFlightAreDroppedAndCountedNotQueued() throws Exception {
    List<HttpServerRequest> parked = new ArrayList<>();
    try (TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.stall(parked))) {
      ProxyHarness proxy =
          new ProxyHarness(
              primary.url(),
              shadow.url(),
              out,
              b -> b.maxInFlight(2).shadowTimeout(Duration.ofSeconds(60)));
      for (int i = 0; i < 10; i++) {
        assertThat(proxy.post("/predict", "{}").statusCode()).isEqualTo(200);
      }
      await().until(() -> shadow.receivedCount() == 2);
      assertThat(proxy.proxy.stats().mirrored()).isEqualTo(2);
      assertThat(proxy.proxy.stats().dropped()).isEqualTo(8);
      shadow.respondWith(TestUpstream.echo());
      synchronized (parked) {
        parked.forEach(r -> r.response().end("{}"));
      }
      // the two answers reach the proxy a moment after the test ended them: their pairs are
      // compared only once the
      // proxy has given back their slots (sending before that raced with the release, and the copy
      // was dropped)
      await().until(() -> proxy.proxy.summary().requests() == 2);
      // once the slots are free, copies flow again
      proxy.post("/predict", "{}");
      await().until(() -> shadow.receivedCount() == 3);
      assertThat(proxy.closeAndReadRecords())
          .hasSize(3)
          .allSatisfy(r -> assertThat(r.at("/shadow/status").asInt()).isEqualTo(200));
    }
  }
}
