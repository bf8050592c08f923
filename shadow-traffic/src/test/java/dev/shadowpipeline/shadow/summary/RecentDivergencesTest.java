package dev.shadowpipeline.shadow.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The live page's latest diverging pairs: newest first, only diverging ones, bounded, values cut. */
class RecentDivergencesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode record(int i, boolean match, String shadowValue) throws Exception {
    ObjectNode r =
        (ObjectNode)
            JSON.readTree(
                "{\"id\":\"r"
                    + i
                    + "\",\"time\":\"2026-11-30T04:00:0"
                    + (i % 10)
                    + "Z\",\"method\":\"POST\",\"path\":\"/predict\",\"query\":\"api_key=****\","
                    + "\"verdict\":{\"match\":"
                    + match
                    + ",\"severity\":\"critical\",\"differences\":[]}}");
    if (!match) {
      for (int d = 0; d < 7; d++) {
        ObjectNode diff =
            ((com.fasterxml.jackson.databind.node.ArrayNode) r.at("/verdict/differences"))
                .addObject();
        diff.put("kind", "value_changed");
        diff.put("path", "/label" + d);
        diff.put("primary", "approve");
        diff.put("shadow", shadowValue);
        diff.put("severity", "critical");
      }
    }
    return r;
  }

  @Test
  void keepsTheLatestDivergingPairsNewestFirst() throws Exception {
    RecentDivergences recent = new RecentDivergences();
    for (int i = 0; i < 30; i++) {
      recent.accept(record(i, i % 3 == 0, "reject")); // every third pair agrees
    }
    // 20 diverging pairs of 30 in all; the 20 kept are the latest of them, newest first
    assertThat(recent.size()).isEqualTo(RecentDivergences.MAX_PAIRS);
    assertThat(recent.ids().get(0)).isEqualTo("r29");
    assertThat(recent.ids()).doesNotContain("r27", "r24", "r0").contains("r28", "r1");
    assertThat(recent.ids()).doesNotContain("r0", "r3");

    JsonNode json = recent.toJson(JSON);
    assertThat(json).hasSize(20);
    JsonNode first = json.get(0);
    assertThat(first.get("uri").asText()).isEqualTo("/predict?api_key=****");
    assertThat(first.get("severity").asText()).isEqualTo("critical");
    assertThat(first.get("differences")).hasSize(RecentDivergences.MAX_DIFFERENCES);
    assertThat(first.at("/differences/0/primary").asText()).isEqualTo("approve");
    assertThat(first.at("/differences/0/shadow").asText()).isEqualTo("reject");
  }

  @Test
  void longValuesAreCut() throws Exception {
    RecentDivergences recent = new RecentDivergences();
    recent.accept(record(1, false, "x".repeat(10_000)));
    String shadow = recent.toJson(JSON).at("/0/differences/0/shadow").asText();
    assertThat(shadow).hasSize(RecentDivergences.MAX_VALUE_CHARS).endsWith("…");
  }
}
