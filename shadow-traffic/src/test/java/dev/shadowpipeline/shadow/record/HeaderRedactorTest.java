package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderRedactorTest {

  private static final HeaderRedactor DEFAULT = HeaderRedactor.DEFAULT;

  @Test
  void theCredentialHeadersOfCommonApisAreMasked() {
    for (String name :
        List.of(
            "Authorization",
            "Proxy-Authorization",
            "Cookie",
            "Set-Cookie",
            "X-Api-Key",
            "api-key",
            "X-Goog-Api-Key",
            "X-Auth-Token",
            "X-Amz-Security-Token",
            "X-CSRF-Token",
            "Ocp-Apim-Subscription-Key",
            "x-functions-key")) {
      assertThat(DEFAULT.redacts(name)).as(name).isTrue();
      assertThat(DEFAULT.valueFor(name, "v")).isEqualTo(HeaderRedactor.MASK);
    }
  }

  @Test
  void namesContainingACredentialWordAreMasked() {
    for (String name :
        List.of(
            "X-Tenant-Token",
            "X-RapidAPI-Key",
            "X-Api_Key-Id",
            "x-client-secret",
            "X-Db-Password",
            "X-Hub-Signature-256",
            "X-Session-Id",
            "WWW-Authenticate",
            "X-Amz-Credential",
            "X-Private-Key",
            "x-aws-access-key-id",
            "X-JWT-Assertion")) {
      assertThat(DEFAULT.redacts(name)).as(name).isTrue();
    }
  }

  @Test
  void ordinaryHeadersStayVisible() {
    for (String name :
        List.of(
            "Content-Type",
            "Accept",
            "X-Request-Id",
            "User-Agent",
            "X-Trace",
            "Content-Length",
            "X-Shadow-Request-Id",
            "Idempotency-Key",
            "Cache-Control")) {
      assertThat(DEFAULT.redacts(name)).as(name).isFalse();
      assertThat(DEFAULT.valueFor(name, "v")).isEqualTo("v");
    }
  }

  @Test
  void extraNamesAreMaskedAndKeptNamesStayVisible() {
    HeaderRedactor custom =
        new HeaderRedactor(List.of("X-Tenant")).keeping(List.of("x-session-sampled"));
    assertThat(custom.redacts("x-tenant")).isTrue();
    assertThat(custom.redacts("X-Session-Sampled")).isFalse();
    assertThat(custom.redacts("X-Session-Id")).isTrue();
    assertThat(custom.redacts("Authorization")).isTrue();
  }

  @Test
  void aCredentialHeaderCannotBeKept() {
    assertThatThrownBy(() -> DEFAULT.keeping(List.of("Authorization")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Authorization'");
    assertThatThrownBy(() -> DEFAULT.redacting(List.of("X-A")).keeping(List.of("x_a")))
        .hasMessageContaining("always masked");
  }
}
