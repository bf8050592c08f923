package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * What the proxy listens on against what it talks to: the admin server never shares the proxy's socket (Vert.x lets
 * servers on one host and port share a socket instead of failing to bind, and callers would then reach the admin
 * API), and no upstream is the proxy itself (every request would come back round).
 */
class ListenAddressTest {

  @Test
  void listenersOverlapOnTheSameAddressOrAWildcard() {
    assertThat(ProxyConfig.overlap("127.0.0.1", "127.0.0.1")).isTrue();
    assertThat(ProxyConfig.overlap("localhost", "127.0.0.1")).isTrue();
    assertThat(ProxyConfig.overlap("0.0.0.0", "127.0.0.1")).isTrue();
    assertThat(ProxyConfig.overlap("127.0.0.1", "::")).isTrue();
    assertThat(ProxyConfig.overlap("127.0.0.1", "127.0.0.2")).isFalse();
  }

  @Test
  void anUpstreamOnTheProxysOwnAddressIsFound() {
    assertThat(onItself("127.0.0.1", 18_082, "http://127.0.0.1:18082", "http://127.0.0.1:2"))
        .isEqualTo("primary");
    assertThat(onItself("127.0.0.1", 18_082, "http://127.0.0.1:1", "http://localhost:18082/v1"))
        .isEqualTo("shadow");
    // listening on every address: any address of this machine reaches it
    assertThat(onItself("0.0.0.0", 18_082, "http://127.0.0.1:18082", "http://127.0.0.1:2"))
        .isEqualTo("primary");
    // connecting to the wildcard address connects to this machine
    assertThat(onItself("127.0.0.1", 18_082, "http://0.0.0.0:18082", "http://127.0.0.1:2"))
        .isEqualTo("primary");
    // another port, another loopback address, a host not of this machine
    assertThat(onItself("127.0.0.1", 18_082, "http://127.0.0.1:18083", "http://127.0.0.1:2"))
        .isNull();
    assertThat(onItself("127.0.0.1", 18_082, "http://127.0.0.2:18082", "http://127.0.0.1:2"))
        .isNull();
    assertThat(onItself("0.0.0.0", 18_082, "http://models.invalid:18082", "http://127.0.0.1:2"))
        .isNull();
    // (an upstream at port 0, which "any free port" would match, is refused as a URL:
    // UpstreamAddressTest)
    assertThat(
            ProxyConfig.builder()
                .primary("http://127.0.0.1:1")
                .shadow("http://127.0.0.1:2")
                .secondary("http://127.0.0.1:18082")
                .host("127.0.0.1")
                .port(18_082)
                .build()
                .upstreamOnItself())
        .isEqualTo("secondary");
  }

  private static String onItself(String host, int port, String primary, String shadow) {
    return ProxyConfig.builder()
        .primary(primary)
        .shadow(shadow)
        .host(host)
        .port(port)
        .build()
        .upstreamOnItself();
  }

  @Test
  void aProxyWhosePrimaryIsItselfDoesNotStart() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    ProxyConfig config =
        ProxyConfig.builder()
            .primary("http://127.0.0.1:" + port)
            .shadow("http://127.0.0.1:2")
            .host("127.0.0.1")
            .port(port)
            .adminPort(-1)
            .outDir(java.nio.file.Files.createTempDirectory("loop"))
            .build();
    assertThatThrownBy(() -> ShadowProxy.builder(config).start().close())
        .isInstanceOf(ProxyStartException.class)
        .hasMessageContaining("the primary model's URL is this proxy's own address, port " + port);
  }

  @Test
  void anAdminPortEqualToTheProxysPortIsRefusedNamingTheAdminPort() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    // the same host (which Vert.x would share silently) and a wildcard (which bind(2) would refuse)
    for (String adminHost : new String[] {"127.0.0.1", "0.0.0.0"}) {
      ProxyConfig config =
          ProxyConfig.builder()
              .primary("http://127.0.0.1:1")
              .shadow("http://127.0.0.1:2")
              .host("127.0.0.1")
              .port(port)
              .adminHost(adminHost)
              .adminPort(port)
              .outDir(java.nio.file.Files.createTempDirectory("listen"))
              .build();
      assertThatThrownBy(() -> ShadowProxy.builder(config).start().close())
          .as(adminHost)
          .isInstanceOf(ProxyStartException.class)
          .hasMessageContaining("the admin server cannot listen on the proxy's own port " + port)
          .satisfies(
              e ->
                  assertThat(((ProxyStartException) e).setting())
                      .isEqualTo(ProxyStartException.Setting.ADMIN_PORT));
    }
  }
}
