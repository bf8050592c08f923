package dev.shadowpipeline.shadow.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryRedactorTest {

  private static final QueryRedactor DEFAULT = QueryRedactor.DEFAULT;

  @Test
  void masksOnlyTheValuesOfCredentialParametersAndKeepsTheRestByteForByte() {
    assertThat(DEFAULT.redact("a=1&API_KEY=x&b")).isEqualTo("a=1&API_KEY=[REDACTED]&b");
    assertThat(DEFAULT.redact("q=caf%C3%A9+au+lait&key=AIzaSy123&n=10"))
        .isEqualTo("q=caf%C3%A9+au+lait&key=[REDACTED]&n=10");
    assertThat(DEFAULT.redact("sv=2024-01-01&se=2030&sp=r&sig=abc%2Bdef%3D"))
        .isEqualTo("sv=2024-01-01&se=2030&sp=r&sig=[REDACTED]");
    assertThat(DEFAULT.redact("X-Amz-Credential=AKIA%2F2026&X-Amz-Signature=f00d&X-Amz-Expires=60"))
        .isEqualTo("X-Amz-Credential=[REDACTED]&X-Amz-Signature=[REDACTED]&X-Amz-Expires=60");
  }

  @Test
  void theNameIsMatchedDecodedAndIgnoringCaseAndSeparators() {
    assertThat(DEFAULT.redact("%61pi_key=x")).isEqualTo("%61pi_key=[REDACTED]");
    assertThat(DEFAULT.redact("api%5Fkey=x&Api-Key=y&api+key=z&api.key=w"))
        .isEqualTo("api%5Fkey=[REDACTED]&Api-Key=[REDACTED]&api+key=[REDACTED]&api.key=[REDACTED]");
    assertThat(DEFAULT.redact("ACCESS_TOKEN=t")).isEqualTo("ACCESS_TOKEN=[REDACTED]");
  }

  @Test
  void namesContainingACredentialWordAreMaskedToo() {
    assertThat(
            DEFAULT.redact(
                "my_app_token=1&db-password=2&clientSecret=3&x-goog-signature=4&oauth_nonce=5"))
        .isEqualTo(
            "my_app_token=[REDACTED]&db-password=[REDACTED]&clientSecret=[REDACTED]"
                + "&x-goog-signature=[REDACTED]&oauth_nonce=[REDACTED]");
    // near misses: 'key' alone is exact, not a fragment, so search words stay readable
    assertThat(DEFAULT.redact("keyword=shoes&monkey=1&keys=2"))
        .isEqualTo("keyword=shoes&monkey=1&keys=2");
  }

  @Test
  void edgeCases() {
    assertThat(DEFAULT.redact(null)).isNull();
    assertThat(DEFAULT.redact("")).isEmpty();
    String plain = "a=1&b=2";
    assertThat(DEFAULT.redact(plain)).isSameAs(plain); // no secret: no copy
    assertThat(DEFAULT.redact("token=")).isEqualTo("token="); // an empty value hides nothing
    assertThat(DEFAULT.redact("token")).isEqualTo("token");
    assertThat(DEFAULT.redact("token=&x=1")).isEqualTo("token=&x=1");
    assertThat(DEFAULT.redact("token=a&token=b&token=c"))
        .isEqualTo("token=[REDACTED]&token=[REDACTED]&token=[REDACTED]");
    assertThat(DEFAULT.redact("token=a=b=c")).isEqualTo("token=[REDACTED]");
    assertThat(DEFAULT.redact("&&key=s&&")).isEqualTo("&&key=[REDACTED]&&");
    assertThat(DEFAULT.redact("a=1;sig=s;b=2")).isEqualTo("a=1;sig=[REDACTED];b=2");
    assertThat(DEFAULT.redact("=v&key=s")).isEqualTo("=v&key=[REDACTED]");
    assertThat(DEFAULT.redact("%zzkey=1&%4=2&key%=3")).isEqualTo("%zzkey=1&%4=2&key%=[REDACTED]");
    assertThat(DEFAULT.redact("key=s")).isEqualTo("key=[REDACTED]");
    assertThat(DEFAULT.redact("x=1&key=s")).isEqualTo("x=1&key=[REDACTED]");
  }

  @Test
  void extendingAndKeeping() {
    QueryRedactor custom =
        DEFAULT.redacting(List.of("tenant")).keeping(List.of("author", "session_sampled"));
    assertThat(custom.redact("tenant=acme&author=ann&session_sampled=1&sessionid=s"))
        .isEqualTo("tenant=[REDACTED]&author=ann&session_sampled=1&sessionid=[REDACTED]");
    assertThat(DEFAULT.redact("author=ann")).isEqualTo("author=[REDACTED]");
  }

  @Test
  void anExactCredentialNameCannotBeKept() {
    assertThatThrownBy(() -> DEFAULT.keeping(List.of("API-KEY")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'API-KEY'")
        .hasMessageContaining("always");
    assertThatThrownBy(() -> DEFAULT.keeping(List.of("author")).redacting(List.of("Author")))
        .hasMessageContaining("both redacted and kept");
    assertThatThrownBy(() -> DEFAULT.redacting(List.of(" - "))).hasMessageContaining("not a name");
  }

  @Test
  void decodeIsLenient() {
    assertThat(QueryRedactor.decode("a%20b+c%zz%")).isEqualTo("a b c%zz%");
    assertThat(QueryRedactor.decode("caf%C3%A9")).isEqualTo("café");
  }

  @Test
  void secretParametersNamesWhatRedactWouldMask() {
    assertThat(QueryRedactor.DEFAULT.secretParameters("orgId=1&left=x&%61pi_key=k;Token=t&sig="))
        .containsExactly("api_key", "Token"); // an empty value hides nothing, as in redact
    assertThat(QueryRedactor.DEFAULT.secretParameters("orgId=1&left=%7B%7D")).isEmpty();
    assertThat(QueryRedactor.DEFAULT.secretParameters(null)).isEmpty();
  }
}
