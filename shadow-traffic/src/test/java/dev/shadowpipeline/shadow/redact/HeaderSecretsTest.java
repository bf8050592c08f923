package dev.shadowpipeline.shadow.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderSecretsTest {

  @Test
  void aValueLosesTheLineBreakASecretFileEndsWith() {
    assertThat(HeaderSecrets.value("the API key", "sk-abc123\n")).isEqualTo("sk-abc123");
    assertThat(HeaderSecrets.value("the API key", "  sk-abc123\r\n")).isEqualTo("sk-abc123");
    assertThat(HeaderSecrets.value("the API key", "Bearer\tsk-abc123"))
        .isEqualTo("Bearer\tsk-abc123");
  }

  @Test
  void aControlCharacterInsideIsRefusedNamingTheSettingNeverTheValue() {
    assertThatThrownBy(() -> HeaderSecrets.value("the API key", "sk-abc\n123"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "the API key holds a control character (0x0A, at character 7 of 10)")
        .hasMessageNotContaining("sk-abc")
        .hasMessageNotContaining("123");
    // what the JDK's client would have said, on the exporter's thread: the value itself
    assertThatThrownBy(
            () ->
                HttpRequest.newBuilder(URI.create("http://127.0.0.1/"))
                    .header("x-api-key", "sk-abc\n123"))
        .hasMessageContaining("sk-abc");
  }

  @Test
  void headersKeepTheirOrderAndAreSentAsTheJdkClientTakesThem() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("x-api-key", "k1\n");
    given.put(" Authorization ", "Bearer t2 ");
    Map<String, String> checked = HeaderSecrets.headers("--otlp-headers", given);
    assertThat(checked)
        .containsExactly(Map.entry("x-api-key", "k1"), Map.entry("Authorization", "Bearer t2"));
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1/"));
    checked.forEach(builder::header); // does not throw
    assertThat(builder.build().headers().firstValue("x-api-key")).contains("k1");
  }

  @Test
  void aNameTheClientCannotSendIsRefusedByName() {
    assertThatThrownBy(() -> HeaderSecrets.headers("--otlp-headers", Map.of("Host", "h")))
        .hasMessage(
            "--otlp-headers: header 'Host' is set by the HTTP client itself and cannot be given");
    assertThatThrownBy(() -> HeaderSecrets.headers("--otlp-headers", Map.of("x api key", "v")))
        .hasMessage(
            "--otlp-headers: 'x api key' is not a header name (letters, digits and"
                + " !#$%&'*+-.^_`|~ only)");
    assertThatThrownBy(
            () -> HeaderSecrets.headers("--otlp-headers", Map.of("x-key", "secret\u0000value")))
        .hasMessageStartingWith(
            "--otlp-headers: the value of header 'x-key' holds a control character (0x00")
        .hasMessageNotContaining("secret");
  }
}
