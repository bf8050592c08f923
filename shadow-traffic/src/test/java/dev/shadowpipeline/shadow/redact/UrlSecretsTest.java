package dev.shadowpipeline.shadow.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlSecretsTest {

  @Test
  void masksThePasswordOrALoneUserInfo() {
    assertThat(UrlSecrets.mask("http://user:pass@host:8001/v1"))
        .isEqualTo("http://user:****@host:8001/v1");
    assertThat(UrlSecrets.mask("https://sk-token@api.example.com"))
        .isEqualTo("https://****@api.example.com");
    assertThat(UrlSecrets.mask("http://user:@host")).isEqualTo("http://user:****@host");
    assertThat(UrlSecrets.mask("jdbc:postgresql://u:p@db:5432/x"))
        .isEqualTo("jdbc:postgresql://u:****@db:5432/x");
  }

  @Test
  void leavesUrlsWithoutCredentialsAlone() {
    assertThat(UrlSecrets.mask("http://host:8001/v1")).isEqualTo("http://host:8001/v1");
    assertThat(UrlSecrets.mask("not a url @ all")).isEqualTo("not a url @ all");
    assertThat(UrlSecrets.mask(null)).isNull();
  }

  @Test
  void aMalformedPasswordIsMaskedWhole() {
    // an unencoded '/', '@' or space in the password: nothing of it may show
    assertThat(UrlSecrets.mask("http://u:pa/ss@host")).isEqualTo("http://u:****@host");
    assertThat(UrlSecrets.mask("http://u:p@ss w@host/x")).isEqualTo("http://u:****@host/x");
    assertThat(UrlSecrets.mask("http://u:p@ss@host")).isEqualTo("http://u:****@host");
  }

  @Test
  void maskingTwiceChangesNothing() {
    String once = UrlSecrets.mask("http://user:pass@host");
    assertThat(UrlSecrets.mask(once)).isEqualTo(once);
  }

  @Test
  void maskAllHidesTheQueryAndFragmentBesideTheUserInfo() {
    assertThat(UrlSecrets.maskAll("http://127.0.0.1:18001/?api_key=QSECRET3"))
        .isEqualTo("http://127.0.0.1:18001/?****");
    assertThat(UrlSecrets.maskAll("http://127.0.0.1:18011?key=QSECRET2"))
        .isEqualTo("http://127.0.0.1:18011?****");
    assertThat(UrlSecrets.maskAll("https://u:pw@host/v1#tok=QSECRET"))
        .isEqualTo("https://u:****@host/v1#****");
    // unparseable text: still nothing after the first '?'
    assertThat(UrlSecrets.maskAll("http://u:p@h:1/ x?api_key=QSECRET3"))
        .isEqualTo("http://u:****@h:1/ x?****");
    assertThat(UrlSecrets.maskAll("http://host:8001/v1")).isEqualTo("http://host:8001/v1");
    assertThat(UrlSecrets.maskAll(null)).isNull();
  }
}
