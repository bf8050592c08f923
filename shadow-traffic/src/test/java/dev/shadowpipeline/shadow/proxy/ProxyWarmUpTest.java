package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.shadow.capture.CaptureSettings;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rehearsal before a proxy opens its port: requests go through a stand-in proxy to stand-in models, never to the
 * configured models, and nothing is left behind.
 */
class ProxyWarmUpTest {

  private final Vertx vertx = Vertx.vertx();

  @TempDir Path dir;

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void rehearsesOnStandInsAndLeavesNothingBehind() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.json(200, "{\"a\":1}"));
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.json(200, "{\"a\":2}"))) {
      Path out = dir.resolve("out");
      Path temp = Files.createDirectory(dir.resolve("tmp"));
      ProxyConfig config =
          ProxyConfig.builder(
                  "http://127.0.0.1:" + primary.port(), "http://127.0.0.1:" + shadow.port())
              .outDir(out)
              .sampleRate(0.01) // the rehearsal mirrors every request whatever the real rate
              .build();

      ProxyWarmUp.Result result =
          ProxyWarmUp.run(
              config,
              CaptureSettings.defaults(
                  config.relativeTolerance(), config.ignore(), config.redactHeaders()),
              Duration.ofMillis(500),
              0,
              System::nanoTime,
              temp);

      assertThat(result.requests()).isPositive();
      assertThat(result.failed()).isZero();
      assertThat(result.took()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
      // the configured models saw nothing, the configured output folder was never made
      assertThat(primary.received()).isEmpty();
      assertThat(shadow.received()).isEmpty();
      assertThat(out).doesNotExist();
      // the stand-in's records went with its temporary folder
      try (Stream<Path> left = Files.list(temp)) {
        assertThat(left).isEmpty();
      }
    }
  }

  @Test
  void endsOnceEnoughRequestsAreAnsweredEvenWithTimeLeft() throws Exception {
    ProxyConfig config =
        ProxyConfig.builder("http://127.0.0.1:1", "http://127.0.0.1:2")
            .outDir(dir.resolve("out"))
            .build();
    CaptureSettings capture =
        CaptureSettings.defaults(
            config.relativeTolerance(), config.ignore(), config.redactHeaders());

    ProxyWarmUp.Result result =
        ProxyWarmUp.run(config, capture, Duration.ofMinutes(10), 40, System::nanoTime, dir);

    // the requests still in flight when the 40th answer came are answered too, none is sent after
    // it
    assertThat(result.requests()).isBetween(40L, 40L + ProxyWarmUp.CONCURRENCY - 1);
    assertThat(result.failed()).isZero();
    assertThat(result.took()).isLessThan(Duration.ofMinutes(10));
    assertThatThrownBy(
            () ->
                ProxyWarmUp.run(config, capture, Duration.ofSeconds(1), -1, System::nanoTime, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warm-up requests must not be negative: -1");
  }

  @Test
  void theStandInKeepsTheComparisonSettingsAndDropsWhatMustNotBeShared() {
    ProxyConfig config =
        ProxyConfig.builder("https://models.example:8443/v1", "https://shadow.example/v2")
            .port(8080)
            .adminPort(9090)
            .adminToken("secret-token")
            .sampleRate(0.1)
            .mirrorMethods(Set.of("GET"))
            .secondary("http://baseline.example:1")
            .secondarySampleRate(0.05)
            .relativeTolerance(0.02)
            .maxBodyBytes(4096)
            .primaryTimeout(Duration.ofSeconds(3))
            .build();
    ProxyConfig standIn =
        config.standIn(
            UpstreamAddress.parse("http://127.0.0.1:1"),
            UpstreamAddress.parse("http://127.0.0.1:2"),
            dir);

    assertThat(standIn.primary().toString()).isEqualTo("http://127.0.0.1:1");
    assertThat(standIn.shadow().toString()).isEqualTo("http://127.0.0.1:2");
    assertThat(standIn.host()).isEqualTo("127.0.0.1");
    assertThat(standIn.port()).isZero();
    assertThat(standIn.adminEnabled()).isFalse();
    assertThat(standIn.adminToken()).isNull();
    assertThat(standIn.hasSecondary()).isFalse();
    assertThat(standIn.sampleRate()).isEqualTo(1.0);
    assertThat(standIn.mirrorMethods()).isEmpty(); // every method: the rehearsal's POSTs too
    assertThat(standIn.outDir()).isEqualTo(dir);
    assertThat(standIn.relativeTolerance()).isEqualTo(0.02);
    assertThat(standIn.maxBodyBytes()).isEqualTo(4096);
    assertThat(standIn.primaryTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(standIn.upstreamCa()).isNull();
  }
}
