package dev.shadowpipeline.shadow.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.shadow.compare.embedding.EmbeddingClient;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The judge's and the embeddings' base URLs: the client appends a path, so a query is refused unechoed. */
class JudgeConfigTest {

  @Test
  void aJudgeUrlWithAQueryOrFragmentIsRefusedWithoutEchoingIt() {
    // the path used to be glued after the query: POST /?key=QSECRET2/v1/chat/completions
    assertThatThrownBy(
            () -> JudgeConfig.of(URI.create("http://127.0.0.1:18011?key=QSECRET2"), "m", null))
        .hasMessageContaining("query or fragment")
        .hasMessageContaining("http://127.0.0.1:18011?****")
        .hasMessageNotContaining("QSECRET2");
    assertThatThrownBy(
            () -> JudgeConfig.of(URI.create("http://u:pw@h:1/v1#key=QSECRET2"), "m", null))
        .hasMessageContaining("u:****@h")
        .hasMessageNotContaining("QSECRET2")
        .hasMessageNotContaining("pw");
  }

  @Test
  void theEndpointFollowsTheBasePath() {
    assertThat(JudgeConfig.of(URI.create("http://h:1/v1/"), "m", null).endpoint())
        .isEqualTo(URI.create("http://h:1/v1/chat/completions"));
    assertThat(JudgeConfig.of(URI.create("http://u:pw@h:1"), "m", null).toString())
        .doesNotContain("pw");
  }

  @Test
  void anEmbeddingsBaseWithAQueryIsRefusedToo() {
    assertThatThrownBy(
            () ->
                EmbeddingClient.Config.of(
                    URI.create("http://h:1/?api_key=QSECRET2"), null, "text-embedding-3-small"))
        .hasMessageContaining("query or fragment")
        .hasMessageNotContaining("QSECRET2");
  }
}
