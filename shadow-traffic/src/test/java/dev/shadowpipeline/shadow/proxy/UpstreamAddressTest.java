package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpstreamAddressTest {

  @Test
  void parsesSchemeHostPortAndBasePath() {
    UpstreamAddress a = UpstreamAddress.parse("https://models.internal/v2/");
    assertThat(a.ssl()).isTrue();
    assertThat(a.host()).isEqualTo("models.internal");
    assertThat(a.port()).isEqualTo(443);
    assertThat(a.basePath()).isEqualTo("/v2");
    assertThat(a.target("/predict?x=1")).isEqualTo("/v2/predict?x=1");
    UpstreamAddress b = UpstreamAddress.parse("http://[::1]:8001");
    assertThat(b.host()).isEqualTo("::1");
    assertThat(b.port()).isEqualTo(8001);
    assertThat(b.target("/p")).isEqualTo("/p");
  }

  @Test
  void refusesWhatIsNotAnHttpUpstream() {
    assertThatThrownBy(() -> UpstreamAddress.parse("localhost:8000")).hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> UpstreamAddress.parse("ftp://x")).hasMessageContaining("ftp://x");
    assertThatThrownBy(() -> UpstreamAddress.parse("http:///predict")).hasMessageContaining("no host");
    assertThatThrownBy(() -> UpstreamAddress.parse("http://h/p?q=1")).hasMessageContaining("query");
    assertThatThrownBy(() -> UpstreamAddress.parse("http://h h")).hasMessageContaining("not a valid URL");
  }
}
