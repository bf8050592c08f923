package dev.shadowpipeline.report.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A trace URL template is written into shared reports: credentials in it are refused, never echoed. */
class TraceLinkTest {

  private static final String ID = "0123456789abcdef0123456789abcdef";

  @Test
  void aUserInfoIsRefusedAndMaskedInTheMessage() {
    assertThatThrownBy(() -> new TraceLink("http://user:pw@jaeger/{trace_id}?token=SECRETTOK"))
        .hasMessageContaining("user:****@jaeger")
        .hasMessageNotContaining("pw@")
        .hasMessageNotContaining("SECRETTOK");
    assertThatThrownBy(() -> new TraceLink("https://tok123@jaeger/{trace_id}"))
        .hasMessageNotContaining("tok123");
  }

  @Test
  void aParameterNamedLikeACredentialIsRefused() {
    for (String template :
        new String[] {
          "https://j/trace/{trace_id}?token=S3CR",
          "https://j/trace/{trace_id}?a=1&API-KEY=S3CR",
          "https://j/trace/{trace_id}?sig=S3CR",
          "https://j/trace/{trace_id}?access_token=S3CR",
          "https://kibana/app/apm#/traces?x=1&password=S3CR&t={trace_id}"
        }) {
      assertThatThrownBy(() -> new TraceLink(template))
          .as(template)
          .hasMessageContaining("must not hold credentials")
          .hasMessageNotContaining("S3CR");
    }
  }

  @Test
  void ordinaryQueriesSuchAsGrafanasAreKept() {
    String grafana =
        "https://grafana/explore?orgId=1&left=%7B%22queries%22:%5B%7B%22query%22:%22{trace_id}%22%7D%5D%7D";
    assertThat(new TraceLink(grafana).href(ID))
        .contains("%22" + ID + "%22")
        .startsWith(grafana.substring(0, 30));
    assertThat(new TraceLink("https://jaeger/trace/{trace_id}?uiEmbed=v0").href(ID))
        .isEqualTo("https://jaeger/trace/" + ID + "?uiEmbed=v0");
    // an '@' in the path is not a user-info
    assertThat(new TraceLink("https://j/@team/{trace_id}").href(ID))
        .isEqualTo("https://j/@team/" + ID);
  }

  @Test
  void otherRefusalsDoNotEchoTheQuery() {
    assertThatThrownBy(() -> new TraceLink("https://j/trace/?token=S3CR"))
        .hasMessageContaining("{trace_id}")
        .hasMessageNotContaining("S3CR");
    assertThatThrownBy(() -> new TraceLink("ftp://u:pw@j/{trace_id}"))
        .hasMessageNotContaining("pw");
  }
}
