package dev.shadowpipeline.demo.chat;

import static dev.shadowpipeline.demo.chat.LexicalSimilarity.rougeLF1;
import static dev.shadowpipeline.demo.chat.LexicalSimilarity.tokenCosine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatCatalogTest {

  @Test
  void theCatalogHasTheDesignedProportions() {
    assertThat(ChatCatalog.entries()).hasSize(40);
    assertThat(ChatCatalog.counts())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(Agreement.IDENTICAL, 12, Agreement.PARAPHRASED, 24, Agreement.DIFFERENT, 4));
    assertThat(
            ChatCatalog.entries().stream()
                .filter(e -> e.agreement() == Agreement.DIFFERENT)
                .map(CannedAnswer::prompt))
        .containsExactly(
            "What is the fee for an international wire transfer?",
            "How can I dispute a transaction on my card?",
            "What happens if I overdraw my account?",
            "What credit score do I need for a mortgage?");
  }

  @Test
  void paraphrasesShareMeaningButOnlyModeratelyTheirWords() {
    // measured on this catalog: token cosine 0.52..0.83, ROUGE-L F1 0.32..0.64; the bands leave a
    // little margin
    for (CannedAnswer e : entries(Agreement.PARAPHRASED)) {
      assertThat(tokenCosine(e.v1Answer(), e.v2Answer())).as(e.prompt()).isBetween(0.5, 0.85);
      assertThat(rougeLF1(e.v1Answer(), e.v2Answer())).as(e.prompt()).isBetween(0.3, 0.65);
    }
  }

  @Test
  void aRefusalAndAnOffTopicAnswerAreLexicallyFarButWrongFiguresAreNot() {
    assertThat(
            tokenCosine(
                v1("How can I dispute a transaction on my card?"),
                v2("How can I dispute a transaction on my card?")))
        .isLessThan(0.1);
    assertThat(
            tokenCosine(
                v1("What credit score do I need for a mortgage?"),
                v2("What credit score do I need for a mortgage?")))
        .isLessThan(0.3);
    // The hard cases, on purpose: a wrong fee or policy in otherwise familiar words scores like a
    // paraphrase (or
    // better) on lexical measures. A comparator that only counts shared words cannot catch them.
    assertThat(
            tokenCosine(
                v1("What is the fee for an international wire transfer?"),
                v2("What is the fee for an international wire transfer?")))
        .isGreaterThan(0.85);
    assertThat(
            tokenCosine(
                v1("What happens if I overdraw my account?"),
                v2("What happens if I overdraw my account?")))
        .isBetween(0.6, 0.75);
  }

  @Test
  void promptsAreFoundIgnoringCasePunctuationAndSpacing() {
    assertThat(ChatCatalog.find("  how do i change my   PIN"))
        .map(CannedAnswer::prompt)
        .contains("How do I change my PIN?");
    assertThat(ChatCatalog.find("How do I change my PIN, please?")).isEmpty();
  }

  @Test
  void unknownPromptsGetAGenericButStableAnswerThatEachModelWordsItsOwnWay() {
    String v1 = ChatModel.V1.answer("What is the meaning of life?");
    assertThat(v1).isEqualTo(ChatModel.V1.answer("Tell me a joke")).contains("rephrase");
    assertThat(ChatModel.V2.answer("Tell me a joke")).isNotEqualTo(v1).contains("rephrase");
  }

  @Test
  void theCandidateGeneratesFaster() {
    for (CannedAnswer e : ChatCatalog.entries()) {
      int tokens = ChatModel.tokens(e.v1Answer());
      assertThat(ChatModel.V2.generationTime(tokens))
          .isLessThan(ChatModel.V1.generationTime(tokens));
    }
    // 20 ms to the first token + 0.5 ms per token; 8 ms + 0.15 ms per token
    assertThat(ChatModel.V1.generationTime(40).toMillis()).isEqualTo(40);
    assertThat(ChatModel.V2.generationTime(40).toMillis()).isEqualTo(14);
  }

  @Test
  void aMislabelledEntryIsRejected() {
    assertThatThrownBy(() -> new CannedAnswer("q", "same", "same", Agreement.PARAPHRASED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IDENTICAL");
  }

  @Test
  void promptsAreTheSameForTheSameSeedAndCoverTheCatalogInProportion() {
    assertThat(ChatPrompts.bodies(7, 50))
        .isEqualTo(ChatPrompts.bodies(7, 50))
        .isNotEqualTo(ChatPrompts.bodies(8, 50));
    ChatPrompts prompts = new ChatPrompts(42);
    Map<Agreement, Integer> seen = new EnumMap<>(Agreement.class);
    for (int i = 0; i < 10_000; i++) {
      seen.merge(prompts.nextEntry().agreement(), 1, Integer::sum);
    }
    // expected 3,000 / 6,000 / 1,000; a binomial's standard deviation here is at most 50
    assertThat(seen.get(Agreement.IDENTICAL)).isBetween(2_800, 3_200);
    assertThat(seen.get(Agreement.PARAPHRASED)).isBetween(5_800, 6_200);
    assertThat(seen.get(Agreement.DIFFERENT)).isBetween(850, 1_150);
  }

  private static List<CannedAnswer> entries(Agreement a) {
    return ChatCatalog.entries().stream().filter(e -> e.agreement() == a).toList();
  }

  private static String v1(String prompt) {
    return ChatCatalog.find(prompt).orElseThrow().v1Answer();
  }

  private static String v2(String prompt) {
    return ChatCatalog.find(prompt).orElseThrow().v2Answer();
  }
}
