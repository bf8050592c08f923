package dev.shadowpipeline.shadow.compare.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Verdict;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  private static ResponseComparator named(String name) {
    return new ResponseComparator() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Verdict compare(Answer primary, Answer shadow) {
        return new Verdict(name, true, List.of(), 0);
      }
    };
  }

  @Test
  void pathPatterns() {
    assertThat(PathPattern.parse("/predict").matches("/predict")).isTrue();
    assertThat(PathPattern.parse("/predict").matches("/predict/")).isTrue();
    assertThat(PathPattern.parse("/predict").matches("/predict/x")).isFalse();
    assertThat(PathPattern.parse("/v1/chat/*").matches("/v1/chat/completions")).isTrue();
    assertThat(PathPattern.parse("/v1/chat/*").matches("/v1/chat")).isFalse();
    assertThat(PathPattern.parse("/search/**").matches("/search")).isTrue();
    assertThat(PathPattern.parse("/search/**").matches("/search/a/b")).isTrue();
    assertThat(PathPattern.parse("/**").matches("/anything/at/all")).isTrue();
    assertThatThrownBy(() -> PathPattern.parse("predict"))
        .hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> PathPattern.parse("/a/**/b")).hasMessageContaining("may only end");
  }

  @Test
  void firstMatchingRouteWinsElseTheFallback() {
    RouteTable table =
        new RouteTable(
            List.of(
                new Route(
                    PathPattern.parse("/predict"),
                    Set.of("post"),
                    List.of(named("label"), named("score"))),
                new Route(PathPattern.parse("/**"), Set.of("GET"), List.of(named("ranking")))),
            List.of(named("json")));
    assertThat(table.comparatorsFor("POST", "/predict"))
        .extracting(ResponseComparator::name)
        .containsExactly("label", "score");
    assertThat(table.comparatorsFor("GET", "/predict"))
        .extracting(ResponseComparator::name)
        .containsExactly("ranking");
    assertThat(table.comparatorsFor("PUT", "/other"))
        .extracting(ResponseComparator::name)
        .containsExactly("json");
  }
}
