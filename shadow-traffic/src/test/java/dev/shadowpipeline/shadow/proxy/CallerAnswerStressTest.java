package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The worst bug this product can have is a caller getting anything but the primary's exact answer. Thousands of
 * requests from callers on several event loops, to a proxy on two, with bodies from empty to 200 KB, answers whole or
 * chunked, and a shadow that answers at random moments: every caller gets its own bytes, every time. This is the
 * scenario of the old "caller received an empty body" report, many times over, so a race there cannot come back
 * unseen.
 */
class CallerAnswerStressTest {

  private static final int CALLERS = 3;
  private static final int REQUESTS_PER_CALLER = 500;

  private Vertx vertx;
  @org.junit.jupiter.api.io.TempDir Path out;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  // the answer is derived from the request, so each caller knows exactly what it must get back
  private static byte[] answerFor(Buffer request) {
    byte[] in = request.getBytes();
    byte[] outBytes = new byte[in.length + 7];
    System.arraycopy("answer:".getBytes(StandardCharsets.UTF_8), 0, outBytes, 0, 7);
    System.arraycopy(in, 0, outBytes, 7, in.length);
    return outBytes;
  }

  @ParameterizedTest
  @EnumSource(ShadowMode.class)
  void everyCallerGetsThePrimarysExactBytes(ShadowMode mode) throws Exception {
    TestUpstream.Responder primaryModel =
        (req, body) -> {
          byte[] answer = answerFor(body);
          HttpServerResponse resp =
              req.response().putHeader("Content-Type", "application/octet-stream");
          if (body.length() % 2 == 0) {
            int half = answer.length / 2;
            resp.setChunked(true)
                .write(Buffer.buffer(answer).slice(0, half))
                .compose(v -> resp.end(Buffer.buffer(answer).slice(half, answer.length)));
          } else {
            resp.end(Buffer.buffer(answer));
          }
        };
    SplittableRandom delays = new SplittableRandom(7);
    TestUpstream.Responder shadowModel =
        (req, body) -> {
          long delay;
          synchronized (delays) {
            delay = 1L + delays.nextInt(20);
          }
          vertx.setTimer(delay, id -> req.response().end(Buffer.buffer(answerFor(body))));
        };
    try (TestUpstream primary = TestUpstream.start(vertx, primaryModel);
        TestUpstream shadow = TestUpstream.start(vertx, shadowModel);
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                b -> b.shadowMode(mode).drainTimeout(Duration.ofSeconds(10)))) {
      List<Future<Void>> callers = new ArrayList<>();
      List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int c = 0; c < CALLERS; c++) {
        callers.add(runCaller(new LoopbackCaller(vertx, 4), proxy.proxy.port(), c, wrong));
      }
      Future.all(callers).toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);

      assertThat(wrong).as("answers that were not the primary's bytes").isEmpty();
      assertThat(primary.receivedCount()).isEqualTo(CALLERS * REQUESTS_PER_CALLER);
      assertThat(proxy.closeAndReadRecords()).hasSize(CALLERS * REQUESTS_PER_CALLER);
    }
  }

  // one caller sends its requests one after another on up to four pooled connections, two at a time
  private Future<Void> runCaller(LoopbackCaller caller, int port, int id, List<String> wrong) {
    SplittableRandom random = new SplittableRandom(id);
    Future<Void> chain = Future.succeededFuture();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < 2; lane++) {
      Future<Void> f = chain;
      for (int i = lane; i < REQUESTS_PER_CALLER; i += 2) {
        int size = sizeOf(random);
        byte[] body = new byte[size];
        for (int k = 0; k < size; k++) {
          body[k] = (byte) ('a' + (id * 31 + i + k) % 26);
        }
        String label = "caller " + id + " request " + i;
        f =
            f.compose(
                v ->
                    caller
                        .send(
                            new RequestOptions()
                                .setMethod(HttpMethod.POST)
                                .setHost("127.0.0.1")
                                .setPort(port)
                                .setURI("/predict/" + id),
                            Buffer.buffer(body))
                        .map(
                            answer -> {
                              byte[] expected = answerFor(Buffer.buffer(body));
                              if (answer.status() != 200
                                  || !java.util.Arrays.equals(answer.body().getBytes(), expected)) {
                                wrong.add(
                                    label
                                        + ": status "
                                        + answer.status()
                                        + ", "
                                        + answer.body().length()
                                        + " bytes instead of "
                                        + expected.length);
                              }
                              return null;
                            }));
      }
      lanes.add(f);
    }
    return Future.all(lanes).mapEmpty();
  }

  // mostly small JSON-sized bodies, some empty, a few up to 200 KB
  private static int sizeOf(SplittableRandom random) {
    int kind = random.nextInt(20);
    if (kind == 0) {
      return 0;
    }
    if (kind == 1) {
      return 1 + random.nextInt(200 * 1024);
    }
    return 1 + random.nextInt(2_000);
  }
}
