package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request bodies over --max-body are refused with 413 and reach neither model. */
class BodyLimitTest {

  private static final int LIMIT = 1024;
  private Vertx vertx;
  private TestUpstream primary;
  private TestUpstream shadow;
  private ProxyHarness proxy;
  @TempDir Path out;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    primary = TestUpstream.start(vertx, TestUpstream.echo());
    shadow = TestUpstream.start(vertx, TestUpstream.echo());
    proxy = new ProxyHarness(primary.url(), shadow.url(), out, b -> b.maxBodyBytes(LIMIT));
  }

  @AfterEach
  void tearDown() throws Exception {
    proxy.close();
    primary.close();
    shadow.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void declaredLengthOverTheLimitIsRefusedBeforeReading() {
    HttpResponse<byte[]> answer = proxy.post("/predict", "x".repeat(LIMIT + 1));
    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .contains("--max-body")
        .contains("1024 bytes");
    assertThat(primary.receivedCount()).isZero();
    assertThat(shadow.receivedCount()).isZero();
    assertThat(proxy.proxy.stats().rejectedTooLarge()).isEqualTo(1);
  }

  @Test
  void chunkedBodyGrowingOverTheLimitIsRefused() {
    byte[] big = new byte[LIMIT * 8];
    Arrays.fill(big, (byte) 'y');
    // an InputStream publisher has no known length, so the JDK client sends it chunked
    HttpResponse<byte[]> answer =
        proxy.send(
            HttpRequest.newBuilder(URI.create(proxy.url() + "/predict"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build());
    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(primary.receivedCount()).isZero();
    assertThat(shadow.receivedCount()).isZero();
  }

  @Test
  void aBodyOfExactlyTheLimitIsForwarded() {
    String body = "z".repeat(LIMIT);
    HttpResponse<byte[]> answer = proxy.post("/predict", body);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(body);
  }
}
