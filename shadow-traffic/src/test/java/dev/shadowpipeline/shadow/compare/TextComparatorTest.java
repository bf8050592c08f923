package dev.shadowpipeline.shadow.compare;

import static dev.shadowpipeline.shadow.compare.Pairs.failed;
import static dev.shadowpipeline.shadow.compare.Pairs.lines;
import static dev.shadowpipeline.shadow.compare.Pairs.metric;
import static dev.shadowpipeline.shadow.compare.Pairs.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.TextComparator.Metric;
import dev.shadowpipeline.shadow.compare.TextComparator.Spec;
import dev.shadowpipeline.shadow.compare.TextComparator.Texts;
import dev.shadowpipeline.shadow.compare.text.TextSimilarity;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextComparatorTest {

  private final TextComparator defaults = new TextComparator(Spec.defaults());

  private static String chat(String content) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("id", "chatcmpl-1").put("object", "chat.completion");
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", content);
    body.putObject("usage").put("total_tokens", 42);
    return body.toString();
  }

  @Test
  void tokensAreLowerCasedRunsOfLettersAndDigits() {
    assertThat(TextSimilarity.tokens("Don't panic! It's 42°C, naïve Ωmega."))
        .containsExactly("don", "t", "panic", "it", "s", "42", "c", "naïve", "ωmega");
    assertThat(TextSimilarity.tokens("  ... ")).isEmpty();
    assertThat(TextSimilarity.tokens("")).isEmpty();
  }

  @Test
  void oneWordChangedByHand() {
    // A = the cat sat on the mat (m = 6), B = the cat lay on the mat (n = 6)
    // LCS = "the cat on the mat" = 5; ROUGE-L F1 = 2·5/(6+6) = 0.8333...
    // tf A = {the 2, cat 1, sat 1, on 1, mat 1}, tf B = {the 2, cat 1, lay 1, on 1, mat 1}
    // cosine = (2·2 + 1 + 1 + 1) / (sqrt(8)·sqrt(8)) = 7/8 = 0.875
    Verdict v =
        defaults.compare(ok(chat("The cat sat on the mat")), ok(chat("The cat lay on the mat.")));
    assertThat(metric(v, "rouge_l")).isCloseTo(10.0 / 12, within(1e-15));
    assertThat(metric(v, "token_cosine")).isCloseTo(0.875, within(1e-15));
    assertThat(v.match()).isTrue();
    assertThat(v.observations())
        .extracting(Observation::key)
        .containsExactly(
            "text:/choices/0/message/content:token_cosine",
            "text:/choices/0/message/content:rouge_l");
  }

  @Test
  void reorderedAnswerByHand() {
    // A = paris is the capital of france, B = the capital of france is paris (m = n = 6)
    // LCS = "the capital of france" = 4; ROUGE-L = 2·4/12 = 0.6667; same bag of words: cosine = 1
    Verdict v =
        defaults.compare(
            ok(chat("Paris is the capital of France.")),
            ok(chat("The capital of France is Paris.")));
    assertThat(metric(v, "rouge_l")).isCloseTo(8.0 / 12, within(1e-15));
    assertThat(metric(v, "token_cosine")).isCloseTo(1.0, within(1e-15));
    assertThat(v.match()).isTrue();
    // a b c against c b a: LCS 1, ROUGE-L 2·1/6 = 0.3333 < 0.5 -> diverges; cosine 1
    Verdict w = defaults.compare(ok(chat("a b c")), ok(chat("c b a")));
    assertThat(lines(w))
        .containsExactly("TEXT_SIMILARITY /choices/0/message/content warning rouge_l 0.3333 < 0.5");
    assertThat(w.differences().get(0).primary().asText()).isEqualTo("a b c");
    assertThat(w.differences().get(0).shadow().asText()).isEqualTo("c b a");
    // deciding on cosine instead: 1 >= 0.9
    TextComparator byCosine =
        new TextComparator(Spec.defaults().withDecision(Metric.TOKEN_COSINE, 0.9));
    assertThat(byCosine.compare(ok(chat("a b c")), ok(chat("c b a"))).match()).isTrue();
  }

  @Test
  void unequalLengthsByHand() {
    // A = yes (m = 1), B = yes it is (n = 3): LCS 1, ROUGE-L = 2/(1+3) = 0.5 (R = 1, P = 1/3,
    // 2RP/(R+P) = 0.5)
    // cosine = 1 / (1 · sqrt(3)) = 0.57735
    List<String> a = TextSimilarity.tokens("Yes");
    List<String> b = TextSimilarity.tokens("Yes, it is.");
    assertThat(TextSimilarity.rougeL(a, b)).isEqualTo(0.5);
    assertThat(TextSimilarity.tokenCosine(a, b)).isCloseTo(1 / Math.sqrt(3), within(1e-15));
    assertThat(
            TextSimilarity.lcsLength(
                TextSimilarity.tokens("a b c b d a b"), TextSimilarity.tokens("b d c a b a")))
        .isEqualTo(4); // the textbook example (CLRS 15.4): "b c b a"
  }

  @Test
  void identicalAndEmptyTexts() {
    Verdict same = defaults.compare(ok(chat("Hello, world")), ok(chat("hello world!")));
    assertThat(metric(same, "rouge_l")).isEqualTo(1.0);
    assertThat(metric(same, "token_cosine")).isEqualTo(1.0);
    Verdict bothEmpty = defaults.compare(ok(chat("")), ok(chat("  ")));
    assertThat(bothEmpty.match()).isTrue();
    assertThat(metric(bothEmpty, "rouge_l")).isEqualTo(1.0);
    Verdict oneEmpty = defaults.compare(ok(chat("An answer")), ok(chat("")));
    assertThat(metric(oneEmpty, "rouge_l")).isZero();
    assertThat(metric(oneEmpty, "token_cosine")).isZero();
    assertThat(oneEmpty.match()).isFalse();
  }

  @Test
  void findsLegacyCompletionsJsonStringsAndWholeBodies() {
    Verdict completion =
        defaults.compare(
            ok("{\"choices\":[{\"text\":\"one two\"}]}"),
            ok("{\"choices\":[{\"text\":\"one two\"}]}"));
    assertThat(completion.observations().get(0).path()).isEqualTo("/choices/0/text");
    Verdict string = defaults.compare(ok("\"one two\""), ok("\"one three\""));
    assertThat(string.observations().get(0).path()).isEmpty();
    assertThat(metric(string, "rouge_l")).isEqualTo(0.5); // LCS 1, 2·1/(2+2)
    Verdict plain = defaults.compare(ok("plain text answer"), ok("plain text reply"));
    assertThat(metric(plain, "rouge_l")).isCloseTo(4.0 / 6, within(1e-15)); // LCS 2, 2·2/(3+3)
  }

  @Test
  void aStreamedAnswerIsJoinedFromItsChunks() {
    String sse =
        """
        data: {"choices":[{"index":0,"delta":{"role":"assistant"}}]}

        data: {"choices":[{"index":0,"delta":{"content":"The cat "}}]}

        data: {"choices":[{"index":0,"delta":{"content":"sat."}}]}

        data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

        data: [DONE]

        """;
    Verdict v = defaults.compare(ok(chat("the cat sat")), Pairs.answer(200, sse, 5));
    assertThat(v.match()).isTrue();
    assertThat(metric(v, "rouge_l")).isEqualTo(1.0);
    assertThat(v.observations().get(0).path()).isEqualTo(TextComparator.CHAT_CONTENT);
    assertThat(defaults.texts(ok(sse), ok(sse)))
        .contains(new Texts(TextComparator.CHAT_CONTENT, "The cat sat.", "The cat sat."));
    // text that merely starts with "data:" is compared whole
    Verdict plain = defaults.compare(ok("data: none here"), ok("data: none here"));
    assertThat(plain.observations().get(0).path()).isEmpty();
  }

  @Test
  void aConfiguredPointerWins() {
    TextComparator c = new TextComparator(Spec.defaults().withPointer("/summary"));
    Verdict v =
        c.compare(ok("{\"summary\":\"short\",\"choices\":[]}"), ok("{\"summary\":\"short\"}"));
    assertThat(v.match()).isTrue();
    assertThat(v.observations().get(0).path()).isEqualTo("/summary");
    assertThat(
            lines(
                c.compare(ok("{\"summary\":\"short\"}"), ok("{\"summary\":{\"text\":\"short\"}}"))))
        .containsExactly(
            "OUTPUT_MISSING /summary warning shadow output at '/summary' is a JSON object, expected a string");
  }

  @Test
  void anOpenAiAnswerAgainstSomethingElseIsMissingOutput() {
    assertThat(lines(defaults.compare(ok(chat("hi")), ok("{\"error\":\"quota\"}"))))
        .containsExactly(
            "OUTPUT_MISSING /choices/0/message/content warning shadow output at '/choices/0/message/content' is a JSON "
                + "object, expected an OpenAI-compatible response on both sides");
    String toolCall =
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[]}}]}";
    assertThat(lines(defaults.compare(ok(toolCall), ok(chat("hi")))))
        .singleElement()
        .asString()
        .startsWith(
            "OUTPUT_MISSING /choices/0/message/content warning primary output at "
                + "'/choices/0/message/content' is a JSON null");
    assertThat(defaults.compare(ok(toolCall), ok(toolCall)).match()).isTrue();
    assertThat(defaults.texts(ok(toolCall), ok(chat("hi")))).isEmpty();
  }

  @Test
  void textsGivesWhatWasCompared() {
    assertThat(defaults.texts(ok(chat("a")), ok(chat("b"))))
        .contains(new Texts("/choices/0/message/content", "a", "b"));
    assertThat(defaults.texts(ok(chat("a")), failed(ErrorKind.TIMEOUT))).isEmpty();
  }

  @Test
  void onlyTheFirstMaxTokensAreCompared() {
    TextComparator c = new TextComparator(Spec.defaults().withMaxTokens(2));
    assertThat(metric(c.compare(ok(chat("a b c d")), ok(chat("a b x y"))), "rouge_l"))
        .isEqualTo(1.0);
  }

  @Test
  void longTextsAreClippedInTheDifference() {
    String longText = "word ".repeat(1000);
    Verdict v = defaults.compare(ok(chat(longText)), ok(chat("other")));
    assertThat(v.differences().get(0).primary().asText())
        .hasSize(TextComparator.MAX_VALUE_CHARS + 1)
        .endsWith("…");
  }

  @Test
  void saysNothingWhenASideFailed() {
    Verdict v = defaults.compare(failed(ErrorKind.TIMEOUT), ok(chat("x")));
    assertThat(v.match()).isTrue();
    assertThat(v.observations()).isEmpty();
  }

  @Test
  void badConfigurationIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> Spec.defaults().withDecision(Metric.ROUGE_L, -0.1))
        .hasMessage("text threshold must be between 0 and 1: -0.1");
    assertThatThrownBy(() -> Spec.defaults().withMaxTokens(0))
        .hasMessage("text maxTokens must be at least 1: 0");
    assertThatThrownBy(() -> Metric.parse("bleu"))
        .hasMessage("unknown text metric 'bleu' (expected token_cosine or rouge_l)");
    assertThat(Metric.parse("ROUGE-L")).isEqualTo(Metric.ROUGE_L);
  }
}
