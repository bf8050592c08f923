package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shadowpipeline.shadow.record.WorkerPriority;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy's record worker runs at {@code --record-nice}, read back from the kernel; the threads that serve callers
 * keep the process's priority, also while pairs are being recorded (a thread the worker started would inherit its
 * value). By default it keeps the proxy's own. Linux only: elsewhere the metric says NaN and nothing changes.
 */
class RecordWorkerPriorityTest {

  private static final String NICE = "shadow_record_worker_nice";
  private Vertx vertx;
  @TempDir Path out;

  @BeforeEach
  void setUp() {
    assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux with /proc/thread-self");
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theWorkerRunsAtTheNiceValueGivenAndTheEventLoopsDoNot() throws Exception {
    int base = WorkerPriority.currentNice();
    assumeTrue(base < 10, "the tests run at nice " + base);
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(primary.url(), shadow.url(), out, b -> b.recordNice(10))) {
      for (int i = 0; i < 20; i++) {
        proxy.post("/predict", "{\"i\":" + i + "}");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.proxy.summary().requests() == 20);
      assertThat(metric(proxy)).isEqualTo(10);
      // every thread of this JVM at another value than the tests' is a record worker
      List<String> niced = new ArrayList<>();
      for (Path task : tasks()) {
        try {
          String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
          if (WorkerPriority.niceOf(task.resolve("stat")) != base) {
            niced.add(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
          }
        } catch (NoSuchFileException ended) {
          // a thread that ended since the listing
        }
      }
      assertThat(niced).isNotEmpty().allMatch("shadow-records"::equals);
    }
  }

  @Test
  void byDefaultTheWorkerKeepsTheProxysOwnPriority() throws Exception {
    int base = WorkerPriority.currentNice();
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy = new ProxyHarness(primary.url(), shadow.url(), out, b -> b)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> !Double.isNaN(metric(proxy)));
      assertThat(metric(proxy)).isEqualTo(base);
    }
  }

  private static List<Path> tasks() throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      return tasks.toList();
    }
  }

  private static double metric(ProxyHarness proxy) {
    for (String line : proxy.proxy.scrapeMetrics().lines().toList()) {
      if (line.startsWith(NICE + " ")) {
        return Double.parseDouble(line.substring(NICE.length() + 1).trim());
      }
    }
    throw new AssertionError("no meter " + NICE + " in /metrics");
  }
}
