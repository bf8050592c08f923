package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS upstreams: verified against a given CA, refused when untrusted, accepted blindly only with --insecure. */
class HttpsUpstreamTest {

  private static Vertx vertx;
  private static TestCertificates certs;
  private static TestUpstream tlsPrimary;
  private static TestUpstream tlsShadow;
  @TempDir Path out;

  @BeforeAll
  static void startTlsUpstreams(@TempDir Path keys) throws Exception {
    vertx = Vertx.vertx();
    certs = TestCertificates.create(keys);
    tlsPrimary =
        TestUpstream.startTls(
            vertx, certs.keyStore(), certs.password(), TestUpstream.json(200, "{\"secure\":true}"));
    tlsShadow =
        TestUpstream.startTls(
            vertx, certs.keyStore(), certs.password(), TestUpstream.json(200, "{\"secure\":true}"));
  }

  @AfterAll
  static void stop() throws Exception {
    tlsPrimary.close();
    tlsShadow.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String https(TestUpstream upstream) {
    return "https://localhost:" + upstream.port();
  }

  @Test
  void upstreamsVerifiedAgainstTheGivenCa() throws Exception {
    try (ProxyHarness proxy =
        new ProxyHarness(
            https(tlsPrimary), https(tlsShadow), out, b -> b.upstreamCa(certs.certificatePem()))) {
      HttpResponse<byte[]> answer = proxy.post("/predict", "{}");
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"secure\":true}");
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records).singleElement().satisfies(r -> assertThat(Verdicts.agrees(r)).isTrue());
    }
  }

  @Test
  void anUntrustedCertificateIsATlsFailureNotAnAnswer() throws Exception {
    try (ProxyHarness proxy = ProxyHarness.start(https(tlsPrimary), https(tlsShadow), out)) {
      HttpResponse<byte[]> answer = proxy.post("/predict", "{}");
      assertThat(answer.statusCode()).isEqualTo(502);
      assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("TLS handshake");
      List<JsonNode> records = proxy.closeAndReadRecords();
      assertThat(records)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.at("/primary/error/kind").asText()).isEqualTo("tls");
                assertThat(r.at("/shadow/error/kind").asText()).isEqualTo("tls");
              });
    }
  }

  @Test
  void insecureAcceptsAnyCertificate() throws Exception {
    try (ProxyHarness proxy =
        new ProxyHarness(https(tlsPrimary), https(tlsShadow), out, b -> b.insecure(true))) {
      assertThat(proxy.post("/predict", "{}").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anUnreadableCaFileStopsTheStart() {
    Path missing = out.resolve("missing.pem");
    assertThat(Files.exists(missing)).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new ProxyHarness(
                    https(tlsPrimary), https(tlsShadow), out, b -> b.upstreamCa(missing)))
        .isInstanceOf(ProxyStartException.class)
        .hasMessageContaining("missing.pem")
        .satisfies(
            e ->
                assertThat(((ProxyStartException) e).setting())
                    .isEqualTo(ProxyStartException.Setting.UPSTREAM_CA));
  }
}
