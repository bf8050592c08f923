package dev.shadowpipeline.shadow.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tokens from usage or the approximation, and their cost, on plain (not streamed) and streamed answers. */
class LlmAnswerTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final PriceTable PRICES =
      new PriceTable(
          Map.of(
              "gpt-4o", PriceTable.Price.of(2.50, 10.00),
              "small-1", PriceTable.Price.of(0.15, 0.60)));

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  @Test
  void usageOfAPlainAnswerAndItsExactCost() throws Exception {
    JsonNode answer =
        json(
            "{\"model\":\"gpt-4o\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"}}],"
                + "\"usage\":{\"prompt_tokens\":1234,\"completion_tokens\":567,\"total_tokens\":1801}}");
    LlmAnswer a = LlmAnswer.read(answer, null, json("{\"model\":\"gpt-4o\"}"), PRICES);

    assertThat(a.model()).isEqualTo("gpt-4o");
    assertThat(a.inputTokens()).isEqualTo(1234);
    assertThat(a.outputTokens()).isEqualTo(567);
    assertThat(a.estimated()).isFalse();
    // 1234 × 2.50 / 10⁶ + 567 × 10.00 / 10⁶ = (3085 + 5670) / 10⁶ = 0.008755, exactly
    assertThat(a.cost()).isEqualByComparingTo(new BigDecimal("0.008755"));
    assertThat(a.stream()).isNull();
    assertThat(a.outputTokensPerSecond(1_000_000_000L)).isNaN(); // not a stream: no output speed
  }

  @Test
  void streamedUsageAndTheRequestsModelWhenTheAnswersIsNotPriced() throws Exception {
    StreamTiming stream =
        new StreamTiming(
            1_000_000,
            80_000_000,
            260_000_000,
            12,
            10,
            9,
            180_000_000,
            20_000_000,
            20_000_000,
            20_000_000,
            0,
            false,
            new StreamTiming.Usage(40, 10),
            "small-1-2025-01-01",
            41);
    LlmAnswer a =
        LlmAnswer.read(null, stream, json("{\"model\":\"small-1\",\"stream\":true}"), PRICES);
    assertThat(a.model()).isEqualTo("small-1-2025-01-01");
    assertThat(a.pricedModel()).isEqualTo("small-1");
    // 40 × 0.15 / 10⁶ + 10 × 0.60 / 10⁶ = (6 + 6) / 10⁶
    assertThat(a.cost()).isEqualByComparingTo(new BigDecimal("0.000012"));
    // 10 tokens between the first token (80 ms) and the end (280 ms): 10 / 0.2 s
    assertThat(a.outputTokensPerSecond(280_000_000L)).isEqualTo(50.0);
    // every token read in one burst, 0.5 ms from the first to the end: no speed to speak of
    assertThat(a.outputTokensPerSecond(80_500_000L)).isNaN();
  }

  @Test
  void withoutUsageTokensAreApproximatedAndMarked() throws Exception {
    JsonNode answer = json("{\"choices\":[{\"message\":{\"content\":\"abcdefghi\"}}]}"); // 9 chars
    JsonNode request =
        json(
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}]}");
    LlmAnswer a = LlmAnswer.read(answer, null, request, PRICES);
    assertThat(a.estimated()).isTrue();
    assertThat(a.outputTokens()).isEqualTo(3); // ⌈9 / 4⌉
    assertThat(a.inputTokens()).isEqualTo(4); // ⌈("be brief" + "hello" = 13 chars) / 4⌉
    assertThat(a.model()).isEqualTo("gpt-4o");
    // 4 × 2.50 / 10⁶ + 3 × 10.00 / 10⁶ = 40 / 10⁶
    assertThat(a.cost()).isEqualByComparingTo(new BigDecimal("0.00004"));
  }

  @Test
  void aModelMissingFromThePriceTableIsUnpricedNotFree() throws Exception {
    JsonNode answer =
        json(
            "{\"model\":\"mystery\",\"choices\":[{\"text\":\"x\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}");
    LlmAnswer a = LlmAnswer.read(answer, null, json("{\"model\":\"mystery\"}"), PRICES);
    assertThat(a.priced()).isFalse();
    assertThat(a.cost()).isNull();
    assertThat(a.pricedModel()).isNull();
    assertThat(a.inputTokens()).isEqualTo(5);
    assertThat(LlmAnswer.read(answer, null, null, PriceTable.NONE).priced()).isFalse();
  }

  @Test
  void answersThatAreNoLlmAnswersAreNotRead() throws Exception {
    assertThat(LlmAnswer.read(json("{\"label\":\"approve\"}"), null, null, PRICES)).isNull();
    assertThat(LlmAnswer.read(null, null, null, PRICES)).isNull();
    StreamTiming empty =
        new StreamTiming(0, -1, -1, 0, 0, 0, 0, 0, 0, 0, 1, true, StreamTiming.Usage.NONE, null, 0);
    assertThat(LlmAnswer.read(null, empty, null, PRICES)).isNull();
  }

  @Test
  void approximationIsTheCeilingOfAQuarterOfTheCharacters() {
    assertThat(LlmAnswer.approximateTokens(0)).isZero();
    assertThat(LlmAnswer.approximateTokens(1)).isEqualTo(1);
    assertThat(LlmAnswer.approximateTokens(4)).isEqualTo(1);
    assertThat(LlmAnswer.approximateTokens(5)).isEqualTo(2);
  }

  @Test
  void negativeOrNanPricesAreRefused() {
    assertThatThrownBy(() -> PriceTable.Price.of(-1, 2)).hasMessageContaining("at least 0");
    assertThatThrownBy(() -> PriceTable.Price.of(Double.NaN, 2)).hasMessageContaining("at least 0");
  }
}
