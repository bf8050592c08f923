package dev.shadowpipeline.shadow.suite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * A suite entry's reasons show a difference's two values as Jackson writes them: the shortcut for numbers, booleans
 * and null ({@code asText()}) must give exactly what {@code toString()} (Jackson's serializer, 2.x) gives.
 */
class DescribeValuesTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static String described(JsonNode primary, JsonNode shadow) {
    ObjectNode d = NODES.objectNode();
    d.put("kind", "value_changed");
    d.put("path", "/score");
    d.set("primary", primary);
    d.set("shadow", shadow);
    return SuiteJson.describe(d);
  }

  private static String expected(JsonNode primary, JsonNode shadow) {
    return "value_changed /score: " + cut(primary.toString()) + " -> " + cut(shadow.toString());
  }

  private static String cut(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  @Property(tries = 1000)
  void doublesReadAsJacksonWritesThem(@ForAll double a, @ForAll float b, @ForAll long c) {
    JsonNode p = NODES.numberNode(a);
    JsonNode s = NODES.numberNode(b);
    assertThat(described(p, s)).isEqualTo(expected(p, s));
    JsonNode l = NODES.numberNode(c);
    assertThat(described(l, NODES.numberNode((int) c)))
        .isEqualTo(expected(l, NODES.numberNode((int) c)));
  }

  @Test
  void otherValuesReadAsJacksonWritesThem() {
    JsonNode[] values = {
      NODES.numberNode(new BigDecimal("1.50E+3")),
      NODES.numberNode(new BigInteger("123456789012345678901234567890")),
      NODES.numberNode((short) 7),
      NODES.booleanNode(true),
      NODES.nullNode(),
      NODES.arrayNode().add(1).add("x"),
      NODES.objectNode().put("a", 0.5)
    };
    for (JsonNode p : values) {
      for (JsonNode s : values) {
        assertThat(described(p, s)).isEqualTo(expected(p, s));
      }
    }
  }
}
