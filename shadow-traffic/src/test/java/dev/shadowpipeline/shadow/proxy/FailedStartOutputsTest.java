package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy whose port is taken does not start, and leaves its output folder as it found it: no empty records.jsonl or
 * regression_suite.json of its own, and an earlier run's files untouched.
 */
class FailedStartOutputsTest {

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
