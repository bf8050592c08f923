package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Jackson's parse errors as a user reads them: its words, without the notice about a source it leaves out. */
class JsonErrorTextTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void aRecordCutShortNamesTheColumnItStartedAt() {
    // a records.jsonl line cut where a proxy stopped writing
    assertThat(JsonErrorText.of(parseError("{\"verdict\": {\"severity\": \"info\"")))
        .isEqualTo(
            "Unexpected end-of-input: expected close marker for Object (start marker at column 13)");
  }

  @Test
  void pastTheFirstLineTheLineIsNamedToo() {
    assertThat(JsonErrorText.of(parseError("{\"entries\":\n  [1,\n  {\"a\": 2")))
        .isEqualTo(
            "Unexpected end-of-input: expected close marker for Object (start marker at line 3,"
                + " column 3)");
  }

  @Test
  void messagesWithoutALocationAreJacksonsFirstLine() {
    assertThat(JsonErrorText.of(parseError("{\"a\": tru}")))
        .isEqualTo(
            "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token"
                + " 'null', 'true' or 'false')");
    assertThat(JsonErrorText.clean(null)).isEqualTo("malformed JSON");
  }

  private JsonProcessingException parseError(String json) {
    return catchThrowableOfType(JsonProcessingException.class, () -> mapper.readTree(json));
  }
}
