package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
    assertThatThrownBy(() -> UpstreamAddress.parse("localhost:8000"))
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> UpstreamAddress.parse("ftp://x")).hasMessageContaining("ftp://x");
    assertThatThrownBy(() -> UpstreamAddress.parse("http:///predict"))
        .hasMessageContaining("no host");
    assertThatThrownBy(() -> UpstreamAddress.parse("http://h/p?q=1")).hasMessageContaining("query");
    assertThatThrownBy(() -> UpstreamAddress.parse("http://h h"))
        .hasMessageContaining("not a valid URL");
  }

  @Test
  void aHostNameWithAnUnderscoreIsAHost() {
    // docker compose names services model_a; java.net.URI reads such a name as no host at all
    UpstreamAddress a = UpstreamAddress.parse("http://model_a:8000/v1");
    assertThat(a.host()).isEqualTo("model_a");
    assertThat(a.port()).isEqualTo(8000);
    assertThat(a.basePath()).isEqualTo("/v1");
    assertThat(a.url()).isEqualTo("http://model_a:8000/v1");
    UpstreamAddress b = UpstreamAddress.parse("https://svc:p%40ss@shadow_model.internal");
    assertThat(b.host()).isEqualTo("shadow_model.internal");
    assertThat(b.port()).isEqualTo(443);
    assertThat(b.credentials().password()).isEqualTo("p@ss");
    assertThat(b.url()).isEqualTo("https://svc:****@shadow_model.internal");
    assertThatThrownBy(() -> UpstreamAddress.parse("http://model_a:99999"))
        .hasMessage("URL port must be 1-65535: http://model_a:99999");
    assertThatThrownBy(() -> UpstreamAddress.parse("http://model_a:80/p?q=1"))
        .hasMessageContaining("query");
    assertThatThrownBy(() -> UpstreamAddress.parse("http://model$a:80"))
        .hasMessageContaining("no host");
  }

  @Test
  void anUnencodedAtInAPasswordIsNamedWithTheWayToWriteIt() {
    assertThatThrownBy(() -> UpstreamAddress.parse("http://svc:p@ss@models:8001"))
        .hasMessage(
            "URL has no host: http://svc:****@models:8001 (a '@' in the user or password must be"
                + " written %40, as in user:p%40ss@host)")
        .hasMessageNotContaining("p@ss");
  }

  @Test
  void credentialsBecomeBasicAuthAndAreMaskedWhereverTheUrlIsShown() {
    UpstreamAddress a = UpstreamAddress.parse(" http://svc:p%40ss-w0rd@models:8001/v1 ");
    assertThat(a.credentials().user()).isEqualTo("svc");
    assertThat(a.credentials().password()).isEqualTo("p@ss-w0rd"); // decoded
    assertThat(a.credentials().basicAuthorization())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("svc:p@ss-w0rd".getBytes(StandardCharsets.UTF_8)));
    assertThat(a.url()).isEqualTo("http://svc:****@models:8001/v1");
    assertThat(a.toString()).isEqualTo(a.url());
    assertThat(a.credentials().toString()).isEqualTo("svc:****");
    assertThat(a.host()).isEqualTo("models");
    assertThat(a.port()).isEqualTo(8001);
    assertThat(a.basePath()).isEqualTo("/v1");
  }

  @Test
  void aLoneUserInfoIsATokenAndIsMaskedWhole() {
    UpstreamAddress a = UpstreamAddress.parse("https://sk-live-123@api.example.com");
    assertThat(a.url()).isEqualTo("https://****@api.example.com");
    assertThat(a.credentials().user()).isEqualTo("sk-live-123");
    assertThat(a.credentials().password()).isEmpty();
  }

  @Test
  void anAtSignInThePathDoesNotMoveTheMask() {
    UpstreamAddress a = UpstreamAddress.parse("http://u:pw@h:1/a@b");
    assertThat(a.url()).isEqualTo("http://u:****@h:1/a@b");
    assertThat(UpstreamAddress.parse("http://h:1/a@b").url()).isEqualTo("http://h:1/a@b");
    assertThat(UpstreamAddress.parse("http://h:1").credentials()).isNull();
  }

  @Test
  void rejectionsDoNotEchoThePassword() {
    assertThatThrownBy(() -> UpstreamAddress.parse("http://u:hunter2@h/p?q=1"))
        .hasMessageContaining("u:****@h")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> UpstreamAddress.parse("http://u:hun ter2@h"))
        .hasMessageContaining("not a valid URL")
        .hasMessageNotContaining("hun");
    assertThatThrownBy(() -> UpstreamAddress.parse("ftp://u:hunter2@h"))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aPortOutsideOneTo65535IsRefused() {
    // java.net.URI takes any digits as a port: the request would fail only when sent
    assertThatThrownBy(() -> UpstreamAddress.parse("http://127.0.0.1:99999"))
        .hasMessage("URL port must be 1-65535: http://127.0.0.1:99999");
    assertThatThrownBy(() -> UpstreamAddress.parse("https://u:hunter2@h:0/p"))
        .hasMessage("URL port must be 1-65535: https://u:****@h:0/p");
    assertThat(UpstreamAddress.parse("http://h:65535").port()).isEqualTo(65_535);
  }

  @Test
  void aRefusedQueryIsNotEchoed() {
    assertThatThrownBy(() -> UpstreamAddress.parse("http://127.0.0.1:18001/?api_key=QSECRET3"))
        .hasMessage("URL must not have a query or fragment: http://127.0.0.1:18001/?****");
    assertThatThrownBy(() -> UpstreamAddress.parse("http://h/p#token=QSECRET3"))
        .hasMessageNotContaining("QSECRET3");
    assertThatThrownBy(() -> UpstreamAddress.parse("http://h/p x?api_key=QSECRET3"))
        .hasMessageContaining("not a valid URL")
        .hasMessageNotContaining("QSECRET3");
  }

  @Test
  void authorizeCopiesTheHeadersAndReplacesTheCallersAuthorization() {
    MultiMap shared =
        HttpHeaders.headers().add("Authorization", "Bearer caller").add("X-Trace", "t");
    UpstreamAddress withCredentials = UpstreamAddress.parse("http://u:pw@h:1");
    MultiMap sent = withCredentials.authorize(shared);
    assertThat(sent.getAll("Authorization"))
        .containsExactly(withCredentials.credentials().basicAuthorization());
    assertThat(sent.get("X-Trace")).isEqualTo("t");
    assertThat(shared.getAll("Authorization"))
        .containsExactly("Bearer caller"); // the shared map is untouched
    assertThat(UpstreamAddress.parse("http://h:1").authorize(shared)).isSameAs(shared);
  }
}
