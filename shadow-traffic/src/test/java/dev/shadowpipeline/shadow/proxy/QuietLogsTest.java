package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A shadow that fails every copy is reported, not shouted: the metrics count every failure, the log says it once per
 * kind and interval with how many were held back.
 */
class QuietLogsTest {

  private Vertx vertx;
  private ListAppender<ILoggingEvent> appender;
  private Logger root;
  @TempDir Path out;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void tearDown() throws Exception {
    root.detachAppender(appender);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aShadowThatClosesEveryConnectionWritesAHandfulOfLinesForTwoHundredRequests()
      throws Exception {
    try (TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.reset())) {
      twoHundredRequestsAgainst(shadow.url());
    }
  }

  @Test
  void aShadowThatResetsEveryConnectionWritesAHandfulOfLinesForTwoHundredRequests()
      throws Exception {
    // a TCP reset (RST), as a crashed or overloaded server sends: the case that used to log an
    // ERROR per copy
    try (ServerSocket server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.setSoLinger(true, 0);
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "rst-server");
      acceptor.setDaemon(true);
      acceptor.start();
      twoHundredRequestsAgainst("http://127.0.0.1:" + server.getLocalPort());
    }
  }

  private void twoHundredRequestsAgainst(String shadowUrl) throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadowUrl, out)) {
      for (int i = 0; i < 200; i++) {
        assertThat(
                new String(
                    proxy.post("/predict", "{\"i\":" + i + "}").body(), StandardCharsets.UTF_8))
            .isEqualTo("{\"i\":" + i + "}");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.proxy.summary().requests() == 200);
      assertThat(proxy.proxy.stats().shadowFailures()).isEqualTo(200);

      List<ILoggingEvent> loud =
          appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
      // the first failure of its kind is logged, the rest of this interval (10 s) only counted
      assertThat(loud).as(loud.toString()).hasSizeLessThanOrEqualTo(3);
      assertThat(loud).noneMatch(e -> e.getLevel() == Level.ERROR);
      assertThat(loud.get(0).getFormattedMessage()).startsWith("shadow failed:");
    }
  }
}
