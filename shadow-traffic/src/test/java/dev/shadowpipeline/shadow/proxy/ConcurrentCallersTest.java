package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hundreds of callers at once: each gets exactly the bytes the primary sent for its own request. */
class ConcurrentCallersTest {

  private static final int CALLERS = 300;
  private Vertx vertx;
  @TempDir Path out;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyCallerGetsItsOwnAnswerByteForByte() throws Exception {
    Map<String, byte[]> sentByPrimary = new ConcurrentHashMap<>();
    TestUpstream.Responder primaryModel =
        (req, body) -> {
          String id = req.getHeader("X-Caller");
          int n = Integer.parseInt(id);
          // answers of varied size and framing: some compressed, some chunked, some with a length
          String json = "{\"caller\":" + n + ",\"pad\":\"" + "p".repeat(n * 37 % 5000) + "\"}";
          byte[] bytes = n % 3 == 0 ? gzip(json) : json.getBytes(StandardCharsets.UTF_8);
          sentByPrimary.put(id, bytes);
          var resp = req.response().putHeader("Content-Type", "application/json");
          if (n % 3 == 0) {
            resp.putHeader("Content-Encoding", "gzip");
          }
          if (n % 2 == 0) {
            resp.setChunked(true).write(Buffer.buffer(bytes)).compose(v -> resp.end());
          } else {
            resp.end(Buffer.buffer(bytes));
          }
        };
    TestUpstream.Responder shadowModel =
        (req, body) -> {
          int n = Integer.parseInt(req.getHeader("X-Caller"));
          String json = "{\"caller\":" + n + ",\"pad\":\"" + "p".repeat(n * 37 % 5000) + "\"}";
          // the shadow disagrees on every tenth caller
          req.response()
              .putHeader("Content-Type", "application/json")
              .end(n % 10 == 0 ? json.replace("\"caller\"", "\"kaller\"") : json);
        };
    try (TestUpstream primary =
            TestUpstream.start(vertx, TestUpstream.delayed(vertx, 5, primaryModel));
        TestUpstream shadow = TestUpstream.start(vertx, shadowModel)) {
      ProxyHarness proxy = new ProxyHarness(primary.url(), shadow.url(), out, b -> b);
      LoopbackCaller callers = new LoopbackCaller(vertx, CALLERS);

      List<Future<LoopbackCaller.Answer>> answers = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        RequestOptions options =
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost("127.0.0.1")
                .setPort(proxy.proxy.port())
                .setURI("/predict")
                .putHeader("X-Caller", Integer.toString(i))
                .putHeader("Accept-Encoding", "gzip");
        String body = "{\"caller\":" + i + "}";
        answers.add(callers.send(options, Buffer.buffer(body)));
      }
      Future.all(answers).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

      for (int i = 0; i < CALLERS; i++) {
        assertThat(answers.get(i).result().body().getBytes())
            .as("caller %d", i)
            .isEqualTo(sentByPrimary.get(Integer.toString(i)));
      }
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).hasSize(CALLERS);
      Set<Integer> seen = new HashSet<>();
      for (JsonNode r : records) {
        int caller = r.at("/request/body/caller").asInt();
        seen.add(caller);
        assertThat(r.at("/primary/body/caller").asInt()).isEqualTo(caller);
        assertThat(Verdicts.agrees(r)).as("caller %d", caller).isEqualTo(caller % 10 != 0);
        if (caller % 3 == 0) {
          assertThat(r.at("/primary/content_encoding").asText()).isEqualTo("gzip");
        }
      }
      assertThat(seen).hasSize(CALLERS);
      assertThat(proxy.proxy.stats().matches()).isEqualTo(CALLERS - CALLERS / 10);
      assertThat(proxy.proxy.stats().mismatches()).isEqualTo(CALLERS / 10);
    }
  }

  private static byte[] gzip(String s) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
        gz.write(s.getBytes(StandardCharsets.UTF_8));
      }
      return bytes.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
