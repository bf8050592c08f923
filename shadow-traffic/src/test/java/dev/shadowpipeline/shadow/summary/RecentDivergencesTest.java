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

  @Test
  void scalarValuesReadAsTheirJsonTextWithoutASerializer() throws Exception {
    // the fast path must give what serializing the node gives (its compact JSON), for every kind of
    // scalar a record can hold; containers and non-finite numbers take the serializer
    JsonNode values =
        JSON.readTree(
            "[0, -0.0, 1.5, -1e300, 4.9e-324, 12345678901234567890, 3.14159265358979323846, 1E+2,"
                + " true, false, null, {\"a\":[1,2]}, [\"x\"], 9223372036854775807]");
    java.util.List<JsonNode> all = new java.util.ArrayList<>();
    values.forEach(all::add);
    all.add(com.fasterxml.jackson.databind.node.DoubleNode.valueOf(Double.NaN));
    all.add(com.fasterxml.jackson.databind.node.FloatNode.valueOf(Float.NEGATIVE_INFINITY));
    all.add(com.fasterxml.jackson.databind.node.FloatNode.valueOf(0.1f));
    all.add(
        com.fasterxml.jackson.databind.node.DecimalNode.valueOf(new java.math.BigDecimal("1E-7")));
    all.add(com.fasterxml.jackson.databind.node.ShortNode.valueOf((short) -7));
    for (JsonNode v : all) {
      assertThat(RecentDivergences.compact(v)).as("%s", v.getNodeType()).isEqualTo(v.toString());
    }
  }
}
