package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import dev.shadowpipeline.shadow.suite.SuiteEntry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy whose port is taken does not start, and leaves its output folder as it found it: no empty records.jsonl or
 * regression_suite.json of its own, and an earlier run's files untouched.
 */
class FailedStartOutputsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  @Test
  void aProxyThatCannotListenLeavesNoEmptyOutputs() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> ShadowProxy.builder(config(taken.getLocalPort())).start().close())
          .isInstanceOf(ProxyStartException.class);
    }
    assertThat(out.resolve("records.jsonl")).doesNotExist();
    assertThat(out.resolve("regression_suite.json")).doesNotExist();
  }

  @Test
  void anEarlierRunsFilesAreKept() throws Exception {
    String earlier = "{\"earlier\":\"record\"}\n";
    Files.writeString(out.resolve("records.jsonl"), earlier);
    Files.writeString(out.resolve("regression_suite.json"), "{\"entries\":[]}");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> ShadowProxy.builder(config(taken.getLocalPort())).start().close())
          .isInstanceOf(ProxyStartException.class);
    }
    assertThat(Files.readString(out.resolve("records.jsonl"), StandardCharsets.UTF_8))
        .isEqualTo(earlier);
    assertThat(out.resolve("regression_suite.json")).exists();
  }

  @Test
  void anEarlierRunsSuiteIsKeptWholeThoughThisRunsBoundIsSmaller() throws Exception {
    RegressionSuite earlier = new RegressionSuite(100);
    for (int i = 0; i < 20; i++) {
      earlier.add(
          SuiteEntry.of(
              "k" + i,
              "POST",
              "/predict",
              null,
              JSON.createObjectNode().put("i", i),
              JSON.createObjectNode().put("label", "a"),
              JSON.createObjectNode().put("label", "b"),
              Severity.CRITICAL,
              List.of("label_flip /label"),
              Instant.parse("2026-12-01T00:00:00Z"),
              Instant.parse("2026-12-01T00:00:00Z"),
              1,
              "r" + i));
    }
    Path suiteFile = out.resolve(RegressionSuite.FILE);
    earlier.write(suiteFile, JSON);
    byte[] before = Files.readAllBytes(suiteFile);
    CaptureSettings fiveEntries =
        CaptureSettings.defaults(1e-6, List.of(), List.of()).withSuiteMax(5, 1L << 20);
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  ShadowProxy.builder(config(taken.getLocalPort()))
                      .capture(fiveEntries)
                      .start()
                      .close())
          .isInstanceOf(ProxyStartException.class);
    }
    assertThat(Files.readAllBytes(suiteFile)).isEqualTo(before);
  }

  @Test
  void anEmptyRecordsFileOfAnEarlierRunIsKept() throws Exception {
    Files.createFile(out.resolve("records.jsonl"));
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> ShadowProxy.builder(config(taken.getLocalPort())).start().close())
          .isInstanceOf(ProxyStartException.class);
    }
    assertThat(out.resolve("records.jsonl")).exists();
  }

  private ProxyConfig config(int port) {
    return ProxyConfig.builder()
        .primary("http://127.0.0.1:1")
        .shadow("http://127.0.0.1:2")
        .host("127.0.0.1")
        .port(port)
        .adminPort(-1)
        .outDir(out)
        .build();
  }
}
