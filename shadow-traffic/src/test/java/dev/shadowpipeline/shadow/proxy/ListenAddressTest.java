package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The admin server never shares the proxy's socket: Vert.x lets servers on one host and port share a socket instead
 * of failing to bind, and callers would then reach the admin API.
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
