package dev.shadowpipeline.app.shadowtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.Observation;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.TextComparator;
import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import dev.shadowpipeline.shadow.compare.semantic.SemanticComparator;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.Header;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code compare: semantic:} and {@code type: semantic} from the config file. The app module has no model on its class
 * path (the {@code semantic/} module is not a dependency of it), which is also how a missing model looks in use.
 */
class SemanticConfigTest {

  static ComparisonRules noFlags() {
    return new ComparisonRules(
        null,
        List.of(),
        null,
        0,
        null,
        null,
        null,
        0,
        null,
        0,
        Duration.ofSeconds(30),
        List.of(),
        "mask",
        List.of(),
        List.of(),
        List.of(),
        1000,
        null);
  }

  static RouteTable table(String yaml) {
    ConfigFile file = ConfigFile.parse(Path.of("shadow.yaml"), yaml, Map.of(), w -> {});
    return (RouteTable)
        ComparisonSetup.build(noFlags(), file, 1e-6, List.of(), List.of(), Map.of()).comparator();
  }

  static List<ResponseComparator> chatRoute(RouteTable t) {
    return t.comparatorsFor("POST", "/v1/chat/completions");
  }

  @Test
  void enabledAddsASemanticComparatorAfterEachTextComparatorWithItsPointer() {
    RouteTable t =
        table(
            """
            compare:
              semantic: {enabled: true, min: 0.7, severity: critical, queue: 8, max-wait: 2s}
              routes:
                - path: /v1/chat/*
                  comparators:
                    - {type: text, pointer: /answer}
                - path: /predict
                  comparators:
                    - {type: label, pointer: /decision}
            """);
    List<ResponseComparator> chat = chatRoute(t);
    int text = indexOf(chat, TextComparator.class);
    assertThat(chat.get(text + 1)).isInstanceOf(SemanticComparator.class);
    SemanticComparator semantic = (SemanticComparator) chat.get(text + 1);
    assertThat(semantic.spec())
        .isEqualTo(new SemanticComparator.Spec("/answer", 0.7, Severity.CRITICAL));
    assertThat(semantic.engine().settings().queuePairs()).isEqualTo(8);
    assertThat(semantic.engine().settings().maxWait()).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.comparatorsFor("POST", "/predict"))
        .noneMatch(c -> c instanceof SemanticComparator);
  }

  @Test
  void aRouteMayListItsOwnAndIsNotGivenASecond() {
    RouteTable t =
        table(
            """
            compare:
              semantic: {enabled: true}
              routes:
                - path: /v1/chat/*
                  comparators:
                    - {type: text}
                    - {type: semantic, pointer: auto, min: 0.5}
            """);
    List<ResponseComparator> semantic =
        chatRoute(t).stream().filter(c -> c instanceof SemanticComparator).toList();
    assertThat(semantic).hasSize(1);
    assertThat(((SemanticComparator) semantic.get(0)).spec())
        .isEqualTo(new SemanticComparator.Spec(null, 0.5, Severity.WARNING));
  }

  @Test
  void withoutEnabledOnlyListedOnesExist() {
    RouteTable t =
        table(
            """
            compare:
              routes:
                - path: /v1/chat/*
                  comparators:
                    - {type: text}
            """);
    assertThat(chatRoute(t)).noneMatch(c -> c instanceof SemanticComparator);
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> table("compare:\n  semantic: {batch: 0}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("compare.semantic.batch");
    assertThatThrownBy(() -> table("compare:\n  semantic: {enabled: maybe}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("compare.semantic.enabled");
    assertThatThrownBy(
            () ->
                table(
                    """
                    compare:
                      routes:
                        - path: /x
                          comparators:
                            - {type: semantic, min: 2}
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("min");
    assertThatThrownBy(
            () ->
                table(
                    """
                    compare:
                      routes:
                        - path: /x
                          comparators:
                            - {type: semantics}
                    """))
        .hasMessageContaining("known: label, score, ranking, text, semantic, json");
  }

  @Test
  void withoutAModelOnTheClassPathEveryPairIsUnmeasuredNeverANumber() {
    RouteTable t =
        table(
            """
            compare:
              semantic: {enabled: true}
              routes:
                - path: /v1/chat/*
                  comparators:
                    - {type: text, min: 0}
            """);
    SemanticComparator semantic =
        (SemanticComparator)
            chatRoute(t).stream().filter(c -> c instanceof SemanticComparator).findFirst().get();
    ObjectMapper mapper = new ObjectMapper();
    Answer primary = chat(mapper, "Paris is the capital of France.");
    Answer shadow = chat(mapper, "Our revenue grew.");
    Verdict v = semantic.compare(primary, shadow);
    assertThat(v.match()).isTrue();
    assertThat(v.observations())
        .containsExactly(
            Observation.unmeasured(
                "semantic", TextComparator.CHAT_CONTENT, "semantic_cosine", "model_unavailable"));
    assertThat(semantic.engine().stats().problem())
        .isEqualTo(
            "IllegalStateException: no embedding model on the class path (the shadow-semantic module is missing)");
    assertThat(semantic.engine().stats().outcomes()).containsEntry("model_unavailable", 1L);
  }

  static Answer chat(ObjectMapper mapper, String content) {
    String json =
        "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + mapper.valueToTree(content)
            + "}}]}";
    return Answer.of(
        new CapturedResponse(
            200,
            List.of(new Header("Content-Type", "application/json")),
            json.getBytes(StandardCharsets.UTF_8),
            false,
            1_000_000,
            null),
        mapper,
        1 << 20);
  }

  static int indexOf(List<ResponseComparator> list, Class<?> type) {
    for (int i = 0; i < list.size(); i++) {
      if (type.isInstance(list.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + list);
  }
}
